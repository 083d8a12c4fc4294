import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/config/defaults.js';
import { applyInputs, printable } from '../../src/github/run.js';

describe('applyInputs', () => {
  it('keeps the policy when no input is set', () => {
    expect(applyInputs(defaultPolicy(), {})).toEqual(defaultPolicy());
  });

  it('lets the approvals input raise the policy minimum, never lower it', () => {
    const policy = { ...defaultPolicy(), approvals: { ...defaultPolicy().approvals, required: 2 } };
    expect(applyInputs(policy, { requiredApprovals: 3 }).approvals.required).toBe(3);
    expect(applyInputs(policy, { requiredApprovals: 1 }).approvals.required).toBe(2);
    expect(applyInputs(policy, { requiredApprovals: 0 }).approvals.required).toBe(2);
  });

  it('replaces paths and fail-on when set', () => {
    const merged = applyInputs(defaultPolicy(), { paths: ['edge/*.cfg'], failOn: 'never' });
    expect(merged.paths).toEqual(['edge/*.cfg']);
    expect(merged.failOn).toBe('never');
    expect(merged.approvals).toEqual(defaultPolicy().approvals);
  });
});

describe('printable', () => {
  it('keeps a path with a newline on one log line', () => {
    expect(printable('lb/x.cfg\n::error::forged')).toBe('lb/x.cfg\\x0a::error::forged');
    expect(printable('lb/haproxy.cfg')).toBe('lb/haproxy.cfg');
  });
});
