// The gate end to end over real-looking configs: parse, diff, rules, risk, verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../src/config/defaults.js';
import { loadPolicy } from '../src/config/load-policy.js';
import type { GateFile, GateInput } from '../src/gate-types.js';
import { runGate } from '../src/gate.js';

const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const before = read('examples/outage/haproxy.before.cfg');
const outage = read('examples/outage/haproxy.after.cfg');
const safe = read('examples/outage/haproxy.safe.cfg');

function gate(files: GateFile[], overrides: Partial<GateInput> = {}) {
  return runGate({ files, policy: defaultPolicy(), ...overrides });
}

const modified = (after: string, path = 'lb/haproxy.cfg'): GateFile => ({ path, status: 'modified', before, after });

describe('runGate', () => {
  it('blocks the classic outage with critical risk, two approvals and the traffic table', () => {
    const result = gate([modified(outage)]);
    expect(result.result).toBe('fail');
    expect(result.risk).toBe('critical');
    expect(result.requiredApprovals).toBe(2);
    const rules = result.findings.map((f) => `${f.severity} ${f.rule} ${f.line}`);
    expect(rules).toContain('error traffic-concentration 27');
    expect(rules).toContain('error single-point-of-failure 23');
    const web = result.traffic.filter((t) => t.pool === 'web');
    expect(web.map((t) => [t.member, t.before, t.after])).toEqual([
      ['web1', 0.25, 1],
      ['web2', 0.25, 0],
      ['web3', 0.25, 0],
      ['web4', 0.25, 0],
    ]);
    // The untouched api pool is not in the table.
    expect(result.traffic.some((t) => t.pool === 'api')).toBe(false);
    expect(result.files[0]).toMatchObject({ path: 'lb/haproxy.cfg', format: 'haproxy', status: 'modified' });
    expect(result.files[0].diff.text).toContain('+    balance first');
  });

  it('passes a safe change with low risk and the default one approval', () => {
    const result = gate([modified(safe)]);
    expect(result).toMatchObject({ result: 'pass', risk: 'low', requiredApprovals: 1, findings: [] });
    expect(result.traffic.find((t) => t.member === 'web5')).toMatchObject({ before: null, after: 0.2 });
  });

  it('gives risk none for comment-only and reordering-only changes', () => {
    const commented = before.replace('\nbackend web\n', '\n# the storefront\nbackend web   # 4 x m6i.large\n');
    const reordered = before.replace(/(\nbackend web\n[\s\S]*?)(\nbackend api\n[\s\S]*)$/, '$2$1');
    expect(reordered).not.toBe(before);
    for (const after of [commented, reordered]) {
      const result = gate([modified(after)]);
      expect(result).toMatchObject({ result: 'pass', risk: 'none', findings: [], traffic: [] });
      expect(result.files[0].changes).toEqual([]);
    }
  });

  it('applies the policy: severities, options and fail-on', () => {
    const lenient = loadPolicy(
      'rules:\n  traffic-concentration: { max-member-share: 1 }\n  single-point-of-failure: warning\n  capacity-drop: off\n',
    );
    expect(lenient.findings).toEqual([]);
    const result = gate([modified(outage)], { policy: lenient.policy });
    expect(result.findings.map((f) => `${f.severity} ${f.rule}`).sort()).toEqual(['warning algorithm-change', 'warning single-point-of-failure']);
    expect(result).toMatchObject({ result: 'pass', risk: 'medium' });

    const never = loadPolicy('fail-on: never\n').policy;
    expect(gate([modified(outage)], { policy: never })).toMatchObject({ result: 'pass', risk: 'critical' });
    const strict = loadPolicy('fail-on: warning\nrules:\n  traffic-concentration: off\n  single-point-of-failure: off\n').policy;
    expect(gate([modified(outage)], { policy: strict }).result).toBe('fail');
  });

  it('judges added and removed files', () => {
    const added = gate([{ path: 'lb/new-haproxy.cfg', status: 'added', before: null, after: safe }]);
    expect(added.files[0].status).toBe('added');
    expect(added.risk).not.toBe('none');
    const removed = gate([{ path: 'lb/haproxy.cfg', status: 'removed', before, after: null }]);
    expect(removed.result).toBe('fail');
    expect(removed.risk).toBe('critical');
    expect(removed.findings.find((f) => f.rule === 'listener-removed')).toMatchObject({ line: 18, side: 'before' });
  });

  it('follows renames: the old path for the base, the new one for findings', () => {
    const result = gate([{ path: 'lb/edge.haproxy.cfg', previousPath: 'lb/haproxy.cfg', status: 'renamed', before, after: outage }]);
    expect(result.files[0]).toMatchObject({ path: 'lb/edge.haproxy.cfg', previousPath: 'lb/haproxy.cfg' });
    expect(result.files[0].diff.text).toContain('--- a/lb/haproxy.cfg');
    expect(result.findings.find((f) => f.rule === 'traffic-concentration')?.file).toBe('lb/edge.haproxy.cfg');
  });

  it('turns an unreadable new version into a parse-error that fails the gate', () => {
    const broken = outage.replace('server web1 10.0.1.11:8080 weight 100 check', 'server web1');
    const result = gate([modified(broken)]);
    expect(result.result).toBe('fail');
    expect(result.findings.find((f) => f.rule === 'parse-error')).toMatchObject({ severity: 'error', side: 'after', line: 27 });
  });

  it('reports a broken base as a notice, so a fix is not blocked by what it fixes', () => {
    const brokenBase = before.replace('server web4 10.0.1.14:8080 weight 100 check', 'server web4');
    const result = runGate({ files: [{ path: 'lb/haproxy.cfg', status: 'modified', before: brokenBase, after: before }], policy: defaultPolicy() });
    expect(result.findings.find((f) => f.rule === 'parse-error')).toMatchObject({ severity: 'notice', side: 'before' });
    expect(result.result).toBe('pass');
  });

  it('never passes a file it cannot identify or read', () => {
    const unknown = gate([{ path: 'lb/balancer.txt', status: 'modified', before: 'a\n', after: 'b\n' }]);
    expect(unknown.result).toBe('fail');
    expect(unknown.findings[0]).toMatchObject({ rule: 'parse-error', file: 'lb/balancer.txt' });
    const binary = gate([modified('\u0000\u0001\u0002ELF\u0000garbage')]);
    expect(binary.result).toBe('fail');
    expect(binary.findings[0].rule).toBe('parse-error');
  });

  it('puts findings in nginx includes on the included file and line', () => {
    const dir = '__tests__/fixtures/nginx';
    const readInclude = (_side: 'before' | 'after', path: string) => {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return null;
      }
    };
    const result = runGate({
      policy: defaultPolicy(),
      readInclude,
      files: [
        {
          path: `${dir}/site-after-outage/nginx.conf`,
          previousPath: `${dir}/site-before/nginx.conf`,
          status: 'modified',
          before: read(`${dir}/site-before/nginx.conf`),
          after: read(`${dir}/site-after-outage/nginx.conf`),
        },
      ],
    });
    expect(result.result).toBe('fail');
    const concentration = result.findings.filter((f) => f.rule === 'traffic-concentration');
    expect(concentration.length).toBeGreaterThan(0);
    for (const f of concentration) expect(f.file).toBe(`${dir}/site-after-outage/conf.d/upstreams.conf`);
  });

  it('reports policy problems as findings that fail the gate', () => {
    const { policy, findings } = loadPolicy('fail-on: sometimes\n');
    const result = gate([modified(safe)], { policy, policyFindings: findings });
    expect(result.result).toBe('fail');
    expect(result.findings[0]).toMatchObject({ rule: 'schema', file: '.github/lb-gate.yml', line: 1 });
  });
});

