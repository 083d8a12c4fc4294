import { describe, expect, it } from 'vitest';
import type { ApprovalReport, GateResult } from '../src/gate-types.js';
import { finalVerdict } from '../src/verdict.js';

function gate(overrides: Partial<GateResult> = {}): GateResult {
  return {
    result: 'pass',
    risk: 'low',
    requiredApprovals: 1,
    failOn: 'error',
    findings: [],
    files: [],
    traffic: [],
    counts: { error: 0, warning: 0, notice: 0 },
    ...overrides,
  };
}

function approvals(approved: number, required: number, changesRequested: string[] = []): ApprovalReport {
  return { required, approved, changesRequested, reviewers: [] };
}

describe('finalVerdict', () => {
  it('passes a passing gate with enough approvals and nobody requesting changes', () => {
    expect(finalVerdict(gate(), approvals(1, 1))).toEqual({ result: 'pass', reasons: [] });
  });

  it('fails on blocking findings even when approved', () => {
    const v = finalVerdict(gate({ result: 'fail', risk: 'critical', counts: { error: 2, warning: 1, notice: 0 } }), approvals(2, 2));
    expect(v).toEqual({ result: 'fail', reasons: ['2 findings block the merge (fail-on: error blocks errors)'] });
  });

  it('counts warnings as blocking under fail-on warning', () => {
    const v = finalVerdict(gate({ result: 'fail', failOn: 'warning', counts: { error: 0, warning: 1, notice: 3 } }), approvals(1, 1));
    expect(v.reasons).toEqual(['1 finding blocks the merge (fail-on: warning blocks errors and warnings)']);
  });

  it('fails on missing approvals, saying how many of how many', () => {
    const v = finalVerdict(gate({ risk: 'high' }), approvals(1, 2));
    expect(v).toEqual({ result: 'fail', reasons: ['1 of 2 required approvals: high risk needs 2 approvals from allowed reviewers'] });
  });

  it('fails while someone requests changes, even with enough approvals', () => {
    const v = finalVerdict(gate(), approvals(3, 1, ['alice', 'bob']));
    expect(v).toEqual({ result: 'fail', reasons: ['changes requested by alice, bob'] });
  });

  it('with fail-on never, findings do not block but approvals still do', () => {
    const silent = gate({ result: 'pass', failOn: 'never', risk: 'critical', counts: { error: 4, warning: 0, notice: 0 } });
    expect(finalVerdict(silent, approvals(2, 2)).result).toBe('pass');
    expect(finalVerdict(silent, approvals(0, 2)).reasons).toEqual(['0 of 2 required approvals: critical risk needs 2 approvals from allowed reviewers']);
  });

  it('lists every reason when several block', () => {
    const v = finalVerdict(gate({ result: 'fail', counts: { error: 1, warning: 0, notice: 0 } }), approvals(0, 1, ['carol']));
    expect(v.reasons).toHaveLength(3);
  });

  it('passes when no approval is required', () => {
    expect(finalVerdict(gate({ requiredApprovals: 0 }), approvals(0, 0)).result).toBe('pass');
  });
});
