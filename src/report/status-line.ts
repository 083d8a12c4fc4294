// The one-line description of lb-gate's commit status: what an engineer sees next to the check
// in the merge box, so the verdict and what it waits for come first.

import type { ApprovalReport, GateResult } from '../gate-types.js';
import { clip, plainText } from './escape.js';
import { approvalsRequired, plural } from './words.js';

/** GitHub truncates commit status descriptions longer than this. */
export const STATUS_DESCRIPTION_MAX = 140;

export const NO_CHANGES_DESCRIPTION = 'no load-balancer config changed';

function verdict(result: GateResult, approvals?: ApprovalReport): string {
  if (result.result === 'fail') return 'fail';
  if (!approvals) return 'pass';
  if (approvals.changesRequested.length > 0) return 'changes requested';
  const missing = approvalsRequired(result, approvals) - approvals.approved;
  return missing > 0 ? `waiting for ${plural(missing, 'more approval', 'more approvals')}` : 'pass';
}

function changesRequestedBy(logins: string[]): string | null {
  if (logins.length === 0) return null;
  const first = plainText(logins[0]).replace(/\s+/g, ' ');
  return logins.length === 1 ? `by ${first}` : `by ${first} +${logins.length - 1}`;
}

/**
 * e.g. `fail · high risk · 1/2 approvals · 2 errors`, `pass · low risk · 2/1 approvals`,
 * `no load-balancer config changed`. Null or an empty result means no LB file changed.
 */
export function statusDescription(result: GateResult | null, approvals?: ApprovalReport): string {
  if (result === null || (result.files.length === 0 && result.findings.length === 0)) return NO_CHANGES_DESCRIPTION;
  const required = approvalsRequired(result, approvals);
  const parts = [verdict(result, approvals), `${result.risk} risk`];
  parts.push(approvals ? `${approvals.approved}/${required} approvals` : `${plural(required, 'approval')} required`);
  if (result.counts.error > 0) parts.push(plural(result.counts.error, 'error'));
  if (result.counts.warning > 0) parts.push(plural(result.counts.warning, 'warning'));
  const by = approvals ? changesRequestedBy(approvals.changesRequested) : null;
  if (by) {
    if (parts[0] === 'changes requested') parts[0] = `changes requested ${by}`;
    else parts.push(`changes requested ${by}`);
  }
  return clip(parts.join(' · '), STATUS_DESCRIPTION_MAX);
}
