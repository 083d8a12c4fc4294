// The machine-readable report: the CLI's `--format json` output and the file the action writes.
// Its shape is a contract with scripts that consume it, so it is built field by field rather
// than by dumping internal objects.

import type { Finding } from '../findings.js';
import type { ApprovalReport, FileReport, GateResult, TrafficRow } from '../gate-types.js';

export interface JsonOptions {
  approvals?: ApprovalReport;
}

export interface JsonFinding {
  rule: string;
  severity: Finding['severity'];
  message: string;
  file: string;
  line: number | null;
  column?: number;
}

export interface JsonFile {
  path: string;
  previousPath?: string;
  format: FileReport['format'];
  status: FileReport['status'];
  findings: JsonFinding[];
}

export interface JsonReport {
  result: GateResult['result'];
  risk: GateResult['risk'];
  requiredApprovals: number;
  failOn: GateResult['failOn'];
  counts: GateResult['counts'];
  findings: JsonFinding[];
  files: JsonFile[];
  traffic: TrafficRow[];
  approvals?: ApprovalReport;
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    ...(f.column !== undefined ? { column: f.column } : {}),
  };
}

function jsonFile(f: FileReport): JsonFile {
  return {
    path: f.path,
    ...(f.previousPath !== undefined ? { previousPath: f.previousPath } : {}),
    format: f.format,
    status: f.status,
    findings: f.findings.map(jsonFinding),
  };
}

/** A share as JSON can carry it: NaN and infinities (never expected) become null, not a crash. */
function share(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

export function toJsonReport(result: GateResult, opts: JsonOptions = {}): JsonReport {
  const report: JsonReport = {
    result: result.result,
    risk: result.risk,
    requiredApprovals: result.requiredApprovals,
    failOn: result.failOn,
    counts: { error: result.counts.error, warning: result.counts.warning, notice: result.counts.notice },
    findings: result.findings.map(jsonFinding),
    files: result.files.map(jsonFile),
    traffic: result.traffic.map((t) => ({ file: t.file, pool: t.pool, member: t.member, before: share(t.before), after: share(t.after) })),
  };
  if (opts.approvals) {
    const a = opts.approvals;
    report.approvals = {
      required: a.required,
      approved: a.approved,
      changesRequested: [...a.changesRequested],
      reviewers: a.reviewers.map((r) => ({ login: r.login, state: r.state, counted: r.counted, reason: r.reason })),
    };
  }
  return report;
}

/** The JSON report as text: pretty-printed with two spaces and a final newline. */
export function renderJson(result: GateResult, opts: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonReport(result, opts), null, 2)}\n`;
}
