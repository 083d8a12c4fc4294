// The final verdict of a pull request: the gate's findings and the approvals together.
// `fail-on: never` silences findings only; approvals and requests for changes still block,
// because "report only" for findings is not "merge without review".

import type { ApprovalReport, GateResult } from './gate-types.js';

export interface Verdict {
  result: 'pass' | 'fail';
  /** Why it fails, one sentence each; empty when it passes. */
  reasons: string[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function blockingFindings(gate: GateResult): number {
  if (gate.failOn === 'never') return 0;
  return gate.failOn === 'warning' ? gate.counts.error + gate.counts.warning : gate.counts.error;
}

export function finalVerdict(gate: GateResult, approvals: ApprovalReport): Verdict {
  const reasons: string[] = [];
  if (gate.result === 'fail') {
    const n = blockingFindings(gate);
    const level = gate.failOn === 'warning' ? 'errors and warnings' : 'errors';
    reasons.push(
      n > 0
        ? `${plural(n, 'finding')} ${n === 1 ? 'blocks' : 'block'} the merge (fail-on: ${gate.failOn} blocks ${level})`
        : 'the gate found problems that block the merge',
    );
  }
  if (approvals.approved < approvals.required) {
    reasons.push(
      `${approvals.approved} of ${approvals.required} required ${approvals.required === 1 ? 'approval' : 'approvals'}: ` +
        `${gate.risk} risk needs ${plural(approvals.required, 'approval')} from allowed reviewers`,
    );
  }
  if (approvals.changesRequested.length > 0) {
    reasons.push(`changes requested by ${approvals.changesRequested.join(', ')}`);
  }
  return { result: reasons.length > 0 ? 'fail' : 'pass', reasons };
}
