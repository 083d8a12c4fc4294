// Risk: how dangerous a change is, from its findings and its semantic changes, and how many
// approvals that risk requires.

import type { ApprovalPolicy, Risk } from './config/types.js';
import type { Finding } from './findings.js';

export const RISK_EXPLANATIONS: Record<Risk, string> = {
  none: 'no change to how traffic is served (formatting, comments or ordering only)',
  low: 'the load balancer changes, and no rule raised a concern',
  medium: 'rules raised warnings that deserve a careful review',
  high: 'rules found errors that must be fixed or explicitly accepted',
  critical: 'the change takes traffic away from servers or listeners: the classic outage pattern',
};

/**
 * `critical` when an error takes traffic away from members (rules flagged `takesTraffic`),
 * `high` for other errors, `medium` for warnings, `low` for any semantic change, else `none`.
 */
export function deriveRisk(findings: Finding[], semanticChanges: number, takesTraffic: (ruleId: string) => boolean): Risk {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.some((f) => takesTraffic(f.rule))) return 'critical';
  if (errors.length > 0) return 'high';
  if (findings.some((f) => f.severity === 'warning')) return 'medium';
  return semanticChanges > 0 ? 'low' : 'none';
}

export function requiredApprovals(risk: Risk, approvals: ApprovalPolicy): number {
  return Math.max(approvals.required, approvals.byRisk[risk] ?? 0);
}
