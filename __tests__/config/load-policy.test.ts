import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/config/defaults.js';
import { loadPolicy, mergePolicyOverrides } from '../../src/config/load-policy.js';
import type { Finding } from '../../src/findings.js';

const FILE = '.github/lb-gate.yml';

/** [rule, line, column, message] of each finding, for compact exact assertions. */
function summary(findings: Finding[]) {
  for (const f of findings) {
    expect(f.severity).toBe('error');
    expect(f.file).toBe(FILE);
  }
  return findings.map((f) => [f.rule, f.line, f.column, f.message]);
}

const FULL = `# lb-gate policy
paths: ["**/haproxy*.cfg", "nginx/**/*.conf"]
fail-on: warning
rules:
  traffic-concentration: { severity: error, max-member-share: 0.6 }
  timeout-change: { factor: 5 }
  health-check-missing: off
  single-point-of-failure:
    severity: notice
    min-active-members: 3
approvals:
  required: 1
  by-risk: { high: 2, critical: 3 }
  dismiss-stale: false
  associations: [OWNER, MEMBER]
schemas:
  - { files: "lb/**/*.yaml", schema: "schemas/our-lb.schema.json" }
`;

describe('loadPolicy: valid files', () => {
  it('uses the defaults when there is no policy file', () => {
    expect(loadPolicy(null)).toEqual({ policy: defaultPolicy(), findings: [] });
  });

  it('uses the defaults for an empty or comment-only file', () => {
    expect(loadPolicy('')).toEqual({ policy: defaultPolicy(), findings: [] });
    expect(loadPolicy('# nothing configured yet\n')).toEqual({ policy: defaultPolicy(), findings: [] });
    expect(loadPolicy('~\n')).toEqual({ policy: defaultPolicy(), findings: [] });
  });

  it('reads the full example', () => {
    const { policy, findings } = loadPolicy(FULL);
    expect(findings).toEqual([]);
    expect(policy).toEqual({
      paths: ['**/haproxy*.cfg', 'nginx/**/*.conf'],
      failOn: 'warning',
      rules: {
        'traffic-concentration': { severity: 'error', options: { 'max-member-share': 0.6 } },
        'timeout-change': { options: { factor: 5 } },
        'health-check-missing': { severity: 'off', options: {} },
        'single-point-of-failure': { severity: 'notice', options: { 'min-active-members': 3 } },
      },
      approvals: { required: 1, byRisk: { high: 2, critical: 3 }, dismissStale: false, associations: ['OWNER', 'MEMBER'] },
      schemas: [{ files: 'lb/**/*.yaml', schema: 'schemas/our-lb.schema.json' }],
    });
  });

  it('normalizes severity shorthand for every severity', () => {
    const { policy, findings } = loadPolicy(
      'rules:\n  algorithm-change: warning\n  tls-removed: error\n  listener-removed: notice\n  duplicate-member: off\n',
    );
    expect(findings).toEqual([]);
    expect(policy.rules).toEqual({
      'algorithm-change': { severity: 'warning', options: {} },
      'tls-removed': { severity: 'error', options: {} },
      'listener-removed': { severity: 'notice', options: {} },
      'duplicate-member': { severity: 'off', options: {} },
    });
  });

  it('fills what the file leaves out from the defaults', () => {
    const { policy, findings } = loadPolicy('approvals:\n  required: 2\n  by-risk: { critical: 4 }\n');
    expect(findings).toEqual([]);
    expect(policy).toEqual({
      ...defaultPolicy(),
      approvals: { required: 2, byRisk: { high: 2, critical: 4 }, dismissStale: true, associations: ['OWNER', 'MEMBER', 'COLLABORATOR'] },
    });
  });

  it('accepts empty sections as "use the defaults"', () => {
    const { policy, findings } = loadPolicy('rules:\napprovals:\nschemas:\n');
    expect(findings).toEqual([]);
    expect(policy).toEqual(defaultPolicy());
  });

  it('records the file name it was given', () => {
    const { findings } = loadPolicy('fail-on: nope\n', 'config/lb-gate.yml');
    expect(findings.map((f) => f.file)).toEqual(['config/lb-gate.yml']);
  });
});

