// The sticky PR comment and the job summary: the verdict, approvals, findings per file, the
// before → after traffic of every pool that moved, and the text diffs. Both are the same
// document at different size limits; when it does not fit, the least important parts are cut
// first (diffs, charts, unchanged traffic rows, notices, warnings …), each cut is named in the
// document, and errors are the last thing to go.

import { finalVerdict } from '../verdict.js';
import type { Risk } from '../config/types.js';
import { compareFindings, type Finding, type Severity } from '../findings.js';
import type { ApprovalReport, FileReport, GateResult } from '../gate-types.js';
import { RISK_EXPLANATIONS } from '../risk.js';
import { clip, clipMiddle, codeBlock, escapeHtml, escapeInline, escapeTableCell, mermaidLabel } from './escape.js';
import { changedPools, formatChange, formatShare, shareBar, type PoolTraffic } from './traffic-table.js';
import { approvalsRequired, countsPhrase, failOnPhrase, nonZeroCounts, plural } from './words.js';

/** Identifies lb-gate's comment among a PR's comments; always the comment's first line. */
export const COMMENT_MARKER = '<!-- lb-gate:comment -->';
/** GitHub rejects comment bodies over 65,536 characters; keep a margin. */
export const COMMENT_MAX_LENGTH = 65_000;
/** GitHub rejects job summaries over 1 MiB per step. */
export const SUMMARY_MAX_LENGTH = 1_000_000;

export interface CommentOptions {
  approvals?: ApprovalReport;
  /** A custom marker (an HTML comment) for running more than one lb-gate on a repository. */
  marker?: string;
  title?: string;
  runUrl?: string;
  /** Characters; default 65,000. */
  maxLength?: number;
}

export interface SummaryOptions {
  approvals?: ApprovalReport;
  title?: string;
  runUrl?: string;
  /** UTF-8 bytes; default 1,000,000. */
  maxLength?: number;
}

