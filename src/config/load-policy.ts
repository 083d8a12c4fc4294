// `.github/lb-gate.yml` text → validated Policy with defaults filled, plus a finding for every
// problem in the file. An invalid file still yields a usable policy (defaults wherever the file
// is wrong) so the gate can report everything at once; the caller decides to fail on findings.

import type { Finding, SeveritySetting } from '../findings.js';
import { BUILT_IN_SCHEMAS } from '../validate/built-in-schemas.js';
import { compileSchema, limitProblems, schemaProblems } from '../validate/json-schema.js';
import { escapePointerSegment, loadYaml } from '../yaml-source.js';
import { defaultPolicy } from './defaults.js';
import type { ApprovalPolicy, FailOn, Policy, Risk, RulePolicy, SchemaMapping } from './types.js';
import { RISKS } from './types.js';

export const POLICY_FILE = '.github/lb-gate.yml';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];

/** More findings than this about one policy file only bury the first ones. */
const MAX_POLICY_FINDINGS = 100;

export interface LoadedPolicy {
  policy: Policy;
  findings: Finding[];
}

export interface PolicyOverrides {
  paths?: string[];
  failOn?: FailOn;
  requiredApprovals?: number;
}

export function loadPolicy(text: string | null, file = POLICY_FILE): LoadedPolicy {
  if (text === null) return { policy: defaultPolicy(), findings: [] };

  const { docs, problems } = loadYaml(text, { multi: false });
  const findings: Finding[] = problems.map((p) => ({
    rule: 'parse-error',
    severity: 'error',
    file,
    line: p.line,
    ...(p.column !== undefined ? { column: p.column } : {}),
    message: `${p.message} — the policy file is ignored and lb-gate's default policy applies until this is fixed`,
  }));

  const value = docs[0]?.value;
  if (value === undefined || value === null) return { policy: defaultPolicy(), findings };

  const all = schemaProblems(compileSchema(BUILT_IN_SCHEMAS.policy.schema), value, docs[0]!.pointerLine, { max: Infinity });
  for (const p of limitProblems(all, MAX_POLICY_FINDINGS)) {
    findings.push({
      rule: 'schema',
      severity: 'error',
      file,
      line: p.line,
      ...(p.column !== undefined ? { column: p.column } : {}),
      message: p.message,
    });
  }

  // After a YAML error the data may not be what the author wrote (a lost duplicate key, a
  // tab-shifted block), so none of it is trusted.
  if (problems.length > 0) return { policy: defaultPolicy(), findings };
  const invalid = all.map((p) => p.pointer);
  return { policy: buildPolicy(value, invalid), findings };
}

/** CLI flags and action inputs win over the file; invalid overrides are programming errors. */
export function mergePolicyOverrides(policy: Policy, overrides: PolicyOverrides): Policy {
  const merged: Policy = { ...policy, approvals: { ...policy.approvals } };
  if (overrides.paths !== undefined) {
    const paths = overrides.paths.map((p) => p.trim()).filter((p) => p.length > 0);
    if (paths.length > 0) merged.paths = paths;
  }
  if (overrides.failOn !== undefined) {
    if (!FAIL_ON_VALUES.includes(overrides.failOn)) {
      throw new TypeError(`fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, got ${JSON.stringify(overrides.failOn)}`);
    }
    merged.failOn = overrides.failOn;
  }
  if (overrides.requiredApprovals !== undefined) {
    const n = overrides.requiredApprovals;
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`required approvals must be an integer >= 0, got ${String(n)}`);
    }
    merged.approvals.required = n;
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Building the Policy from validated data: every part with a problem at, under or above its
// pointer keeps its default.

function buildPolicy(value: unknown, invalid: string[]): Policy {
  const policy = defaultPolicy();
  const clean = (pointer: string): boolean =>
    !invalid.some((p) => p === pointer || p.startsWith(`${pointer}/`) || pointer.startsWith(`${p}/`));
  const root = asRecord(value);
  if (!root) return policy;

  if (clean('/paths') && isStringArray(root.paths)) policy.paths = [...root.paths];
  if (clean('/fail-on') && FAIL_ON_VALUES.includes(root['fail-on'] as FailOn)) policy.failOn = root['fail-on'] as FailOn;

  const rules = asRecord(root.rules);
  if (rules) {
    for (const [id, setting] of Object.entries(rules)) {
      const pointer = `/rules/${escapePointerSegment(id)}`;
      // An id the schema refused (a typo, or `__proto__`, which assigned to the plain rules
      // object would replace its prototype) is ignored whole, whatever its form.
      if (invalid.includes(pointer)) continue;
      const rule = rulePolicy(pointer, setting, clean);
      if (rule) policy.rules[id] = rule;
    }
  }

  const approvals = asRecord(root.approvals);
  if (approvals) policy.approvals = approvalPolicy(approvals, policy.approvals, clean);

  if (Array.isArray(root.schemas)) {
    policy.schemas = root.schemas.flatMap((entry, i): SchemaMapping[] => {
      const mapping = asRecord(entry);
      if (!mapping || !clean(`/schemas/${i}`)) return [];
      if (typeof mapping.files !== 'string' || typeof mapping.schema !== 'string') return [];
      return [{ files: mapping.files, schema: mapping.schema }];
    });
  }
  return policy;
}

function rulePolicy(pointer: string, setting: unknown, clean: (pointer: string) => boolean): RulePolicy | null {
  // A bare severity is shorthand for { severity }.
  if (typeof setting === 'string') return clean(pointer) ? { severity: setting as SeveritySetting, options: {} } : null;
  const fields = asRecord(setting);
  if (!fields) return null;
  const rule: RulePolicy = { options: {} };
  for (const [name, option] of Object.entries(fields)) {
    if (!clean(`${pointer}/${escapePointerSegment(name)}`)) continue;
    if (name === 'severity') rule.severity = option as SeveritySetting;
    else rule.options[name] = option;
  }
  return rule;
}

function approvalPolicy(
  fields: Record<string, unknown>,
  defaults: ApprovalPolicy,
  clean: (pointer: string) => boolean,
): ApprovalPolicy {
  const approvals: ApprovalPolicy = { ...defaults, byRisk: { ...defaults.byRisk } };
  if (clean('/approvals/required') && isCount(fields.required)) approvals.required = fields.required;
  // Risk levels the file names replace the defaults one by one; unnamed levels keep theirs.
  const byRisk = asRecord(fields['by-risk']);
  if (byRisk) {
    for (const risk of RISKS) {
      const count = byRisk[risk];
      if (isCount(count) && clean(`/approvals/by-risk/${risk}`)) approvals.byRisk[risk as Risk] = count;
    }
  }
  if (clean('/approvals/dismiss-stale') && typeof fields['dismiss-stale'] === 'boolean') {
    approvals.dismissStale = fields['dismiss-stale'];
  }
  if (clean('/approvals/associations') && isStringArray(fields.associations)) {
    approvals.associations = [...fields.associations];
  }
  return approvals;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
