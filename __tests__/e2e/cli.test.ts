// The built CLI (dist/cli.js) as a user runs it: exit codes, output formats, /dev/null sides,
// --git mode in a real repository with the policy read at the base ref, and usage errors.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');
const EXAMPLES = resolve('examples/outage');
const before = join(EXAMPLES, 'haproxy.before.cfg');
const outage = join(EXAMPLES, 'haproxy.after.cfg');
const safe = join(EXAMPLES, 'haproxy.safe.cfg');

function cli(args: string[], cwd = process.cwd()) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests.`);
});

describe('lb-gate check FILES', () => {
  it('exits 1 on the outage and prints the verdict first, then findings and the traffic table', () => {
    const { code, stdout } = cli(['check', before, outage]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('lb-gate: FAIL');
    expect(stdout.indexOf('traffic-concentration')).toBeLessThan(stdout.indexOf('web1     25.0%'));
    expect(stdout).toMatch(/web1\s+25\.0%\s+->\s+100\.0%/);
  });

  it('exits 0 on a safe change', () => {
    expect(cli(['check', before, safe]).code).toBe(0);
  });

  it('prints the JSON contract', () => {
    const { code, stdout } = cli(['check', before, outage, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ result: 'fail', risk: 'critical', requiredApprovals: 2 });
    expect(report.findings[0]).toEqual(
      expect.objectContaining({ rule: expect.any(String), severity: 'error', message: expect.any(String), file: outage, line: expect.any(Number) }),
    );
    expect(report.files).toEqual([expect.objectContaining({ path: outage, format: 'haproxy', status: 'modified', findings: expect.any(Array) })]);
    expect(report.traffic).toContainEqual({ file: outage, pool: 'web', member: 'web1', before: 0.25, after: 1 });
  });

  it('reads /dev/null as an absent side', () => {
    const removed = JSON.parse(cli(['check', before, '/dev/null', '--format', 'json']).stdout);
    expect(removed.files[0]).toMatchObject({ status: 'removed', path: before });
    expect(removed.findings.some((f: { rule: string }) => f.rule === 'listener-removed')).toBe(true);
    expect(removed.traffic.find((t: { member: string }) => t.member === 'web1')).toMatchObject({ before: 0.25, after: null });
    const added = JSON.parse(cli(['check', '/dev/null', safe, '--format', 'json']).stdout);
    expect(added.files[0].status).toBe('added');
  });

  it('honours --fail-on, --config and --as', () => {
    expect(cli(['check', before, outage, '--fail-on', 'never']).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'lb-gate-cli-'));
    try {
      writeFileSync(join(dir, 'policy.yml'), 'rules:\n  traffic-concentration: off\n  single-point-of-failure: off\n');
      expect(cli(['check', before, outage, '--config', join(dir, 'policy.yml')]).code).toBe(0);
      writeFileSync(join(dir, 'edge.txt'), readFileSync(outage, 'utf8'));
      writeFileSync(join(dir, 'edge-old.txt'), readFileSync(before, 'utf8'));
      expect(cli(['check', join(dir, 'edge-old.txt'), join(dir, 'edge.txt')]).code).toBe(1); // unknown format: a finding
      const forced = JSON.parse(cli(['check', join(dir, 'edge-old.txt'), join(dir, 'edge.txt'), '--as', 'haproxy', '--format', 'json']).stdout);
      expect(forced.files[0].format).toBe('haproxy');
      expect(forced.risk).toBe('critical');
      writeFileSync(join(dir, 'bad.yml'), 'fail-on: sometimes\n');
      const badPolicy = cli(['check', before, safe, '--config', join(dir, 'bad.yml'), '--format', 'json']);
      expect(badPolicy.code).toBe(1);
      expect(JSON.parse(badPolicy.stdout).findings[0]).toMatchObject({ rule: 'schema', line: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints markdown and SARIF', () => {
    expect(cli(['check', before, outage, '--format', 'markdown']).stdout).toContain('`traffic-concentration`');
    const sarif = JSON.parse(cli(['check', before, outage, '--format', 'sarif']).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('exits 2 with one line on stderr for usage and I/O errors', () => {
    for (const args of [[], ['frobnicate'], ['check', before], ['check', before, '/no/such/file'], ['check', before, safe, '--format', 'xml'], ['check', before, safe, '--as', 'f5'], ['check', '--bogus']]) {
      const { code, stderr, stdout } = cli(args);
      expect([args, code]).toEqual([args, 2]);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^lb-gate: /);
      expect(stdout).toBe('');
    }
    expect(cli(['check', before, '/no/such/file']).stderr).toContain('/no/such/file');
  });
});

describe('lb-gate check --git', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'lb-gate-git-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'ci');
    mkdirSync(join(repo, 'lb'), { recursive: true });
    mkdirSync(join(repo, '.github'), { recursive: true });
    writeFileSync(join(repo, 'lb/haproxy.cfg'), readFileSync(before, 'utf8'));
    writeFileSync(join(repo, 'lb/old-haproxy.cfg'), readFileSync(safe, 'utf8'));
    writeFileSync(join(repo, 'README.md'), 'infra\n');
    writeFileSync(join(repo, '.github/lb-gate.yml'), 'paths: ["lb/**/*.cfg"]\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('tag', 'base');
    // The branch: the outage, a rename, a new file, an unrelated file, and a looser policy.
    writeFileSync(join(repo, 'lb/haproxy.cfg'), readFileSync(outage, 'utf8'));
    git('mv', 'lb/old-haproxy.cfg', 'lb/edge-haproxy.cfg');
    writeFileSync(join(repo, 'lb/new-haproxy.cfg'), readFileSync(safe, 'utf8'));
    writeFileSync(join(repo, 'README.md'), 'infra, changed\n');
    writeFileSync(join(repo, '.github/lb-gate.yml'), 'paths: ["lb/**/*.cfg"]\nfail-on: never\n');
    git('add', '-A');
    git('commit', '-qm', 'change');
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('gates every matching changed file, with renames, judged by the base policy', () => {
    const { code, stdout } = cli(['check', '--git', 'base', '--format', 'json'], repo);
    expect(code).toBe(1); // the branch's fail-on: never does not apply to itself
    const report = JSON.parse(stdout);
    const files = report.files.map((f: { path: string; status: string; previousPath?: string }) => [f.path, f.status, f.previousPath ?? null]);
    expect(files.sort()).toEqual([
      ['lb/edge-haproxy.cfg', 'renamed', 'lb/old-haproxy.cfg'],
      ['lb/haproxy.cfg', 'modified', null],
      ['lb/new-haproxy.cfg', 'added', null],
    ]);
    expect(report.risk).toBe('critical');
  });

  it('works from a subdirectory and with an explicit --head', () => {
    const { code, stdout } = cli(['check', '--git', 'base', '--head', 'HEAD', '--format', 'json'], join(repo, 'lb'));
    expect(code).toBe(1);
    expect(JSON.parse(stdout).files).toHaveLength(3);
  });

  it('passes when nothing matching changed, and exits 2 for an unknown ref', () => {
    const same = cli(['check', '--git', 'HEAD', '--format', 'json'], repo);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ result: 'pass', risk: 'none', files: [] });
    const bad = cli(['check', '--git', 'no-such-ref'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('lb-gate:');
  });
});