describe('loadPolicy: schema problems', () => {
  it('reports an unknown top-level key at the key', () => {
    const { policy, findings } = loadPolicy('fail-on: warning\nreviewers: 2\n');
    expect(summary(findings)).toEqual([
      ['schema', 2, 1, 'top level: unknown key "reviewers" (allowed: paths, fail-on, rules, approvals, schemas)'],
    ]);
    expect(policy.failOn).toBe('warning');
  });

  it('reports a misspelled rule option and keeps the rest of the rule', () => {
    const text = 'rules:\n  traffic-concentration:\n    severity: warning\n    max-member-shares: 0.4\n';
    const { policy, findings } = loadPolicy(text);
    expect(summary(findings)).toEqual([
      [
        'schema',
        4,
        5,
        '/rules/traffic-concentration: unknown key "max-member-shares" (allowed: severity, max-member-share); did you mean "max-member-share"?',
      ],
    ]);
    expect(policy.rules).toEqual({ 'traffic-concentration': { severity: 'warning', options: {} } });
  });

  it('reports an unknown rule id and ignores that rule', () => {
    const { policy, findings } = loadPolicy('rules:\n  tls-remove: off\n  algorithm-change: off\n');
    expect(summary(findings)).toEqual([
      [
        'schema',
        2,
        3,
        '/rules: unknown key "tls-remove" (allowed: parse-error, schema, no-active-members, traffic-concentration, ' +
          'single-point-of-failure, capacity-drop, health-check-removed, health-check-missing, algorithm-change, ' +
          'listener-removed, tls-removed, default-route-changed, dangling-reference, duplicate-member, timeout-change); ' +
          'did you mean "tls-removed"?',
      ],
    ]);
    expect(policy.rules).toEqual({ 'algorithm-change': { severity: 'off', options: {} } });
  });

  it('reports a wrong type and keeps the default', () => {
    const { policy, findings } = loadPolicy('approvals:\n  dismiss-stale: "yes please"\n');
    expect(summary(findings)).toEqual([
      ['schema', 2, 18, '/approvals/dismiss-stale: must be true or false, got "yes please"'],
    ]);
    expect(policy.approvals.dismissStale).toBe(true);
  });

  it('reports an option value out of range', () => {
    const { policy, findings } = loadPolicy('rules:\n  timeout-change: { factor: 0.5 }\n');
    expect(summary(findings)).toEqual([
      ['schema', 2, 29, '/rules/timeout-change/factor: must be a number >= 1, got 0.5'],
    ]);
    expect(policy.rules).toEqual({ 'timeout-change': { options: {} } });
  });

  it('reports a bad enum value', () => {
    const { policy, findings } = loadPolicy('fail-on: always\n');
    expect(summary(findings)).toEqual([['schema', 1, 10, '/fail-on: must be one of error, warning, never, got "always"']]);
    expect(policy.failOn).toBe('error');
  });

  it('reports a bad severity shorthand once', () => {
    const { findings } = loadPolicy('rules:\n  capacity-drop: critical\n');
    expect(summary(findings)).toEqual([
      ['schema', 2, 18, '/rules/capacity-drop: must be one of error, warning, notice, off, got "critical"'],
    ]);
  });

  it('reports negative approval counts and keeps the defaults for them only', () => {
    const { policy, findings } = loadPolicy('approvals:\n  required: -1\n  by-risk:\n    high: -2\n    critical: 3\n');
    expect(summary(findings)).toEqual([
      ['schema', 2, 13, '/approvals/required: must be an integer >= 0, got -1'],
      ['schema', 4, 11, '/approvals/by-risk/high: must be an integer >= 0, got -2'],
    ]);
    expect(policy.approvals).toEqual({
      required: 1,
      byRisk: { high: 2, critical: 3 },
      dismissStale: true,
      associations: ['OWNER', 'MEMBER', 'COLLABORATOR'],
    });
  });

  it('reports unknown associations and an empty path list', () => {
    const { policy, findings } = loadPolicy('paths: []\napprovals:\n  associations: [OWNER, owner]\n');
    expect(summary(findings)).toEqual([
      ['schema', 1, 8, '/paths: must have at least 1 entry, got an empty list'],
      [
        'schema',
        3,
        25,
        '/approvals/associations/1: must be one of OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, ' +
          'FIRST_TIMER, MANNEQUIN, NONE, got "owner"',
      ],
    ]);
    expect(policy.paths).toEqual(defaultPolicy().paths);
    expect(policy.approvals.associations).toEqual(['OWNER', 'MEMBER', 'COLLABORATOR']);
  });

  it('drops an incomplete schema mapping and keeps the complete ones', () => {
    const text = 'schemas:\n  - files: "a/*.yaml"\n  - files: "b/*.yaml"\n    schema: b.json\n';
    const { policy, findings } = loadPolicy(text);
    expect(summary(findings)).toEqual([['schema', 2, 5, '/schemas/0: missing required key "schema"']]);
    expect(policy.schemas).toEqual([{ files: 'b/*.yaml', schema: 'b.json' }]);
  });

  it('reports a policy that is not a mapping', () => {
    const { policy, findings } = loadPolicy('- paths\n- rules\n');
    expect(summary(findings)).toEqual([['schema', 1, 1, 'top level: must be a mapping, got a list']]);
    expect(policy).toEqual(defaultPolicy());
  });
});