describe('runGate without the line diff', () => {
  it('gives the same verdict, findings and traffic, with the diff marked omitted', () => {
    const full = gate([modified(outage)]);
    const lean = gate([modified(outage)], { textDiff: false });
    expect(lean.files[0].diff).toEqual({ text: '', added: 0, removed: 0, truncated: false, omitted: true });
    expect({ ...lean, files: [] }).toEqual({ ...full, files: [] });
    expect(gate([{ path: 'lb/x.json', status: 'modified', before: '{"a":1}', after: '{"a":2}' }], { textDiff: false }).risk).toBe('low');
  });
});

describe('runGate on huge input', () => {
  it('handles an added config with 300,000 servers without overflowing the stack', () => {
    const lines = ['defaults', '    mode http', 'frontend fe', '    bind :80', '    default_backend b0'];
    for (let b = 0; b < 15_000; b++) {
      lines.push(`backend b${b}`);
      for (let s = 0; s < 20; s++) lines.push(`    server s${s} 10.${b >> 8}.${b & 255}.${s}:80 check`);
    }
    const result = runGate({ policy: defaultPolicy(), textDiff: false, files: [{ path: 'lb/huge-haproxy.cfg', status: 'added', before: null, after: lines.join('\n') }] });
    expect(result.files[0].format).toBe('haproxy');
    expect(result.traffic).toHaveLength(300_000);
    expect(result.findings.filter((f) => f.rule === 'parse-error')).toEqual([]);
  });
});
