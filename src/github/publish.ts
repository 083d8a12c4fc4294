// Everything the action reports on the runner itself: one annotation per finding, the job
// summary, the step outputs and the JSON report file. None of it needs API permissions, so a
// fork PR's read-only token still gets all of it.

import * as core from '@actions/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../findings.js';
import type { ApprovalReport, GateResult } from '../gate-types.js';
import { toJsonReport } from '../report/json.js';
import type { Verdict } from '../verdict.js';

/** The step log stays readable; the summary and the comment list every finding. */
export const MAX_ANNOTATIONS = 50;

export function annotate(findings: Finding[]): void {
  for (const f of findings.slice(0, MAX_ANNOTATIONS)) {
    const props: core.AnnotationProperties = { title: `lb-gate ${f.rule}`, file: f.file };
    if (f.line !== null && f.line > 0) {
      props.startLine = f.line;
      if (f.column !== undefined && f.column > 0) props.startColumn = f.column;
    }
    const emit = f.severity === 'error' ? core.error : f.severity === 'warning' ? core.warning : core.notice;
    emit(f.message, props);
  }
  if (findings.length > MAX_ANNOTATIONS) {
    core.notice(`${findings.length - MAX_ANNOTATIONS} more findings are not annotated here; the job summary lists all ${findings.length}.`);
  }
}

/** The job summary; a summary that cannot be written is a warning, the verdict stands. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info('GITHUB_STEP_SUMMARY is not set; skipping the job summary.');
    return;
  }
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (err) {
    core.warning(`lb-gate could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The report file's name: one per status context, so two lb-gate steps in a job do not clash. */
export function reportFileName(statusContext: string): string {
  const slug = statusContext.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'lb-gate';
  return `${slug}-report.json`;
}

/**
 * Writes the JSON report (the CLI's `--format json` shape) with `result` being the final
 * verdict, approvals included, so a script reading it sees what the check says.
 */
export function writeJsonReport(dir: string, statusContext: string, gate: GateResult, approvals: ApprovalReport, verdict: Verdict): string {
  const report = { ...toJsonReport(gate, { approvals }), result: verdict.result };
  const path = join(dir, reportFileName(statusContext));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  } catch (err) {
    core.warning(`lb-gate could not write the JSON report to ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return '';
  }
  return path;
}

export interface Outputs {
  result: 'pass' | 'fail';
  risk: string;
  requiredApprovals: number;
  approvals: number;
  findings: number;
  report: string;
}

export function setOutputs(o: Outputs): void {
  core.setOutput('result', o.result);
  core.setOutput('risk', o.risk);
  core.setOutput('required-approvals', String(o.requiredApprovals));
  core.setOutput('approvals', String(o.approvals));
  core.setOutput('findings', String(o.findings));
  core.setOutput('report', o.report);
}
