// The gate: composes the pure stages (parse, diff, rules, risk) over every changed file and
// returns one verdict. Both the CLI and the action call this, so they always agree.

import { atLeast, compareFindings, type Finding, type Severity } from './findings.js';
import type { FileReport, GateFile, GateInput, GateResult, TextDiff, TrafficRow } from './gate-types.js';
import { detectFormat, parserFor, UNMODELED_FORMATS } from './formats/index.js';
import type { FormatId, ParseResult } from './formats/types.js';
import { diffConfigs } from './diff/semantic.js';
import { textDiff } from './diff/text.js';
import { trafficShares, type Pool, type PoolShares } from './model.js';
import { RULES, ruleById } from './rules/index.js';
import { ruleFacts } from './rules/context.js';
import type { Rule, RuleContext, RuleFacts } from './rules/types.js';
import type { Policy } from './config/types.js';
import { deriveRisk, requiredApprovals } from './risk.js';
import type { Change } from './diff/types.js';
import { schemaFindings } from './validate/file-schemas.js';

type Side = 'before' | 'after';

interface ParsedSide {
  /** What the rest of the gate reads of a parse: the document and its positions are let go. */
  result: Pick<ParseResult, 'model' | 'problems'> | null;
  findings: Finding[];
}

export function ruleSeverity(policy: Policy, rule: Rule): Severity | 'off' {
  return policy.rules[rule.id]?.severity ?? rule.defaultSeverity;
}

export function ruleOptions(policy: Policy, rule: Rule): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(rule.options).map(([k, spec]) => [k, spec.default]));
  return { ...defaults, ...(policy.rules[rule.id]?.options ?? {}) };
}

/** The severity a finding of `ruleId` gets under `policy`, or 'off'. Unknown ids keep `fallback`. */
function severityOf(policy: Policy, ruleId: string, fallback: Severity): Severity | 'off' {
  const rule = ruleById(ruleId);
  return rule ? ruleSeverity(policy, rule) : fallback;
}

function parseSide(file: GateFile, side: Side, format: FormatId, input: GateInput): ParsedSide {
  const text = side === 'before' ? file.before : file.after;
  if (text === null) return { result: null, findings: [] };
  const path = side === 'before' ? (file.previousPath ?? file.path) : file.path;
  const parser = parserFor(format);
  const severity = severityOf(input.policy, 'parse-error', 'error');
  if (!parser) {
    const findings: Finding[] =
      severity === 'off'
        ? []
        : [{ rule: 'parse-error', severity, file: path, line: null, side, message: `lb-gate cannot read ${format} files yet, so this change cannot be checked.` }];
    return { result: null, findings };
  }
  const result = parser.parse(text, {
    file: path,
    readInclude: input.readInclude ? (p, from) => input.readInclude!(side, p, from) : undefined,
  });
  const findings: Finding[] = [];
  if (severity !== 'off') {
    for (const problem of result.problems) {
      // A base that was already broken must not block the PR that may be fixing it.
      findings.push({
        rule: 'parse-error',
        severity: side === 'before' ? 'notice' : severity,
        file: path,
        line: problem.line,
        column: problem.column,
        side,
        message: side === 'before' ? `The base version could not be read: ${problem.message}` : problem.message,
      });
    }
  }
  for (const finding of schemaFindings(result, path, side, input, severityOf(input.policy, 'schema', 'error'))) findings.push(finding);
  // Only the model and problems are kept: a large file's document and position store would
  // otherwise stay alive while the other side is parsed, for the GC to mark and move.
  return { result: { model: result.model, problems: result.problems }, findings };
}

function runRules(ctx: Omit<RuleContext, 'options'>, policy: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.external) continue;
    const severity = ruleSeverity(policy, rule);
    if (severity === 'off') continue;
    for (const hit of rule.check({ ...ctx, options: ruleOptions(policy, rule) })) {
      const side = hit.side ?? 'after';
      const file = hit.file ?? (side === 'before' && ctx.before ? ctx.before.file : ctx.file);
      findings.push({ rule: rule.id, severity, message: hit.message, file, line: hit.line, side });
    }
  }
  return findings;
}

function shareOf(shares: PoolShares | undefined, member: string): number | null {
  const s = shares?.shares.get(member);
  return s === undefined ? null : s;
}

/** Member names of a pool on either side, the new order first, each once. */
function memberNames(after: Pool | undefined, before: Pool | undefined): string[] {
  const names = new Set<string>();
  if (after) for (const m of after.members) names.add(m.name);
  if (before) for (const m of before.members) names.add(m.name);
  return [...names];
}

/**
 * Traffic rows for every pool whose definition or shares changed. Rows are only built for
 * those pools: a large config has tens of thousands of members and few of them change.
 */
function trafficRows(
  file: string,
  { poolsBefore, poolsAfter }: RuleFacts,
  sharesBefore: Map<string, PoolShares>,
  sharesAfter: Map<string, PoolShares>,
  changes: Change[],
): TrafficRow[] {
  const changedPools = new Set<string>();
  for (const c of changes) if (c.pool !== undefined) changedPools.add(c.pool);
  const rows: TrafficRow[] = [];
  const addPool = (pool: string): void => {
    const after = poolsAfter.get(pool);
    const before = poolsBefore.get(pool);
    const was = sharesBefore.get(pool);
    const now = sharesAfter.get(pool);
    if (!changedPools.has(pool) && !sharesMoved(after, before, was, now)) return;
    for (const member of memberNames(after, before)) {
      rows.push({ file, pool, member, before: shareOf(was, member), after: shareOf(now, member) });
    }
  };
  // The new order first, then the pools only the old file had.
  for (const pool of poolsAfter.keys()) addPool(pool);
  for (const pool of poolsBefore.keys()) if (!poolsAfter.has(pool)) addPool(pool);
  return rows;
}