export interface NoChangesOptions {
  marker?: string;
  title?: string;
  runUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Where the document goes, and how much detail it currently has room for.

interface Medium {
  marker: string | null;
  title: string;
  runUrl: string | null;
  approvals?: ApprovalReport;
  maxLength: number;
  measure: (text: string) => number;
  limitPhrase: string;
  /** Markdown: where the parts cut from this document can be read in full. */
  elsewhere: string;
}

interface Detail {
  /** 'all', 'none', or per file (index in result.files) how many diff lines to keep. */
  diffs: 'all' | 'none' | Map<number, number>;
  charts: boolean;
  unchangedMembers: boolean;
  notices: boolean;
  warnings: boolean;
  /** How many pools get a traffic table (the most affected first). */
  traffic: number;
  reviewers: boolean;
  cleanFiles: boolean;
  filesTable: boolean;
  /** Longest path or name shown; longer ones are shortened in the middle. */
  nameMax: number;
  messageMax: Record<Severity, number>;
  /** How many error findings are listed. */
  errorLimit: number;
}

const FULL_DETAIL: Detail = {
  diffs: 'all',
  charts: true,
  unchangedMembers: true,
  notices: true,
  warnings: true,
  traffic: Number.POSITIVE_INFINITY,
  reviewers: true,
  cleanFiles: true,
  filesTable: true,
  nameMax: 300,
  messageMax: { error: 4000, warning: 4000, notice: 4000 },
  errorLimit: Number.POSITIVE_INFINITY,
};

/** Lines of a diff longer than this are cut: one minified line must not eat the budget. */
const MAX_DIFF_LINE = 1000;
/** A shortened diff below this many lines is not worth showing. */
const MIN_DIFF_LINES = 10;
const MAX_CHARTS = 5;
/** How many names a cut note lists before it says "and N more". */
const MAX_NAMED = 5;

const SEVERITY_ICON: Record<Severity, string> = { error: '🛑', warning: '⚠️', notice: 'ℹ️' };

// ---------------------------------------------------------------------------------------------
// Small helpers.

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function normalizeMarker(marker: string | undefined): string {
  if (marker === undefined) return COMMENT_MARKER;
  const m = marker.trim();
  const inner = m.slice(4, -3);
  if (m.startsWith('<!--') && m.endsWith('-->') && m.length > 7 && !inner.includes('--') && !/[\r\n>]/.test(inner)) return m;
  // Not a single-line HTML comment: keep its words inside one so it still identifies the comment.
  const words = m
    .replace(/<!--|-->/g, ' ')
    .replace(/[^A-Za-z0-9:._/ -]/g, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return words === '' ? COMMENT_MARKER : `<!-- ${clip(words, 200)} -->`;
}

function safeUrl(url: string | undefined): string | null {
  if (url === undefined || url.length > 2000) return null;
  return /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) ? url : null;
}

function name(text: string, detail: Detail): string {
  return escapeInline(clipMiddle(text, detail.nameMax));
}

function cellName(text: string, detail: Detail): string {
  return escapeTableCell(clipMiddle(text, detail.nameMax));
}

/** 'a, b, c and 4 more' from already escaped items. */
function listNames(items: string[]): string {
  if (items.length <= MAX_NAMED) return items.join(', ');
  return `${items.slice(0, MAX_NAMED).join(', ')} and ${items.length - MAX_NAMED} more`;
}

function severityCounts(findings: Finding[]): GateResult['counts'] {
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Rule ids are lb-gate's own (kebab-case); anything else is escaped like PR text. */
function ruleCell(rule: string): string {
  return /^[a-z0-9-]{1,64}$/.test(rule) ? `\`${rule}\`` : escapeTableCell(clip(rule, 64));
}

function countsCell(findings: Finding[]): string {
  return nonZeroCounts(severityCounts(findings), (severity, phrase) => `${SEVERITY_ICON[severity]} ${phrase}`).join(' · ') || 'none';
}

// ---------------------------------------------------------------------------------------------
// Sections. Each returns Markdown, and records in `cuts` what it left out.

function headerSection(result: GateResult, medium: Medium): string {
  // With approvals known, the heading is the final verdict: clean findings do not make a PR
  // mergeable while approvals are missing or changes are requested.
  const overall = medium.approvals ? finalVerdict(result, medium.approvals).result : result.result;
  const icon = overall === 'pass' ? '✅' : '❌';
  const risk: Risk = result.risk;
  const lines = [`## ${icon} ${escapeInline(medium.title)}: ${overall} · ${risk} risk`, ''];
  lines.push(`- **Risk: ${risk}** — ${escapeInline(RISK_EXPLANATIONS[risk] ?? 'unknown risk level')}.`);
  const verdict = result.result === 'pass' ? 'the gate passes' : '**the gate fails**';
  lines.push(`- **Findings:** ${countsPhrase(result.counts)} — ${verdict}; ${escapeInline(failOnPhrase(result.failOn))}.`);
  const required = approvalsRequired(result, medium.approvals);
  if (medium.approvals) {
    const a = medium.approvals;
    const missing = Math.max(0, required - a.approved);
    const state = missing > 0 ? `${plural(missing, 'more approval')} needed` : 'enough approvals';
    const blocked = a.changesRequested.length > 0 ? `; **changes requested** by ${listNames(a.changesRequested.map((login) => escapeInline(clip(login, 100))))}` : '';
    lines.push(`- **Approvals: ${a.approved} / ${required}** — ${state} at ${risk} risk${blocked}.`);
  } else {
    lines.push(`- **Approvals required:** ${required} at ${risk} risk.`);
  }
  return lines.join('\n');
}

function approvalsSection(result: GateResult, medium: Medium, detail: Detail, cuts: string[]): string | null {
  const a = medium.approvals;
  if (!a) return null;
  const required = approvalsRequired(result, a);
  const out = [`### ${a.approved >= required ? '✅' : '⏳'} Approvals: ${a.approved} / ${required}`];
  if (a.changesRequested.length > 0) {
    const who = listNames(a.changesRequested.map((login) => `**${name(login, detail)}**`));
    out.push(`> [!CAUTION]\n> Changes requested by ${who}: the merge stays blocked until they approve or their review is dismissed.`);
  }
  if (a.reviewers.length === 0) {
    out.push('No reviews yet.');
  } else if (!detail.reviewers) {
    cuts.push(`the table of ${plural(a.reviewers.length, 'reviewer')}`);
  } else {
    const rows = a.reviewers.map(
      (r) => `| ${cellName(r.login, detail)} | ${cellName(r.state, detail)} | ${r.counted ? '✓' : '✗'} | ${cellName(r.reason, detail)} |`,
    );
    out.push(['| reviewer | state | counted | why |', '|---|---|:-:|---|', ...rows].join('\n'));
  }
  return out.join('\n\n');
}

function statusCell(file: FileReport, detail: Detail): string {
  if (file.status === 'renamed' && file.previousPath !== undefined) return `renamed from ${cellName(file.previousPath, detail)}`;
  return file.status;
}

function filesSection(result: GateResult, detail: Detail, cuts: string[]): string {
  if (result.files.length === 0) return '### Files\n\nNo load-balancer config files changed.';
  if (!detail.filesTable) {
    cuts.push(`the table of ${plural(result.files.length, 'changed file')}`);
    return `### Files\n\n${plural(result.files.length, 'load-balancer config file')} changed.`;
  }
  const shown = detail.cleanFiles ? result.files : result.files.filter((f) => f.findings.length > 0);
  const rows = shown.map(
    (f) => `| ${cellName(f.path, detail)} | ${statusCell(f, detail)} | ${f.format ?? 'unknown'} | ${countsCell(f.findings)} |`,
  );
  const out = ['### Files', ['| file | status | format | findings |', '|---|---|---|---|', ...rows].join('\n')];
  const hidden = result.files.length - shown.length;
  if (hidden > 0) {
    out.push(`…and ${plural(hidden, 'more file')} without findings.`);
    cuts.push(`the rows of ${plural(hidden, 'file')} without findings`);
  }
  return out.join('\n\n');
}

function findingKey(f: Finding): string {
  return JSON.stringify([f.rule, f.severity, f.file, f.line, f.message]);
}

interface FindingGroup {
  title: string;
  /** The status of the changed file the findings belong to; undefined for other files. */
  status: FileReport['status'] | undefined;
  findings: Finding[];
}

/** Findings grouped under the file they belong to; findings of no changed file (the policy) last. */
function findingGroups(result: GateResult): FindingGroup[] {
  const groups: FindingGroup[] = result.files
    .filter((f) => f.findings.length > 0)
    .map((f) => ({ title: f.path, status: f.status, findings: [...f.findings].sort(compareFindings) }));
  // result.findings repeats the files' findings; what is left over belongs to no changed file.
  const grouped = new Map<string, number>();
  for (const f of result.files.flatMap((file) => file.findings)) grouped.set(findingKey(f), (grouped.get(findingKey(f)) ?? 0) + 1);
  const others = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = findingKey(f);
    const n = grouped.get(key) ?? 0;
    if (n > 0) {
      grouped.set(key, n - 1);
      continue;
    }
    const list = others.get(f.file);
    if (list) list.push(f);
    else others.set(f.file, [f]);
  }
  for (const [file, findings] of others) groups.push({ title: file, status: undefined, findings: findings.sort(compareFindings) });
  return groups;
}

function lineCell(f: Finding, status: FileReport['status'] | undefined): string {
  if (f.line === null) return '—';
  const column = f.column !== undefined ? `:${f.column}` : '';
  // Lines of a removed file are all in the old version; elsewhere say when a line is.
  return f.side === 'before' && status !== 'removed' ? `${f.line}${column} (old)` : `${f.line}${column}`;
}

function findingsSection(result: GateResult, detail: Detail, cuts: string[]): string {
  const groups = findingGroups(result);
  if (groups.length === 0) return '### Findings\n\nNo findings.';
  const hidden = { error: 0, warning: 0, notice: 0 };
  const shortened = { error: 0, warning: 0, notice: 0 };
  let errorsShown = 0;
  const out = ['### Findings'];
  for (const group of groups) {
    const rows: string[] = [];
    for (const f of group.findings) {
      const show =
        f.severity === 'error' ? errorsShown < detail.errorLimit : f.severity === 'warning' ? detail.warnings : detail.notices;
      if (!show) {
        hidden[f.severity]++;
        continue;
      }
      if (f.severity === 'error') errorsShown++;
      const max = detail.messageMax[f.severity];
      if (f.message.length > max) shortened[f.severity]++;
      rows.push(
        `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${lineCell(f, group.status)} | ${ruleCell(f.rule)} | ${escapeTableCell(clip(f.message, max))} |`,
      );
    }
    if (rows.length === 0) continue;
    const icon = SEVERITY_ICON[group.findings[0].severity];
    out.push(`#### ${icon} ${name(group.title, detail)}`);
    out.push(['| severity | line | rule | message |', '|---|--:|---|---|', ...rows].join('\n'));
  }
  for (const severity of ['error', 'warning', 'notice'] as const) {
    if (hidden[severity] > 0) {
      const what = severity === 'error' ? `${plural(hidden[severity], 'more error')}` : plural(hidden[severity], severity);
      out.push(`…and ${what} not listed here.`);
      cuts.push(what);
    }
    if (shortened[severity] > 0) cuts.push(`the end of the messages of ${plural(shortened[severity], severity)}`);
  }
  return out.join('\n\n');
}

function poolChart(pool: PoolTraffic): string {
  const slices = pool.members
    .filter((m) => m.after !== null && m.after > 0)
    .map((m) => `    "${mermaidLabel(m.member)}" : ${(Math.round(m.after! * 1000) / 10).toFixed(1)}`);
  const idle = pool.members.length - slices.length;
  const title = mermaidLabel(`${pool.pool} after the change${idle > 0 ? `, ${idle} of ${pool.members.length} members get nothing` : ''}`, 120);
  return codeBlock(['pie showData', `    title ${title}`, ...slices].join('\n'), 'mermaid');
}

/** Pools where traffic concentrates first, then by the largest move of any member's share. */
function byImpact(a: PoolTraffic, b: PoolTraffic): number {
  const move = (p: PoolTraffic) => p.members.reduce((max, m) => Math.max(max, Math.abs((m.after ?? 0) - (m.before ?? 0))), 0);
  return Number(b.concentrated) - Number(a.concentrated) || move(b) - move(a);
}

function trafficSection(result: GateResult, detail: Detail, cuts: string[]): string | null {
  let pools = changedPools(result.traffic);
  if (pools.length === 0) return null;
  const out = ['### Traffic before → after'];
  if (detail.traffic <= 0) {
    out.push(`${plural(pools.length, 'pool')} changed how traffic is shared between members.`);
    cuts.push(`the traffic tables of ${plural(pools.length, 'pool')}`);
    return out.join('\n\n');
  }
  out.push("Each member's share of its pool's requests, with every member healthy.");
  if (pools.length > detail.traffic) {
    const left = pools.length - detail.traffic;
    pools = [...pools].sort(byImpact).slice(0, detail.traffic);
    out.push(`The ${plural(pools.length, 'pool')} most affected; ${plural(left, 'more pool')} changed too.`);
    cuts.push(`the traffic tables of ${plural(left, 'less affected pool')}`);
  }
  let unchangedHidden = 0;
  let charts = 0;
  let chartsCut = 0; // only those cut for size: beyond MAX_CHARTS the tables say it all
  for (const pool of pools) {
    out.push(`Pool **${name(pool.pool, detail)}** in ${name(pool.file, detail)}${pool.concentrated ? ' — traffic concentrates on fewer members' : ''}`);
    const members = detail.unchangedMembers ? pool.members : pool.members.filter((m) => m.changed);
    const rows = members.map(
      (m) =>
        `| ${cellName(m.member, detail)} | ${escapeTableCell(formatShare(m.before))} | ${escapeTableCell(formatShare(m.after))} | ${escapeTableCell(formatChange(m))} | \`${shareBar(m.after)}\` |`,
    );
    const hidden = pool.members.length - members.length;
    if (hidden > 0) rows.push(`| …${plural(hidden, 'member')} with unchanged shares | | | | |`);
    unchangedHidden += hidden;
    out.push(['| member | before | after | change | |', '|---|--:|--:|--:|---|', ...rows].join('\n'));
    if (pool.concentrated) {
      if (!detail.charts) chartsCut = Math.min(MAX_CHARTS, chartsCut + 1);
      else if (charts < MAX_CHARTS) {
        out.push(poolChart(pool));
        charts++;
      }
    }
  }
  if (unchangedHidden > 0) cuts.push(`the traffic rows of ${plural(unchangedHidden, 'member')} whose share did not change`);
  if (chartsCut > 0) cuts.push(`${plural(chartsCut, 'traffic chart')}`);
  return out.join('\n\n');
}

function diffLines(file: FileReport): string[] {
  const text = file.diff.text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (text === '') return [];
  return text.split('\n').map((line) => (line.length > MAX_DIFF_LINE ? `${clip(line, MAX_DIFF_LINE)} [${line.length - MAX_DIFF_LINE + 1} more characters]` : line));
}

function diffBlock(file: FileReport, lines: string[], keep: number, detail: Detail): string {
  const kept = keep >= lines.length ? lines : lines.slice(0, keep);
  const notes: string[] = [];
  if (kept.length < lines.length) notes.push(`first ${kept.length.toLocaleString('en-US')} of ${plural(lines.length, 'line')}`);
  if (file.diff.truncated) notes.push('cut short by lb-gate');
  const summary = `Diff of ${escapeHtml(clipMiddle(file.path, detail.nameMax))} (+${file.diff.added.toLocaleString('en-US')} −${file.diff.removed.toLocaleString('en-US')})${notes.length > 0 ? `, ${notes.join(', ')}` : ''}`;
  return `<details><summary>${summary}</summary>\n\n${codeBlock(kept.join('\n'), 'diff')}\n\n</details>`;
}

function diffsSection(result: GateResult, detail: Detail, cuts: string[]): string | null {
  const blocks: string[] = [];
  const omitted: string[] = [];
  const shortened: string[] = [];
  let omittedLines = 0;
  result.files.forEach((file, index) => {
    const lines = diffLines(file);
    if (lines.length === 0) return;
    const keep = detail.diffs === 'all' ? lines.length : detail.diffs === 'none' ? 0 : (detail.diffs.get(index) ?? 0);
    if (keep <= 0) {
      omitted.push(name(file.path, detail));
      omittedLines += lines.length;
      return;
    }
    if (keep < lines.length) {
      shortened.push(`the last ${(lines.length - keep).toLocaleString('en-US')} of ${plural(lines.length, 'line')} of the diff of ${name(file.path, detail)}`);
    }
    blocks.push(diffBlock(file, lines, keep, detail));
  });
  if (omitted.length > 0) {
    const what = omitted.length === 1 ? `the diff of ${omitted[0]}` : `the diffs of ${listNames(omitted)}`;
    cuts.push(`${what} (${plural(omittedLines, 'line')})`);
  }
  cuts.push(...shortened.slice(0, MAX_NAMED));
  if (shortened.length > MAX_NAMED) cuts.push(`the end of ${plural(shortened.length - MAX_NAMED, 'more diff')}`);
  if (blocks.length === 0) return null;
  return ['### Diffs', ...blocks].join('\n\n');
}

function cutsSection(cuts: string[], medium: Medium): string | null {
  if (cuts.length === 0) return null;
  const items = cuts.map((c) => `> - ${c}`);
  return [`> [!NOTE]`, `> To stay within ${medium.limitPhrase}, this report leaves out the following; ${medium.elsewhere}.`, ...items].join('\n');
}

function footerSection(medium: Pick<Medium, 'title' | 'runUrl'>): string | null {
  if (!medium.runUrl) return null;
  // The URL passed safeUrl: no spaces, quotes, brackets or parentheses can end the link early.
  return `<sub>${escapeInline(medium.title)} · [workflow run](${medium.runUrl})</sub>`;
}

function compose(result: GateResult, medium: Medium, detail: Detail): string {
  const cuts: string[] = [];
  const sections = [
    medium.marker,
    headerSection(result, medium),
    approvalsSection(result, medium, detail, cuts),
    filesSection(result, detail, cuts),
    findingsSection(result, detail, cuts),
    trafficSection(result, detail, cuts),
    diffsSection(result, detail, cuts),
  ];
  sections.push(cutsSection(cuts, medium), footerSection(medium));
  return `${sections.filter((s): s is string => s !== null).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Fitting the document into its size limit.

/** Gives the diffs whatever room the rest leaves: small diffs whole first, then shortened ones. */
function allocateDiffs(result: GateResult, detail: Detail, medium: Medium, room: number): Map<number, number> {
  const keep = new Map<number, number>();
  const candidates = result.files
    .map((file, index) => ({ file, index, lines: diffLines(file) }))
    .filter((c) => c.lines.length > 0)
    .map((c) => ({ ...c, size: medium.measure(diffBlock(c.file, c.lines, c.lines.length, detail)) + 2 }))
    .sort((a, b) => a.size - b.size);
  let left = room - medium.measure('### Diffs\n\n');
  for (const c of candidates) {
    if (c.size <= left) {
      keep.set(c.index, c.lines.length);
      left -= c.size;
      continue;
    }
    const fits = (n: number) => medium.measure(diffBlock(c.file, c.lines, n, detail)) + 2 <= left;
    if (!fits(MIN_DIFF_LINES)) continue;
    let lo = MIN_DIFF_LINES;
    let hi = c.lines.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    keep.set(c.index, lo);
    left -= medium.measure(diffBlock(c.file, c.lines, lo, detail)) + 2;
  }
  return keep;
}

/** The cheapest cuts first; each step keeps the ones before it. */
const DEGRADE_STEPS: ((d: Detail) => Detail)[] = [
  (d) => ({ ...d, charts: false }),
  (d) => ({ ...d, unchangedMembers: false }),
  (d) => ({ ...d, notices: false }),
  (d) => ({ ...d, messageMax: { ...d.messageMax, warning: 200 } }),
  (d) => ({ ...d, warnings: false }),
  (d) => ({ ...d, traffic: Math.min(d.traffic, 50) }),
  (d) => ({ ...d, traffic: Math.min(d.traffic, 10) }),
  (d) => ({ ...d, traffic: 0 }),
  (d) => ({ ...d, reviewers: false }),
  (d) => ({ ...d, cleanFiles: false }),
  (d) => ({ ...d, filesTable: false }),
  (d) => ({ ...d, nameMax: 80 }),
  (d) => ({ ...d, messageMax: { ...d.messageMax, error: 500 } }),
  (d) => ({ ...d, messageMax: { ...d.messageMax, error: 120 } }),
];

/** Last resort: cut at a line boundary and say so. Only reached with an absurdly small limit. */
function hardCut(doc: string, medium: Medium): string {
  const note = '\n\n> [!NOTE]\n> This report was cut short to fit its size limit.\n';
  const budget = medium.maxLength - medium.measure(note);
  const kept: string[] = [];
  let size = -1;
  for (const line of doc.split('\n')) {
    size += medium.measure(line) + 1;
    if (size > budget) break;
    kept.push(line);
  }
  if (kept.length > 0 && budget >= 0) return `${kept.join('\n')}${note}`;
  // Not even the note fits: keep what does, the marker first.
  let cut = doc.slice(0, Math.max(0, medium.maxLength));
  while (cut.length > 0 && medium.measure(cut) > medium.maxLength) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  return cut;
}

function fit(result: GateResult, medium: Medium): string {
  const fits = (doc: string) => medium.measure(doc) <= medium.maxLength;
  const full = compose(result, medium, FULL_DETAIL);
  if (fits(full)) return full;

  let detail: Detail = { ...FULL_DETAIL, diffs: 'none' };
  const noDiffs = compose(result, medium, detail);
  if (fits(noDiffs)) {
    // Room the diffs may use, less a reserve for the longer notes about shortened diffs.
    let room = medium.maxLength - medium.measure(noDiffs) - 2000;
    for (let attempt = 0; attempt < 4 && room > 0; attempt++, room = Math.floor(room * 0.75)) {
      const fitted = compose(result, medium, { ...detail, diffs: allocateDiffs(result, detail, medium, room) });
      if (fits(fitted)) return fitted;
    }
    return noDiffs;
  }

  for (const step of DEGRADE_STEPS) {
    detail = step(detail);
    const doc = compose(result, medium, detail);
    if (fits(doc)) return doc;
  }

  // Only errors are left to cut: list as many as fit, worst and first files first.
  let lo = 0;
  let hi = findingGroups(result).reduce((n, g) => n + g.findings.filter((f) => f.severity === 'error').length, 0);
  let best: string | null = null;
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const doc = compose(result, medium, { ...detail, errorLimit: mid });
    if (fits(doc)) {
      best = doc;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ?? hardCut(compose(result, medium, { ...detail, errorLimit: 0 }), medium);
}

// ---------------------------------------------------------------------------------------------
// Public API.

function comment(opts: { marker?: string; title?: string; runUrl?: string }) {
  const runUrl = safeUrl(opts.runUrl);
  return {
    marker: normalizeMarker(opts.marker),
    title: clip(opts.title ?? 'lb-gate', 100),
    runUrl,
    elsewhere: runUrl
      ? `the full report is in the job summary of the [workflow run](${runUrl})`
      : 'the full report is in the job summary of the workflow run',
  };
}

/** The sticky PR comment, at most `maxLength` characters, starting with the marker line. */
export function renderComment(result: GateResult, opts: CommentOptions = {}): string {
  const maxLength = opts.maxLength ?? COMMENT_MAX_LENGTH;
  return fit(result, {
    ...comment(opts),
    approvals: opts.approvals,
    maxLength,
    measure: (text) => text.length,
    limitPhrase: `the ${maxLength.toLocaleString('en-US')}-character limit of a PR comment`,
  });
}

/** The job summary: the same report without the marker, at most `maxLength` UTF-8 bytes. */
export function renderSummary(result: GateResult, opts: SummaryOptions = {}): string {
  const maxLength = opts.maxLength ?? SUMMARY_MAX_LENGTH;
  return fit(result, {
    ...comment(opts),
    marker: null,
    approvals: opts.approvals,
    maxLength,
    measure: utf8Length,
    limitPhrase: `the ${maxLength.toLocaleString('en-US')}-byte limit of a job summary`,
    elsewhere: 'run `lb-gate` on the changed files locally for the full report',
  });
}

/** The comment for a PR that no longer changes any load-balancer config (marker first). */
export function renderNoChanges(opts: NoChangesOptions = {}): string {
  const medium = comment(opts);
  const sections = [
    medium.marker,
    `## ✅ ${escapeInline(medium.title)}: no load-balancer config changed`,
    'This PR no longer changes any load-balancer configuration, so there is nothing for lb-gate to check and it requires no approvals.',
  ];
  const footer = footerSection(medium);
  if (footer) sections.push(footer);
  return `${sections.join('\n\n')}\n`;
}
