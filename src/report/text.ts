// The terminal report of the CLI: the verdict first, then every finding worst first with its
// location, then the before → after traffic of each pool that moved. Plain text without colour
// codes, so it reads the same in a terminal, a log and a pipe.

import { compareFindings, type Finding } from '../findings.js';
import type { ApprovalReport, FileReport, GateResult } from '../gate-types.js';
import { RISK_EXPLANATIONS } from '../risk.js';
import { clipMiddle, plainText } from './escape.js';
import { changedPools, formatChange, formatShare, type PoolTraffic } from './traffic-table.js';
import { approvalsRequired, countsPhrase, failOnPhrase, nonZeroCounts, plural } from './words.js';

export interface TextOptions {
  approvals?: ApprovalReport;
}

/** Longest path or name shown in a column before it is shortened in the middle. */
const MAX_COLUMN = 60;

function oneLine(text: string): string {
  return plainText(text).replace(/\n/g, ' ');
}

/** Rows as left-aligned columns; the last column is not padded. */
function table(rows: string[][], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).trimEnd());
}

function verdict(result: GateResult, approvals?: ApprovalReport): string[] {
  const required = approvalsRequired(result, approvals);
  const lines = [
    `lb-gate: ${result.result === 'pass' ? 'PASS' : 'FAIL'}`,
    `  risk:      ${result.risk} - ${RISK_EXPLANATIONS[result.risk] ?? 'unknown risk level'}`,
  ];
  if (approvals) {
    let line = `  approvals: ${approvals.approved}/${required}`;
    if (approvals.changesRequested.length > 0) {
      line += ` (changes requested by ${approvals.changesRequested.map(oneLine).join(', ')})`;
    }
    lines.push(line);
  } else {
    lines.push(`  approvals: ${plural(required, 'approval')} required`);
  }
  lines.push(`  findings:  ${countsPhrase(result.counts)} (${failOnPhrase(result.failOn)})`);
  return lines;
}

function location(finding: Finding): string {
  const file = clipMiddle(oneLine(finding.file), MAX_COLUMN);
  if (finding.line === null) return file;
  const column = finding.column !== undefined ? `:${finding.column}` : '';
  return `${file}:${finding.line}${column}`;
}

function findingLines(findings: Finding[]): string[] {
  if (findings.length === 0) return ['Findings: none'];
  const sorted = [...findings].sort(compareFindings);
  const columns = [sorted.map((f) => f.severity), sorted.map(location), sorted.map((f) => oneLine(f.rule))];
  const widths = columns.map((column) => column.reduce((w, cell) => Math.max(w, cell.length), 0));
  const lines = [`Findings (${findings.length}):`];
  sorted.forEach((f, i) => {
    const prefix = `  ${columns.map((column, c) => column[i].padEnd(widths[c])).join('  ')}  `;
    // Messages can span lines: continuations are indented under the first one.
    const [first, ...rest] = plainText(f.message).split('\n');
    lines.push(`${prefix}${first}`.trimEnd());
    for (const more of rest) lines.push(`${' '.repeat(prefix.length)}${more}`.trimEnd());
  });
  return lines;
}

function fileStatus(file: FileReport): string {
  const path = clipMiddle(oneLine(file.path), MAX_COLUMN);
  const from = file.previousPath !== undefined ? ` (from ${clipMiddle(oneLine(file.previousPath), MAX_COLUMN)})` : '';
  return `${path}${from}`;
}

function fileLines(files: FileReport[]): string[] {
  if (files.length === 0) return ['No load-balancer config changed.'];
  const rows = files.map((f) => {
    const counts = { error: 0, warning: 0, notice: 0 };
    for (const finding of f.findings) counts[finding.severity]++;
    const summary = nonZeroCounts(counts).join(', ') || 'no findings';
    return [f.status, fileStatus(f), f.format ?? 'unknown format', summary];
  });
  return [`Files (${files.length}):`, ...table(rows, '  ')];
}

function poolLines(pool: PoolTraffic): string[] {
  const header = `  ${clipMiddle(oneLine(pool.file), MAX_COLUMN)}: pool ${clipMiddle(oneLine(pool.pool), MAX_COLUMN)}`;
  const rows = [
    ['member', 'before', '', 'after', 'change'],
    ...pool.members.map((m) => [clipMiddle(oneLine(m.member), MAX_COLUMN), formatShare(m.before), '->', formatShare(m.after), formatChange(m)]),
  ];
  // Right-align the share columns so the percentages line up on the decimal point.
  const widths = [1, 2, 3].map((i) => rows.reduce((w, r) => Math.max(w, r[i].length), 0));
  const aligned = rows.map((r) => [r[0], r[1].padStart(widths[0]), r[2].padStart(widths[1]), r[3].padStart(widths[2]), r[4]]);
  return [header, ...table(aligned, '    ')];
}

function trafficLines(result: GateResult): string[] {
  const pools = changedPools(result.traffic);
  if (pools.length === 0) return [];
  return ['Traffic before -> after (share of each pool\'s requests):', ...pools.flatMap(poolLines)];
}

export function renderText(result: GateResult, opts: TextOptions = {}): string {
  const sections = [verdict(result, opts.approvals), findingLines(result.findings), fileLines(result.files), trafficLines(result)];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n'))
    .join('\n\n')}\n`;
}
