// Findings: what the gate says about a file, with the rule that said it and where.

export type Severity = 'error' | 'warning' | 'notice';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_RANK: Record<Severity, number> = { notice: 0, warning: 1, error: 2 };

export interface Finding {
  rule: string;
  severity: Severity;
  /** What is wrong and why it matters, in words an on-call understands. */
  message: string;
  file: string;
  /** 1-based line in the new file (in the old one for removals); null when no line applies. */
  line: number | null;
  column?: number;
  /** Which version of the file `line` refers to. */
  side?: 'before' | 'after';
}

/** A finding before the policy assigns its severity (rules and parsers produce these). */
export type RawFinding = Omit<Finding, 'severity' | 'rule'> & { rule?: string };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}
