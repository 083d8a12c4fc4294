// The HAProxy parser on the configurations the HAProxy project ships (/work/shared/corpus/haproxy,
// see its README): each must parse without a problem, and the model must match what the file
// declares, checked against the file's own lines.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../src/formats/haproxy.js';
import type { ParseResult } from '../../src/formats/types.js';
import type { LbConfig, Pool } from '../../src/model.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const corpusDir = path.resolve(repoRoot, '../shared/corpus/haproxy');
const files = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.cfg')).sort() : [];

const parsed = new Map<string, { text: string; result: ParseResult }>();
function parseCorpus(name: string): { text: string; lines: string[]; result: ParseResult } {
  let entry = parsed.get(name);
  if (!entry) {
    const text = readFileSync(path.join(corpusDir, name), 'utf8');
    entry = { text, result: parseHaproxy(text, { file: name }) };
    parsed.set(name, entry);
  }
  return { ...entry, lines: entry.text.split('\n') };
}

function pool(config: LbConfig, name: string): Pool {
  const found = config.pools.find((p) => p.name === name);
  if (!found) throw new Error(`no pool ${name}`);
  return found;
}

/** The first word of a 1-based line. */
function keywordAt(lines: string[], line: number): string {
  return lines[line - 1].trim().split(/\s+/)[0];
}

describe.skipIf(files.length === 0)('haproxy corpus', () => {
  it('holds the files the README lists', () => {
    expect(files.length).toBe(51);
  });

  it.each(files)('%s parses without problems, every element at its declaring line', (name) => {
    const { result, lines } = parseCorpus(name);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('haproxy');
    for (const p of result.model.pools) {
      expect(['backend', 'listen']).toContain(keywordAt(lines, p.loc.line));
      expect(lines[p.loc.line - 1]).toContain(p.name);
      for (const m of p.members) {
        expect(m.loc.file).toBe(name);
        expect(['server', 'server-template']).toContain(keywordAt(lines, m.loc.line));
        expect(Number.isInteger(m.weight) && m.weight >= 0 && m.weight <= 256).toBe(true);
      }
      expect(new Set(p.members.map((m) => m.name)).size).toBe(p.members.length);
    }
    for (const l of result.model.listeners) {
      expect(['frontend', 'listen']).toContain(keywordAt(lines, l.loc.line));
      for (const b of l.binds) expect(['bind', 'frontend', 'listen']).toContain(keywordAt(lines, b.loc.line));
      for (const r of l.routes) expect(keywordAt(lines, r.loc.line)).toBe('use_backend');
    }
  });

  it('models every server line of the proxies it reads', () => {
    // Server lines outside frontend/backend/listen (peers) and in `.if` blocks are not counted.
    for (const name of ['examples_basic-config-edge.cfg', 'tests_conf_test-fwlc.cfg', 'tests_conf_test-stats.cfg']) {
      const { result, lines } = parseCorpus(name);
      const serverLines = lines.filter((l) => /^\s*server\s/.test(l)).length;
      expect(result.model.pools.reduce((n, p) => n + p.members.length, 0), name).toBe(serverLines);
    }
  });

  it('reads the edge example: stats page, TLS and QUIC binds, random balancing with HTTP checks', () => {
    const { result } = parseCorpus('examples_basic-config-edge.cfg');
    const config = result.model;
    expect(config.listeners.map((l) => [l.name, l.binds.map((b) => [b.address, b.port, b.tls]), l.defaultTargets])).toEqual([
      ['stats', [['', 8181, false]], []],
      [
        'pub1',
        [
          ['', 80, false],
          ['', 443, true],
          ['quic4@', 443, true],
        ],
        [{ pool: 'app1', weight: 1 }],
      ],
    ]);
    const app1 = pool(config, 'app1');
    expect(app1.algorithm).toBe('random');
    expect(app1.healthCheck).toEqual({ enabled: true, kind: 'http', path: '/', intervalMs: 1000, loc: { file: 'examples_basic-config-edge.cfg', line: 124 } });
    expect(app1.timeouts).toEqual({ client: 60_000, server: 60_000, connect: 10_000, 'http-keep-alive': 120_000, queue: 15_000, tunnel: 14_400_000 });
    expect(app1.members.map((m) => `${m.name}=${m.address}:${m.port}`)).toEqual([
      'srv1=192.0.2.1:80',
      'srv2=192.0.2.2:80',
      'srv3=192.0.2.3:80',
      'srv4=192.0.2.4:80',
    ]);
  });

  it('reads content switching: routes to static, default to dynamic', () => {
    const { result } = parseCorpus('examples_content-sw-sample.cfg');
    const [pub] = result.model.listeners;
    expect(pub.routes.map((r) => [r.match, r.targets[0].pool])).toEqual([
      ['if { hdr_beg(host) -i img }', 'static'],
      ['if { path_beg /img /css }', 'static'],
    ]);
    expect(pub.defaultTargets).toEqual([{ pool: 'dynamic', weight: 1 }]);
    expect(pool(result.model, 'dynamic').healthCheck.path).toBe('/login.php');
  });

  it('reads weights, backups and allbackups', () => {
    const { result } = parseCorpus('tests_conf_test-disable-404.cfg');
    const sample = pool(result.model, 'sample1');
    expect(sample.allBackups).toBe(true);
    expect(sample.healthCheck).toMatchObject({ enabled: true, kind: 'http', path: '/alive', intervalMs: 1000 });
    expect(sample.members.map((m) => [m.name, m.weight, m.state])).toEqual([
      ['act1', 10, 'active'],
      ['act2', 20, 'active'],
      ['act3', 30, 'active'],
      ['act4', 40, 'active'],
      ['bck1', 10, 'backup'],
      ['bck2', 20, 'backup'],
      ['bck3', 30, 'backup'],
      ['bck4', 40, 'backup'],
    ]);
  });

  it('reads 5000 servers with their own check intervals', () => {
    const { result } = parseCorpus('tests_conf_test-stats.cfg');
    const thousand = pool(result.model, 'Thousand_HTTP');
    expect(thousand.members).toHaveLength(5000);
    expect(thousand.members[0]).toMatchObject({ name: '127.0.0.001', address: '127.0.0.1', port: 8080, weight: 10, healthChecked: true });
    expect(thousand.healthCheck.intervalMs).toBe(2233);
  });

  it('reads url_param hashing', () => {
    const { result } = parseCorpus('tests_conf_test-url-hash.cfg');
    const hashed = result.model.pools.filter((p) => p.algorithm === 'url_param');
    expect(hashed.length).toBeGreaterThan(0);
    for (const p of hashed) expect(p.hashKey).toMatch(/^url_param \S+/);
  });

  it('reads the old address-on-section-line syntax and odd names without complaint', () => {
    const syntax = parseCorpus('tests_conf_test-address-syntax.cfg').result.model;
    expect(syntax.listeners.find((l) => l.name === 'b12')?.binds.map((b) => b.address)).toEqual([':12000-12009', ':12020-12029']);
    expect(pool(syntax, 'l40').members.map((m) => m.name)).toEqual(['s1', 's2', 's3', 's3#2', 's3#3']);
    const names = parseCorpus('tests_conf_test-valid-names.cfg').result.model;
    expect(pool(names, 'bk2_srv').members.map((m) => m.name)).toEqual(['bk2/srv-1']);
  });

  it('skips sections that do not carry traffic', () => {
    expect(parseCorpus('examples_traces.cfg').result.model).toMatchObject({ listeners: [], pools: [] });
    expect(parseCorpus('examples_keylog-test.cfg').result.model.pools.map((p) => p.name)).not.toContain('keylog-fc');
  });
});