/** Whether any member of either side of a pool has a different share after the change. */
function sharesMoved(
  after: Pool | undefined,
  before: Pool | undefined,
  was: PoolShares | undefined,
  now: PoolShares | undefined,
): boolean {
  // Share maps alike entry for entry give every name the same share, whichever members the
  // pools list: the usual case, settled without visiting the members.
  if (was && now && sameShares(was.shares, now.shares)) return false;
  return memberMoved(after, was, now) || memberMoved(before, was, now);
}

function memberMoved(pool: Pool | undefined, was: PoolShares | undefined, now: PoolShares | undefined): boolean {
  if (pool) for (const m of pool.members) if (shareOf(was, m.name) !== shareOf(now, m.name)) return true;
  return false;
}

/** Whether two share maps hold the same names with the same shares in the same order (NaN is never alike). */
function sameShares(was: Map<string, number>, now: Map<string, number>): boolean {
  if (was.size !== now.size) return false;
  // Keys and values walked side by side, without the [name, share] pair an entry walk builds.
  const wasShares = was.values();
  const nowNames = now.keys();
  const nowShares = now.values();
  for (const name of was.keys()) {
    if (name !== nowNames.next().value || wasShares.next().value !== nowShares.next().value) return false;
  }
  return true;
}

function textChanged(file: GateFile): number {
  return file.before === file.after ? 0 : 1;
}

const OMITTED_DIFF: TextDiff = { text: '', added: 0, removed: 0, truncated: false, omitted: true };

function gateFile(file: GateFile, input: GateInput): { report: FileReport; traffic: TrafficRow[]; semantic: number } {
  const format = file.as ?? detectFormat(file.path, file.after ?? file.before);
  const oldPath = file.previousPath ?? file.path;
  const diff = input.textDiff === false ? OMITTED_DIFF : textDiff(oldPath, file.path, file.before, file.after);
  const base = { path: file.path, ...(file.previousPath ? { previousPath: file.previousPath } : {}), status: file.status, format, diff };

  if (format === null) {
    const severity = severityOf(input.policy, 'parse-error', 'error');
    const findings: Finding[] =
      severity === 'off'
        ? []
        : [{
            rule: 'parse-error',
            severity,
            file: file.path,
            line: null,
            message: 'lb-gate cannot tell which load-balancer format this file is, so it cannot check it. Name the file after its format (haproxy*.cfg, nginx*.conf, …) or force one with --as.',
          }];
    return { report: { ...base, findings, changes: [] }, traffic: [], semantic: textChanged(file) };
  }

  const before = parseSide(file, 'before', format, input);
  const after = parseSide(file, 'after', format, input);
  const findings = [...before.findings, ...after.findings];
  const beforeModel = before.result?.model ?? null;
  const afterModel = after.result?.model ?? null;
  // Without a model of either side there is nothing to compare: the text diff is all we know.
  const modeled = (file.before === null || before.result !== null) && (file.after === null || after.result !== null);
  const changes = modeled ? diffConfigs(beforeModel, afterModel) : [];
  const afterUnreadable = after.result !== null && after.result.problems.length > 0;

  let traffic: TrafficRow[] = [];
  if (modeled && !afterUnreadable) {
    const sharesBefore = beforeModel ? trafficShares(beforeModel) : new Map<string, PoolShares>();
    const sharesAfter = afterModel ? trafficShares(afterModel) : new Map<string, PoolShares>();
    const facts = ruleFacts(beforeModel, afterModel);
    const hits = runRules({ file: file.path, before: beforeModel, after: afterModel, changes, sharesBefore, sharesAfter, facts }, input.policy);
    for (const finding of hits) findings.push(finding);
    traffic = trafficRows(file.path, facts, sharesBefore, sharesAfter, changes);
  }
  findings.sort(compareFindings);
  // Added or removed files always count as a change, even when they declare nothing.
  const semantic =
    modeled && !UNMODELED_FORMATS.has(format)
      ? changes.length + (file.before === null || file.after === null ? 1 : 0)
      : textChanged(file);
  return { report: { ...base, findings, changes }, traffic, semantic };
}

export function runGate(input: GateInput): GateResult {
  const files: FileReport[] = [];
  const traffic: TrafficRow[] = [];
  const findings: Finding[] = [...(input.policyFindings ?? [])];
  let semantic = 0;
  for (const file of input.files) {
    const gated = gateFile(file, input);
    files.push(gated.report);
    // Loops, not push(...spread): a huge config has more rows than a call can take arguments.
    for (const row of gated.traffic) traffic.push(row);
    for (const finding of gated.report.findings) findings.push(finding);
    semantic += gated.semantic;
  }
  findings.sort(compareFindings);
  const risk = deriveRisk(findings, semantic, (id) => ruleById(id)?.takesTraffic === true);
  const failOn = input.policy.failOn;
  const blocking = failOn === 'never' ? [] : findings.filter((f) => atLeast(f.severity, failOn));
  return {
    result: blocking.length > 0 ? 'fail' : 'pass',
    risk,
    requiredApprovals: requiredApprovals(risk, input.policy.approvals),
    failOn,
    findings,
    files,
    traffic,
    counts: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      notice: findings.filter((f) => f.severity === 'notice').length,
    },
  };
}
