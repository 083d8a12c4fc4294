import { describe, expect, it } from 'vitest';
import type { ApprovalReport } from '../../src/gate-types.js';
import { statusDescription } from '../../src/report/status-line.js';
import { passingResult, sampleApprovals, sampleResult } from './sample-result.js';

const approvals = (approved: number, required: number, changesRequested: string[] = []): ApprovalReport => ({
  required,
  approved,
  changesRequested,
  reviewers: [],
});

describe('statusDescription', () => {
  it('leads with the verdict, then risk, approvals and counts', () => {
    const result = sampleResult();
    result.risk = 'high';
    result.counts = { error: 2, warning: 0, notice: 1 };
    expect(statusDescription(result, approvals(1, 2))).toBe('fail · high risk · 1/2 approvals · 2 errors');
    expect(statusDescription(passingResult(), approvals(2, 1))).toBe('pass · low risk · 2/1 approvals');
  });

  it('says what a passing gate still waits for', () => {
    expect(statusDescription(passingResult(), approvals(0, 2))).toBe('waiting for 2 more approvals · low risk · 0/2 approvals');
    expect(statusDescription(passingResult(), approvals(1, 2))).toBe('waiting for 1 more approval · low risk · 1/2 approvals');
    expect(statusDescription(passingResult(), approvals(2, 1, ['carol', 'dave']))).toBe(
      'changes requested by carol +1 · low risk · 2/1 approvals',
    );
  });

  it('names who requests changes on a failing gate too', () => {
    expect(statusDescription(sampleResult(), sampleApprovals())).toBe(
      'fail · critical risk · 1/2 approvals · 1 error · 1 warning · changes requested by carol',
    );
  });

  it('without an approval report says how many are required', () => {
    expect(statusDescription(passingResult())).toBe('pass · low risk · 1 approval required');
  });

  it('reports no change for null or an empty result', () => {
    const empty = passingResult();
    empty.files = [];
    expect(statusDescription(null)).toBe('no load-balancer config changed');
    expect(statusDescription(empty)).toBe('no load-balancer config changed');
  });

  it('stays within 140 characters with absurd logins', () => {
    const line = statusDescription(sampleResult(), approvals(0, 5, ['x'.repeat(500)]));
    expect(line.length).toBe(140);
    expect(line.endsWith('…')).toBe(true);
    expect(line.startsWith('fail · critical risk · 0/5 approvals')).toBe(true);
  });
});