describe('loadPolicy: YAML problems', () => {
  const IGNORED = " — the policy file is ignored and lb-gate's default policy applies until this is fixed";

  it('reports a duplicate key and ignores the file', () => {
    const { policy, findings } = loadPolicy('fail-on: never\npaths: ["x"]\nfail-on: warning\n');
    expect(summary(findings)).toEqual([
      [
        'parse-error',
        3,
        1,
        'duplicate key "fail-on" (first at line 1); YAML keeps only the last one, so the earlier setting is silently lost' +
          IGNORED,
      ],
    ]);
    expect(policy).toEqual(defaultPolicy());
  });

  it('reports tab indentation', () => {
    const { policy, findings } = loadPolicy('approvals:\n\trequired: 3\n');
    expect(findings[0]).toMatchObject({ rule: 'parse-error', line: 2, column: 1 });
    expect(findings[0]!.message).toContain('a tab is used for indentation');
    expect(policy).toEqual(defaultPolicy());
  });

  it('reports a second document', () => {
    const { policy, findings } = loadPolicy('fail-on: warning\n---\nfail-on: never\n');
    expect(summary(findings)).toEqual([
      [
        'parse-error',
        2,
        1,
        'a second YAML document starts here; this file must hold exactly one (remove the `---` separator or the extra document)' +
          IGNORED,
      ],
    ]);
    expect(policy).toEqual(defaultPolicy());
  });

  it('refuses an alias bomb', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const { policy, findings } = loadPolicy(lines.join('\n') + '\n');
    expect(summary(findings)).toEqual([
      [
        'parse-error',
        2,
        8,
        'aliases expand to more than 100 copies of anchored nodes; refusing to expand them (this is how "billion laughs" alias bombs work)' +
          IGNORED,
      ],
    ]);
    expect(policy).toEqual(defaultPolicy());
  });

  it('refuses deep nesting', () => {
    const { findings } = loadPolicy('rules: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
    expect(summary(findings)).toEqual([
      [
        'parse-error',
        1,
        107,
        'nesting is deeper than 100 levels; the file was not read (no load-balancer config nests this deep)' + IGNORED,
      ],
    ]);
  });

  it('refuses binary content', () => {
    const { policy, findings } = loadPolicy('fail-on: error\n\u0000\u0001\u0002');
    expect(summary(findings)).toEqual([
      ['parse-error', 2, 1, 'file contains a NUL byte: it looks binary, not YAML, and was not read' + IGNORED],
    ]);
    expect(policy).toEqual(defaultPolicy());
  });

  it('reports syntax errors and schema errors of the same file together', () => {
    const { findings } = loadPolicy('fail-on: never\nfail-on: sometimes\n');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['parse-error', 2],
      ['schema', 2],
    ]);
  });
});

describe('mergePolicyOverrides', () => {
  it('overrides paths, fail-on and required approvals without touching the input', () => {
    const base = loadPolicy(FULL).policy;
    const snapshot = structuredClone(base);
    const merged = mergePolicyOverrides(base, { paths: ['lb/*.cfg'], failOn: 'never', requiredApprovals: 3 });
    expect(merged).toEqual({ ...snapshot, paths: ['lb/*.cfg'], failOn: 'never', approvals: { ...snapshot.approvals, required: 3 } });
    expect(base).toEqual(snapshot);
  });

  it('keeps the policy for overrides that are not given or empty', () => {
    const base = defaultPolicy();
    expect(mergePolicyOverrides(base, {})).toEqual(base);
    expect(mergePolicyOverrides(base, { paths: ['', '  '] }).paths).toEqual(base.paths);
  });

  it('rejects invalid overrides', () => {
    expect(() => mergePolicyOverrides(defaultPolicy(), { requiredApprovals: -1 })).toThrow(
      'required approvals must be an integer >= 0, got -1',
    );
    expect(() => mergePolicyOverrides(defaultPolicy(), { requiredApprovals: 1.5 })).toThrow(RangeError);
    expect(() => mergePolicyOverrides(defaultPolicy(), { failOn: 'always' as never })).toThrow(
      'fail-on must be one of error, warning, never, got "always"',
    );
  });
});
