// The phrases every report uses for the verdict, the counts and the approvals, so that the
// comment, the terminal output and the commit status say the same thing in the same words.
// Plain text: callers escape for their medium.

import type { FailOn } from '../config/types.js';
import type { Severity } from '../findings.js';
import type { ApprovalReport, GateResult } from '../gate-types.js';

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : pluralForm}`;
}

/** '1 error, 2 warnings, 0 notices'. */
export function countsPhrase(counts: GateResult['counts']): string {
  return [plural(counts.error, 'error'), plural(counts.warning, 'warning'), plural(counts.notice, 'notice')].join(', ');
}

/** The non-zero counts, worst first, e.g. ['1 error', '3 notices'], each passed through `decorate`. */
export function nonZeroCounts(
  counts: GateResult['counts'],
  decorate: (severity: Severity, phrase: string) => string = (_, phrase) => phrase,
): string[] {
  return (['error', 'warning', 'notice'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => decorate(severity, plural(counts[severity], severity)));
}

/** Why the gate passed or failed, in terms of the policy's `failOn`. */
export function failOnPhrase(failOn: FailOn): string {
  switch (failOn) {
    case 'error':
      return 'the policy fails the gate on errors';
    case 'warning':
      return 'the policy fails the gate on warnings and errors';
    case 'never':
      return 'the policy never fails the gate on findings (fail-on: never)';
  }
}

/** How many approvals count against how many are required. */
export function approvalsRequired(result: GateResult, approvals?: ApprovalReport): number {
  return approvals?.required ?? result.requiredApprovals;
}

/** Whether the approvals alone allow the merge: enough counted and nobody requests changes. */
export function approvalsSatisfied(result: GateResult, approvals: ApprovalReport): boolean {
  return approvals.approved >= approvalsRequired(result, approvals) && approvals.changesRequested.length === 0;
}
