// The HAProxy parser: the model it builds from realistic and edge-case configs (names, ports,
// weights, states, algorithms, health checks, timeouts, lines), inheritance from defaults, the
// tokenizer's quoting rules, every problem it reports, bounded work on hostile input, and, when
// the haproxy binary is installed, agreement with `haproxy -c` on the fixtures.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAddress } from '../../src/formats/haproxy-address.js';
import { isConstantSampleExpr, parseBalance } from '../../src/formats/haproxy-balance.js';
import { evaluateCondition } from '../../src/formats/haproxy-condition.js';
import { parseHaproxyTime } from '../../src/formats/haproxy-time.js';
import { LineTokenizer, MAX_LINE_WORDS } from '../../src/formats/haproxy-tokenize.js';
import { haproxyParser, parseHaproxy } from '../../src/formats/haproxy.js';
import type { ParseResult } from '../../src/formats/types.js';
import type { LbConfig, Listener, Member, Pool } from '../../src/model.js';
import { poolShares } from '../../src/model.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/haproxy/', import.meta.url));
const FILE = 'lb/haproxy.cfg';

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

function parse(text: string): ParseResult {
  return parseHaproxy(text, { file: FILE });
}

/** Parses text that must be free of problems. */
function model(text: string): LbConfig {
  const result = parse(text);
  expect(result.problems).toEqual([]);
  return result.model;
}

function pool(config: LbConfig, name: string): Pool {
  const found = config.pools.find((p) => p.name === name);
  if (!found) throw new Error(`no pool ${name} in ${config.pools.map((p) => p.name).join(', ')}`);
  return found;
}

function listener(config: LbConfig, name: string): Listener {
  const found = config.listeners.find((l) => l.name === name);
  if (!found) throw new Error(`no listener ${name}`);
  return found;
}

function member(p: Pool, name: string): Member {
  const found = p.members.find((m) => m.name === name);
  if (!found) throw new Error(`no member ${name} in ${p.name}`);
  return found;
}

const loc = (line: number) => ({ file: FILE, line });

/** A backend section body under a minimal defaults section (lines: 1 defaults, 2 timeout, 3 backend). */
function backend(...lines: string[]): string {
  return ['defaults', '    timeout connect 5s', 'backend app', ...lines.map((l) => `    ${l}`)].join('\n');
}

function tokens(line: string): { words: string[]; error: { message: string; column: number } | null } {
  const tokenizer = new LineTokenizer();
  const words = tokenizer.tokenize(line, 0, line.length);
  return { words, error: tokenizer.error };
}

describe('haproxyParser', () => {
  it('is registered under the haproxy id and parses like parseHaproxy', () => {
    expect(haproxyParser.id).toBe('haproxy');
    const text = fixture('shop-before.cfg');
    expect(haproxyParser.parse(text, { file: FILE })).toEqual(parseHaproxy(text, { file: FILE }));
  });

  it('returns an empty model for an empty or comment-only file', () => {
    expect(parse('')).toEqual({ format: 'haproxy', model: { format: 'haproxy', file: FILE, listeners: [], pools: [] }, problems: [] });
    expect(parse('# nothing here\n\n   # still nothing\n').problems).toEqual([]);
  });
});

describe('shop-before.cfg', () => {
  const config = model(fixture('shop-before.cfg'));

  it('has one frontend and the stats listen as listeners, in file order', () => {
    expect(config.format).toBe('haproxy');
    expect(config.file).toBe(FILE);
    expect(config.listeners.map((l) => l.name)).toEqual(['shop_edge', 'stats']);
    expect(config.pools.map((p) => p.name)).toEqual(['web', 'api', 'static', 'admin', 'stats']);
  });

  it('reads the frontend binds, routes and default backend with their lines', () => {
    expect(listener(config, 'shop_edge')).toEqual({
      name: 'shop_edge',
      binds: [
        { address: '', port: 80, tls: false, loc: loc(29) },
        { address: '', port: 443, tls: true, loc: loc(30) },
      ],
      routes: [
        { match: 'if is_api', targets: [{ pool: 'api', weight: 1 }], loc: loc(38) },
        { match: 'if is_static', targets: [{ pool: 'static', weight: 1 }], loc: loc(39) },
        { match: 'if is_admin', targets: [{ pool: 'admin', weight: 1 }], loc: loc(40) },
      ],
      defaultTargets: [{ pool: 'web', weight: 1 }],
      loc: loc(28),
    });
  });

  it('reads the web backend exactly: weights, backup, checks inherited from defaults', () => {
    expect(pool(config, 'web')).toEqual({
      name: 'web',
      algorithm: 'roundrobin',
      allBackups: false,
      healthCheck: { enabled: true, kind: 'http', path: '/healthz', intervalMs: 3000, loc: loc(18) },
      timeouts: {
        connect: 5000,
        client: 30_000,
        server: 30_000,
        queue: 10_000,
        'http-request': 10_000,
        'http-keep-alive': 15_000,
        check: 3000,
      },
      members: [
        { name: 'web1', address: '10.0.1.11', port: 8080, weight: 100, state: 'active', healthChecked: true, loc: loc(48) },
        { name: 'web2', address: '10.0.1.12', port: 8080, weight: 100, state: 'active', healthChecked: true, loc: loc(49) },
        { name: 'web3', address: '10.0.1.13', port: 8080, weight: 50, state: 'active', healthChecked: true, loc: loc(50) },
        { name: 'web-spare', address: '10.0.1.19', port: 8080, weight: 1, state: 'backup', healthChecked: true, loc: loc(51) },
      ],
      loc: loc(44),
    });
  });

  it('takes the check path from http-check send over option httpchk', () => {
    const api = pool(config, 'api');
    expect(api.algorithm).toBe('leastconn');
    expect(api.healthCheck).toEqual({ enabled: true, kind: 'http', path: '/api/health', intervalMs: 3000, loc: loc(55) });
    expect(api.members.map((m) => [m.name, m.port, m.weight])).toEqual([
      ['api1', 9000, 1],
      ['api2', 9000, 1],
      ['api3', 9000, 1],
    ]);
  });

  it('keeps the hash key of balance uri and per-server check intervals', () => {
    const assets = pool(config, 'static');
    expect(assets.algorithm).toBe('uri');
    expect(assets.hashKey).toBe('uri');
    expect(assets.hashKeyConstant).toBeUndefined();
    expect(assets.healthCheck).toEqual({ enabled: true, kind: 'http', path: '/static/ping.txt', intervalMs: 10_000, loc: loc(65) });
  });

  it('lets a backend override an inherited timeout', () => {
    const admin = pool(config, 'admin');
    expect(admin.timeouts.server).toBe(120_000);
    expect(admin.timeouts.connect).toBe(5000);
    expect(admin.healthCheck.path).toBe('/admin/health');
    expect(admin.members).toEqual([
      { name: 'admin1', address: '10.0.4.41', port: 8443, weight: 1, state: 'active', healthChecked: true, loc: loc(72) },
    ]);
  });

  it('models listen stats as a listener sending to a pool of its own name', () => {
    expect(listener(config, 'stats')).toEqual({
      name: 'stats',
      binds: [{ address: '127.0.0.1', port: 8404, tls: false, loc: loc(75) }],
      routes: [],
      defaultTargets: [{ pool: 'stats', weight: 1 }],
      loc: loc(74),
    });
    const stats = pool(config, 'stats');
    expect(stats.members).toEqual([]);
    // The defaults' option httpchk is configured, but no server runs it.
    expect(stats.healthCheck).toEqual({ enabled: false, kind: 'http', path: '/healthz', loc: loc(18) });
  });

  it('gives weight-proportional traffic shares with the backup idle', () => {
    const shares = poolShares(pool(config, 'web')).shares;
    expect(shares.get('web1')).toBeCloseTo(0.4);
    expect(shares.get('web2')).toBeCloseTo(0.4);
    expect(shares.get('web3')).toBeCloseTo(0.2);
    expect(shares.get('web-spare')).toBe(0);
  });
});

describe('shop-after-*.cfg', () => {
  const before = model(fixture('shop-before.cfg'));

  /** The model without source lines, with elements sorted by name: what a semantic diff compares. */
  function semantic(config: LbConfig): LbConfig {
    const plain = JSON.parse(JSON.stringify(config, (key, value) => (key === 'loc' ? undefined : value))) as LbConfig;
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    plain.listeners.sort(byName);
    for (const l of plain.listeners) l.binds.sort((a, b) => `${a.address}:${a.port}`.localeCompare(`${b.address}:${b.port}`));
    plain.pools.sort(byName);
    for (const p of plain.pools) p.members.sort(byName);
    return { ...plain, file: '' };
  }

  it('first: the main backend switches to balance first, sending everything to web1', () => {
    const after = model(fixture('shop-after-first.cfg'));
    expect(pool(after, 'web').algorithm).toBe('first');
    const shares = poolShares(pool(after, 'web'));
    expect(shares.basis).toBe('first');
    expect(shares.shares.get('web1')).toBe(1);
    expect(semantic({ ...after, pools: after.pools.filter((p) => p.name !== 'web') })).toEqual(
      semantic({ ...before, pools: before.pools.filter((p) => p.name !== 'web') }),
    );
  });

  it('weights: all but one web server weighted 0', () => {
    const web = pool(model(fixture('shop-after-weights.cfg')), 'web');
    expect(web.members.map((m) => [m.name, m.weight, m.state])).toEqual([
      ['web1', 100, 'active'],
      ['web2', 0, 'active'],
      ['web3', 0, 'active'],
      ['web-spare', 1, 'backup'],
    ]);
    expect(poolShares(web).shares.get('web1')).toBe(1);
  });

  it('reordered: sections, servers, units and comments differ but the model is the same', () => {
    const after = model(fixture('shop-after-reordered.cfg'));
    expect(after.pools.map((p) => p.name)).toEqual(['admin', 'api', 'static', 'web', 'stats']);
    expect(semantic(after)).toEqual(semantic(before));
  });

  it('nocheck: no server is health-checked any more', () => {
    const after = model(fixture('shop-after-nocheck.cfg'));
    for (const p of after.pools) {
      expect(p.healthCheck.enabled, p.name).toBe(false);
      expect(p.members.every((m) => !m.healthChecked), p.name).toBe(true);
    }
    expect(pool(after, 'web').healthCheck).toEqual({ enabled: false, kind: 'http', path: '/healthz', loc: loc(18) });
  });

  it('safe: one web server added, everything else unchanged', () => {
    const after = model(fixture('shop-after-safe.cfg'));
    const web = pool(after, 'web');
    expect(web.members.map((m) => m.name)).toEqual(['web1', 'web2', 'web3', 'web4', 'web-spare']);
    expect(member(web, 'web4')).toEqual({
      name: 'web4',
      address: '10.0.1.14',
      port: 8080,
      weight: 50,
      state: 'active',
      healthChecked: true,
      loc: loc(51),
    });
    expect(semantic({ ...after, pools: after.pools.filter((p) => p.name !== 'web') })).toEqual(
      semantic({ ...before, pools: before.pools.filter((p) => p.name !== 'web') }),
    );
  });
});

describe('features.cfg', () => {
  const config = model(fixture('features.cfg'));

  it('reads IPv6, UNIX, family-prefixed and ranged binds, tls only where ssl is set', () => {
    expect(listener(config, 'www').binds).toEqual([
      { address: '::', port: 8080, tls: false, loc: loc(25) },
      { address: '0.0.0.0', port: 8081, tls: false, loc: loc(25) },
      { address: 'ipv4@127.0.0.1', port: 8443, tls: true, loc: loc(26) },
      { address: 'unix@/tmp/lb-gate-features.sock', port: null, tls: false, loc: loc(27) },
      { address: ':9000-9002', port: null, tls: false, loc: loc(28) },
    ]);
  });

  it('marks a computed backend name as dynamic and keeps unless conditions', () => {
    const www = listener(config, 'www');
    expect(www.routes).toEqual([
      { match: 'if { req.hdr(x-pool) -m found }', targets: [{ pool: 'be_%[req.hdr(x-pool)]', weight: 1, dynamic: true }], loc: loc(29) },
      { match: 'unless { path_beg /legacy/ }', targets: [{ pool: 'app', weight: 1 }], loc: loc(30) },
    ]);
    expect(www.defaultTargets).toEqual([{ pool: 'legacy', weight: 1 }]);
  });

  it('skips sections inside .if 0', () => {
    expect(config.pools.map((p) => p.name)).toEqual(['app', 'legacy', 'be_blue', 'db']);
  });

  it('expands server-template and layers default-server from the named defaults and the backend', () => {
    const app = pool(config, 'app');
    expect(app.algorithm).toBe('hash');
    expect(app.hashKey).toBe('req.hdr(x-user-id)');
    expect(app.hashKeyConstant).toBe(false);
    expect(app.timeouts).toEqual({ connect: 4000, client: 20_000, server: 20_000 });
    expect(app.members).toEqual([
      { name: 'app1', address: '10.1.0.10', port: 8000, weight: 20, state: 'active', healthChecked: true, loc: loc(42) },
      { name: 'app2', address: '10.1.0.10', port: 8000, weight: 20, state: 'active', healthChecked: true, loc: loc(42) },
      { name: 'app3', address: '10.1.0.10', port: 8000, weight: 20, state: 'active', healthChecked: true, loc: loc(42) },
      { name: 'app-canary', address: '10.1.0.99', port: 8000, weight: 1, state: 'active', healthChecked: false, loc: loc(43) },
      { name: 'app-old', address: '10.1.0.98', port: 8000, weight: 20, state: 'disabled', healthChecked: true, loc: loc(44) },
    ]);
    expect(app.healthCheck).toEqual({ enabled: true, kind: 'http', path: '/ping', intervalMs: 5000, loc: loc(14) });
  });

  it('reads a constant hash key and allbackups', () => {
    const legacy = pool(config, 'legacy');
    expect(legacy.algorithm).toBe('hash');
    expect(legacy.hashKey).toBe('str(legacy)');
    expect(legacy.hashKeyConstant).toBe(true);
    expect(legacy.allBackups).toBe(true);
    expect(legacy.healthCheck).toEqual({ enabled: false, kind: 'http', path: '/ping', loc: loc(14) });
    expect(legacy.members.map((m) => [m.name, m.state, m.weight])).toEqual([
      ['legacy1', 'active', 10],
      ['legacy-b1', 'backup', 10],
      ['legacy-b2', 'backup', 10],
    ]);
    expect(poolShares(legacy).basis).toBe('constant-hash');
  });

  it('reads a quoted server address and a sub-second check interval', () => {
    expect(pool(config, 'be_blue').members).toEqual([
      { name: 'blue1', address: '10.4.0.1', port: 80, weight: 10, state: 'active', healthChecked: true, loc: loc(54) },
    ]);
    expect(pool(config, 'be_blue').healthCheck.intervalMs).toBe(500);
  });

  it('inherits from the named tcp defaults in a listen section', () => {
    const db = pool(config, 'db');
    expect(db.algorithm).toBe('leastconn');
    expect(db.timeouts).toEqual({ connect: 2000, client: 3_600_000, server: 3_600_000 });
    expect(db.healthCheck).toEqual({ enabled: true, kind: 'mysql', intervalMs: 2000, loc: loc(58) });
    expect(db.members.map((m) => [m.name, m.state, m.weight, m.healthChecked])).toEqual([
      ['db1', 'active', 1, true],
      ['db2', 'backup', 1, true],
    ]);
    expect(listener(config, 'db').defaultTargets).toEqual([{ pool: 'db', weight: 1 }]);
  });
});

describe('defaults inheritance', () => {
  it('applies the last preceding defaults section, and a new one starts from scratch', () => {
    const config = model(
      [
        'defaults',
        '    balance leastconn',
        '    timeout server 10s',
        '    option allbackups',
        'backend one',
        '    server a 10.0.0.1:80',
        'defaults',
        '    timeout connect 3s',
        'backend two',
        '    server a 10.0.0.1:80',
      ].join('\n'),
    );
    expect(pool(config, 'one')).toMatchObject({ algorithm: 'leastconn', allBackups: true, timeouts: { server: 10_000 } });
    expect(pool(config, 'two')).toMatchObject({ algorithm: 'roundrobin', allBackups: false, timeouts: { connect: 3000 } });
    expect(pool(config, 'two').timeouts).toEqual({ connect: 3000 });
  });

  it('uses the named defaults given with from, not the last one, and chains defaults from defaults', () => {
    const config = model(
      [
        'defaults base',
        '    balance source',
        '    timeout connect 1s',
        '    default-server weight 7 check',
        'defaults derived from base',
        '    timeout server 9s',
        'defaults other',
        '    balance first',
        'backend a from base',
        '    server s 10.0.0.1:80',
        'backend b from derived',
        '    server s 10.0.0.1:80',
        'backend c',
        '    server s 10.0.0.1:80',
      ].join('\n'),
    );
    expect(pool(config, 'a')).toMatchObject({ algorithm: 'source', hashKey: 'source', timeouts: { connect: 1000 } });
    expect(pool(config, 'b').timeouts).toEqual({ connect: 1000, server: 9000 });
    expect(pool(config, 'b').members[0]).toMatchObject({ weight: 7, healthChecked: true });
    expect(pool(config, 'c').algorithm).toBe('first');
    expect(pool(config, 'c').members[0]).toMatchObject({ weight: 1, healthChecked: false });
  });

  it('does not let a section change the defaults it inherited from', () => {
    const config = model(
      ['defaults', '    timeout server 5s', 'backend a', '    timeout server 1m', 'backend b', '    server s 10.0.0.1:80'].join('\n'),
    );
    expect(pool(config, 'a').timeouts.server).toBe(60_000);
    expect(pool(config, 'b').timeouts.server).toBe(5000);
  });

  it('inherits default_backend into frontends and listen sections', () => {
    const config = model(
      [
        'defaults',
        '    default_backend fallback',
        'frontend fe',
        '    bind :80',
        'listen li',
        '    bind :81',
        '    server s 10.0.0.1:80',
        'frontend own',
        '    bind :82',
        '    default_backend other',
      ].join('\n'),
    );
    expect(listener(config, 'fe').defaultTargets).toEqual([{ pool: 'fallback', weight: 1 }]);
    expect(listener(config, 'li').defaultTargets).toEqual([{ pool: 'fallback', weight: 1 }]);
    expect(listener(config, 'own').defaultTargets).toEqual([{ pool: 'other', weight: 1 }]);
  });

  it('cancels an inherited option allbackups with no option allbackups', () => {
    const config = model(['defaults', '    option allbackups', 'backend b', '    no option allbackups'].join('\n'));
    expect(pool(config, 'b').allBackups).toBe(false);
  });

  it('lets per-server settings override default-server, and later default-server lines apply to later servers', () => {
    const config = model(
      backend(
        'default-server weight 5 backup inter 4s check',
        'server a 10.0.0.1:80',
        'server b 10.0.0.2:80 weight 9 no-backup no-check',
        'default-server disabled',
        'server c 10.0.0.3:80',
        'server d 10.0.0.4:80 enabled',
      ),
    );
    expect(pool(config, 'app').members.map((m) => [m.name, m.weight, m.state, m.healthChecked])).toEqual([
      ['a', 5, 'backup', true],
      ['b', 9, 'active', false],
      ['c', 5, 'disabled', true],
      ['d', 5, 'backup', true],
    ]);
    expect(pool(config, 'app').healthCheck.intervalMs).toBe(4000);
  });

  it('marks every server of a disabled backend disabled', () => {
    const config = model(backend('disabled', 'server a 10.0.0.1:80', 'server b 10.0.0.2:80'));
    expect(pool(config, 'app').members.map((m) => m.state)).toEqual(['disabled', 'disabled']);
  });
});

describe('servers', () => {
  it('defaults to weight 1, active, not checked, and port null when none is given', () => {
    expect(pool(model(backend('server a app.internal')), 'app').members).toEqual([
      { name: 'a', address: 'app.internal', port: null, weight: 1, state: 'active', healthChecked: false, loc: loc(4) },
    ]);
  });

  it('reads every address form HAProxy accepts', () => {
    const config = model(
      backend(
        'server v4 192.0.2.1:8080',
        'server v6 [2001:db8::1]:443',
        'server v6bare 2001:db8::1:443',
        'server v6noport 1::1:',
        'server any :80',
        'server star *:81',
        'server offset 192.0.2.2:+1000',
        'server sock unix@/run/app.sock',
        'server path /run/app2.sock',
        'server prefixed ipv4@192.0.2.3:82',
        'server env "${APP_HOST}:${APP_PORT}"',
        'server reverse rhttp@',
      ),
    );
    expect(pool(config, 'app').members.map((m) => [m.name, m.address, m.port])).toEqual([
      ['v4', '192.0.2.1', 8080],
      ['v6', '2001:db8::1', 443],
      ['v6bare', '2001:db8::1', 443],
      ['v6noport', '1::1', null],
      ['any', '', 80],
      ['star', '*', 81],
      ['offset', '192.0.2.2', null],
      ['sock', 'unix@/run/app.sock', null],
      ['path', '/run/app2.sock', null],
      ['prefixed', 'ipv4@192.0.2.3', 82],
      ['env', '${APP_HOST}', null],
      ['reverse', 'rhttp@', null],
    ]);
  });

  it('reads weights from 0 to 256', () => {
    const config = model(backend('server a 10.0.0.1:80 weight 0', 'server b 10.0.0.2:80 weight 256'));
    expect(pool(config, 'app').members.map((m) => m.weight)).toEqual([0, 256]);
  });

  it('does not mistake the value of another keyword for a flag', () => {
    const config = model(
      backend('server a 10.0.0.1:80 cookie backup id 3 maxconn 10 check', 'server b 10.0.0.2:80 track app/a disabled'),
    );
    expect(pool(config, 'app').members.map((m) => [m.name, m.state, m.healthChecked])).toEqual([
      ['a', 'active', true],
      ['b', 'disabled', false],
    ]);
  });

  it('uses the check interval of the first checked server, or 2 s', () => {
    expect(pool(model(backend('server a 10.0.0.1:80', 'server b 10.0.0.2:80 check inter 1500ms')), 'app').healthCheck).toEqual({
      enabled: true,
      kind: 'tcp',
      intervalMs: 1500,
      loc: loc(5),
    });
    expect(pool(model(backend('server a 10.0.0.1:80 check')), 'app').healthCheck.intervalMs).toBe(2000);
  });

  it('expands server-template counts and ranges with the template line', () => {
    const config = model(backend('server-template web 3 app.internal:8080 check', 'server-template api 5-6 api.internal weight 4'));
    expect(pool(config, 'app').members.map((m) => [m.name, m.address, m.port, m.weight, m.healthChecked, m.loc.line])).toEqual([
      ['web1', 'app.internal', 8080, 1, true, 4],
      ['web2', 'app.internal', 8080, 1, true, 4],
      ['web3', 'app.internal', 8080, 1, true, 4],
      ['api5', 'api.internal', null, 4, false, 5],
      ['api6', 'api.internal', null, 4, false, 5],
    ]);
  });

  it('reports a server-template asking for more servers than lb-gate models, and models the first ones', () => {
    const result = parse(backend('server-template s 1-50000 app.internal:80'));
    expect(result.problems).toEqual([
      { message: 'backend "app": server-template "s" asks for 50000 servers; lb-gate models only the first 10000', line: 4 },
    ]);
    expect(pool(result.model, 'app').members).toHaveLength(10_000);
  });
});

describe('binds', () => {
  function binds(...lines: string[]) {
    const config = model(['frontend fe', ...lines.map((l) => `    ${l}`)].join('\n'));
    return listener(config, 'fe').binds.map((b) => [b.address, b.port, b.tls]);
  }

  it('reads every address form HAProxy accepts', () => {
    expect(
      binds(
        'bind :80',
        'bind *:443',
        'bind 0.0.0.0:8080',
        'bind [::]:8443',
        'bind :::8081',
        'bind ipv6@:8082',
        'bind /run/haproxy/fe.sock',
        'bind abns@fe-socket',
        'bind fd@3',
        'bind sockpair@4',
        'bind :8000-8010',
        'bind :9000-9000',
        'bind "${LISTEN_ADDR}"',
      ),
    ).toEqual([
      ['', 80, false],
      ['*', 443, false],
      ['0.0.0.0', 8080, false],
      ['::', 8443, false],
      ['::', 8081, false],
      ['ipv6@', 8082, false],
      ['/run/haproxy/fe.sock', null, false],
      ['abns@fe-socket', null, false],
      ['fd@3', null, false],
      ['sockpair@4', null, false],
      [':8000-8010', null, false],
      ['', 9000, false],
      ['${LISTEN_ADDR}', null, false],
    ]);
  });

  it('makes one bind per comma-separated address, all sharing the line and tls', () => {
    expect(binds('bind :80,:81,[::1]:82 ssl crt site.pem')).toEqual([
      ['', 80, true],
      ['', 81, true],
      ['::1', 82, true],
    ]);
  });

  it('sets tls only for the ssl flag or QUIC, not for a value that reads "ssl"', () => {
    expect(binds('bind :443 alpn h2 ssl crt /etc/site.pem', 'bind :444 name ssl', 'bind quic4@:443 crt site.pem', 'bind :445 crt ssl')).toEqual([
      ['', 443, true],
      ['', 444, false],
      ['quic4@', 443, true],
      ['', 445, false],
    ]);
  });

  it('reads addresses written on the section line, as HAProxy before 1.5 did', () => {
    const config = model(['listen old :8080,:8081', '    server s 10.0.0.1:80', 'frontend old_fe 127.0.0.1:9000'].join('\n'));
    expect(listener(config, 'old').binds).toEqual([
      { address: '', port: 8080, tls: false, loc: loc(1) },
      { address: '', port: 8081, tls: false, loc: loc(1) },
    ]);
    expect(listener(config, 'old_fe').binds).toEqual([{ address: '127.0.0.1', port: 9000, tls: false, loc: loc(3) }]);
  });
});

describe('routes', () => {
  function routes(...lines: string[]) {
    return listener(model(['frontend fe', '    bind :80', ...lines.map((l) => `    ${l}`)].join('\n')), 'fe');
  }

  it('reads if, unless and unconditional use_backend rules in order', () => {
    const fe = routes('use_backend api if { path_beg /api } METH_POST', 'use_backend web unless is_static', 'use_backend all', 'use_backend bare if');
    expect(fe.routes.map((r) => [r.match, r.targets, r.loc.line])).toEqual([
      ['if { path_beg /api } METH_POST', [{ pool: 'api', weight: 1 }], 3],
      ['unless is_static', [{ pool: 'web', weight: 1 }], 4],
      ['always', [{ pool: 'all', weight: 1 }], 5],
      ['always', [{ pool: 'bare', weight: 1 }], 6],
    ]);
    expect(fe.defaultTargets).toEqual([]);
  });

  it('marks computed backend names as dynamic, in use_backend and default_backend', () => {
    const fe = routes('use_backend %[req.hdr(host),lower,map(hosts.map)] if { req.hdr(host) -m found }', 'default_backend be_%[env(POOL)]');
    expect(fe.routes[0].targets).toEqual([{ pool: '%[req.hdr(host),lower,map(hosts.map)]', weight: 1, dynamic: true }]);
    expect(fe.defaultTargets).toEqual([{ pool: 'be_%[env(POOL)]', weight: 1, dynamic: true }]);
  });

  it('lets a later default_backend replace an earlier one', () => {
    expect(routes('default_backend a', 'default_backend b').defaultTargets).toEqual([{ pool: 'b', weight: 1 }]);
  });

  it('lets a listen section send its default traffic elsewhere', () => {
    const config = model(['listen li', '    bind :80', '    default_backend other', '    server s 10.0.0.1:80'].join('\n'));
    expect(listener(config, 'li').defaultTargets).toEqual([{ pool: 'other', weight: 1 }]);
  });
});

describe('balance', () => {
  it('defaults to roundrobin, also for a bare balance line', () => {
    expect(pool(model(backend('server a 10.0.0.1:80')), 'app').algorithm).toBe('roundrobin');
    expect(pool(model(backend('balance', 'server a 10.0.0.1:80')), 'app').algorithm).toBe('roundrobin');
  });

  it.each([
    ['roundrobin', { algorithm: 'roundrobin' }],
    ['static-rr', { algorithm: 'static-rr' }],
    ['leastconn', { algorithm: 'leastconn' }],
    ['first', { algorithm: 'first' }],
    ['random', { algorithm: 'random' }],
    ['random(3)', { algorithm: 'random' }],
    ['source', { algorithm: 'source', hashKey: 'source' }],
    ['uri whole len 12', { algorithm: 'uri', hashKey: 'uri whole len 12' }],
    ['url_param userid check_post', { algorithm: 'url_param', hashKey: 'url_param userid check_post' }],
    ['hdr(Host) use_domain_only', { algorithm: 'hdr', hashKey: 'hdr(Host) use_domain_only' }],
    ['rdp-cookie', { algorithm: 'rdp-cookie', hashKey: 'rdp-cookie' }],
    ['rdp-cookie(mstshash)', { algorithm: 'rdp-cookie', hashKey: 'rdp-cookie(mstshash)' }],
    ['hash req.cookie(sid),lower', { algorithm: 'hash', hashKey: 'req.cookie(sid),lower', hashKeyConstant: false }],
    ['hash str(one)', { algorithm: 'hash', hashKey: 'str(one)', hashKeyConstant: true }],
  ])('balance %s', (line, expected) => {
    expect(parseBalance(line.split(' '))).toEqual({ ok: true, value: expected });
  });

  it('refuses unknown algorithms and missing arguments', () => {
    expect(parseBalance(['roundrobbin']).ok).toBe(false);
    expect(parseBalance(['hdr']).ok).toBe(false);
    expect(parseBalance(['hash']).ok).toBe(false);
    expect(parseBalance(['url_param']).ok).toBe(false);
  });

  it.each([
    ['str(x)', true],
    ['int(4)', true],
    ['str(x),lower,crc32', true],
    ['env(NODE)', true],
    ['src', false],
    ['req.hdr(host)', false],
    ['str(x),concat(,txn.user,)', false],
    ['str(x),table_conn_cnt(t)', false],
    ['rand', false],
    ['', false],
  ])('hash key %s is constant: %s', (expr, constant) => {
    expect(isConstantSampleExpr(expr)).toBe(constant);
  });
});

describe('health checks', () => {
  it.each([
    ['option httpchk', 'http', '/'],
    ['option httpchk /status', 'http', '/status'],
    ['option httpchk HEAD /ping', 'http', '/ping'],
    ['option httpchk GET /ping HTTP/1.1', 'http', '/ping'],
    ['option tcp-check', 'tcp', undefined],
    ['option ssl-hello-chk', 'ssl-hello', undefined],
    ['option mysql-check user haproxy', 'mysql', undefined],
    ['option pgsql-check user haproxy', 'pgsql', undefined],
    ['option redis-check', 'redis', undefined],
    ['option smtpchk EHLO lb.example.com', 'smtp', undefined],
    ['option ldap-check', 'ldap', undefined],
  ])('%s → %s', (line, kind, path) => {
    const hc = pool(model(backend(line, 'server a 10.0.0.1:80 check')), 'app').healthCheck;
    expect(hc).toEqual({ enabled: true, kind, ...(path === undefined ? {} : { path }), intervalMs: 2000, loc: loc(4) });
  });

  it('does not mistake object property names for option names', () => {
    expect(pool(model(backend('option constructor', 'option __proto__', 'server a 10.0.0.1:80 check')), 'app').healthCheck.kind).toBe('tcp');
  });

  it('uses the last check option when several are given', () => {
    expect(pool(model(backend('option httpchk', 'option tcp-check', 'server a 10.0.0.1:80 check')), 'app').healthCheck.kind).toBe('tcp');
  });

  it('takes the path of http-check send uri or uri-lf', () => {
    const hc = (line: string) => pool(model(backend('option httpchk', line, 'server a 10.0.0.1:80 check')), 'app').healthCheck.path;
    expect(hc('http-check send meth GET uri /health ver HTTP/1.1 hdr Host example.com')).toBe('/health');
    expect(hc('http-check send hdr x-uri uri uri-lf /h/%[env(NODE)]')).toBe('/h/%[env(NODE)]');
    expect(hc('http-check send meth HEAD')).toBe('/');
  });

  it('is off without servers running check, whatever the options say', () => {
    expect(pool(model(backend('server a 10.0.0.1:80')), 'app').healthCheck).toEqual({ enabled: false });
  });
});

describe('timeouts', () => {
  it('records every timeout by name in milliseconds', () => {
    const config = model(
      backend(
        'timeout connect 1500us',
        'timeout server 250ms',
        'timeout queue 7s',
        'timeout tunnel 2m',
        'timeout check 1h',
        'timeout http-request 1d',
        'timeout http-keep-alive 3000',
      ),
    );
    expect(pool(config, 'app').timeouts).toEqual({
      connect: 2,
      server: 250,
      queue: 7000,
      tunnel: 120_000,
      check: 3_600_000,
      'http-request': 86_400_000,
      'http-keep-alive': 3000,
    });
  });

  it.each([
    ['30x', 'has an unknown unit "x"'],
    ['s', 'does not start with a number'],
    ['', 'is empty'],
    ['25d', 'is too large'],
    ['1.5s', 'has an unknown unit ".5s"'],
    ['5constructor', 'has an unknown unit "constructor"'],
  ])('refuses %j', (value, reason) => {
    const result = parseHaproxyTime(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('tokenizer', () => {
  it('splits on spaces and tabs and drops comments', () => {
    expect(tokens('  server\tweb1   10.0.0.1:80  # the first one')).toEqual({ words: ['server', 'web1', '10.0.0.1:80'], error: null });
  });

  it('starts a comment at # even inside a word, but not when quoted or escaped', () => {
    expect(tokens('acl a path foo#bar baz').words).toEqual(['acl', 'a', 'path', 'foo']);
    expect(tokens('x "a#b" \'c#d\' e\\#f').words).toEqual(['x', 'a#b', 'c#d', 'e#f']);
  });

  it('reads backslash escapes outside single quotes', () => {
    expect(tokens('x a\\ b c\\\\d e\\"f g\\\'h i\\tj k\\x41l m\\zn').words).toEqual(['x', 'a b', 'c\\d', 'e"f', "g'h", 'i\tj', 'kAl', 'm\\zn']);
    expect(tokens('x "a b" "c\\"d" "e\\\\f" "g\\x42h"').words).toEqual(['x', 'a b', 'c"d', 'e\\f', 'gBh']);
  });

  it('keeps everything literal inside single quotes', () => {
    expect(tokens("x 'a b' 'c\\\\d' 'e\"f' '${HOME}'").words).toEqual(['x', 'a b', 'c\\\\d', 'e"f', '${HOME}']);
  });

  it('joins adjacent quoted and bare pieces into one word', () => {
    expect(tokens('x foo"bar"baz\'qux\' "a"\'b\'c').words).toEqual(['x', 'foobarbazqux', 'abc']);
  });

  it('keeps environment variables as text, and \\$ only loses its backslash in double quotes', () => {
    expect(tokens('bind "${ADDR}:${PORT}" $HOME x\\$y "x\\$y"').words).toEqual(['bind', '${ADDR}:${PORT}', '$HOME', 'x\\$y', 'x$y']);
  });

  it('has no line continuation: a trailing backslash stays', () => {
    expect(tokens('description trailing\\').words).toEqual(['description', 'trailing\\']);
  });

  it('reports unterminated quotes and bad \\x escapes with their column', () => {
    expect(tokens('x "abc')).toEqual({ words: ['x', 'abc'], error: { message: expect.stringContaining('unterminated double quote'), column: 3 } });
    expect(tokens("x y 'abc")).toEqual({ words: ['x', 'y', 'abc'], error: { message: expect.stringContaining('unterminated single quote'), column: 5 } });
    expect(tokens('x a\\xZZ b').error).toEqual({ message: expect.stringContaining('\\x'), column: 4 });
    expect(tokens('x "a\\x4"').error).toEqual({ message: expect.stringContaining('\\x'), column: 5 });
  });

  it(`refuses more than ${MAX_LINE_WORDS} words`, () => {
    const line = Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
    const { words, error } = tokens(line);
    expect(words).toHaveLength(MAX_LINE_WORDS);
    expect(error?.message).toContain('too many words');
  });

  it('reads a word with hundreds of thousands of escapes', () => {
    const { words, error } = tokens(`x "${'\\\\'.repeat(200_000)}"`);
    expect(error).toBeNull();
    expect(words[1]).toBe('\\'.repeat(200_000));
  });
});

describe('addresses', () => {
  it('tells HAProxy refusals apart without losing the address', () => {
    expect(splitAddress(':0', 'bind')).toMatchObject({ value: { address: '', port: null }, refusal: expect.stringContaining('port 0') });
    expect(splitAddress(':+1', 'bind').refusal).toContain('offset');
    expect(splitAddress(':8010-8000', 'bind').refusal).toContain('range');
    expect(splitAddress('10.0.0.1:80-90', 'server').refusal).toContain('range');
    expect(splitAddress('10.0.0.1:http', 'server')).toMatchObject({ value: { address: '10.0.0.1', port: null }, refusal: expect.stringContaining('invalid port') });
    expect(splitAddress('10.0.0.1:70000', 'server').refusal).toContain('invalid port');
    expect(splitAddress('[::1', 'server').refusal).toContain('"["');
    expect(splitAddress('10.0.0.1', 'bind').refusal).toContain('no port');
    expect(splitAddress('10.0.0.1:80', 'server')).toEqual({ value: { address: '10.0.0.1', port: 80 } });
  });
});

describe('conditional blocks', () => {
  it('evaluates literal conditions and leaves the rest unknown', () => {
    expect(evaluateCondition(['0'])).toBe('false');
    expect(evaluateCondition(['1'])).toBe('true');
    expect(evaluateCondition([])).toBe('false');
    expect(evaluateCondition(['!0', '&&', '(1', '||', '0)'])).toBe('true');
    expect(evaluateCondition(['streq(a,a)'])).toBe('true');
    expect(evaluateCondition(['strneq(a,a)'])).toBe('false');
    expect(evaluateCondition(['streq(${ENV},prod)'])).toBe('unknown');
    expect(evaluateCondition(['feature(QUIC)'])).toBe('unknown');
    expect(evaluateCondition(['0', '&&', 'defined(X)'])).toBe('false');
    expect(evaluateCondition(['1', '||', 'defined(X)'])).toBe('true');
    expect(evaluateCondition(['('.repeat(100_000)])).toBe('unknown');
  });

  it('reads the branch that applies and skips the others', () => {
    const config = model(
      [
        'backend app',
        '.if 0',
        '    server never 10.0.0.1:80',
        '.elif 1',
        '    server yes1 10.0.0.2:80',
        '.else',
        '    server never2 10.0.0.3:80',
        '.endif',
        '.if 1',
        '  .if 0',
        '    server never3 10.0.0.4:80',
        '  .else',
        '    server yes2 10.0.0.5:80',
        '  .endif',
        '.endif',
      ].join('\n'),
    );
    expect(pool(config, 'app').members.map((m) => m.name)).toEqual(['yes1', 'yes2']);
  });

  it('takes the first branch of a condition it cannot evaluate, and only that one', () => {
    const config = model(
      ['backend app', '.if defined(PROD)', '    server prod 10.0.0.1:80', '.else', '    server dev 10.0.0.2:80', '.endif'].join('\n'),
    );
    expect(pool(config, 'app').members.map((m) => m.name)).toEqual(['prod']);
  });

  it('reports .alert only where it is certainly reached, and ignores .notice and .warning', () => {
    const result = parse(
      ['.notice "starting"', '.warning hi', '.if !feature(QUIC)', '.alert "needs QUIC"', '.endif', '.if 1', '.alert "always"', '.endif'].join('\n'),
    );
    expect(result.problems).toEqual([{ message: '".alert" makes HAProxy refuse to start: "always"', line: 7 }]);
  });

  it('reports broken blocks and unknown directives', () => {
    const result = parse(['.endif', '.if 1', '.else', '.else', '.elif 1', '.endif', '.bogus', '.if 1'].join('\n'));
    expect(result.problems).toEqual([
      { message: "'.endif' without a matching '.if': HAProxy refuses the file", line: 1 },
      { message: "a second '.else' in the same block: HAProxy refuses the file", line: 4 },
      { message: "'.elif' after '.else' in the same block: HAProxy refuses the file", line: 5 },
      { message: 'unknown directive ".bogus": HAProxy refuses the file', line: 7 },
      { message: "'.if' block is never closed with '.endif': HAProxy refuses the file", line: 8 },
    ]);
  });

  it('still reports broken quoting inside a skipped block, as HAProxy does', () => {
    expect(parse(['.if 0', "    description 'oops", '.endif'].join('\n')).problems).toEqual([
      { message: expect.stringContaining('unterminated single quote'), line: 2, column: 17 },
    ]);
  });
});

describe('problems', () => {
  it.each([
    ['a server without an address', backend('server lonely'), 4, 'backend "app": server "lonely" has no address'],
    ['a server without a name', backend('server'), 4, 'backend "app": a server has no address'],
    ['a non-numeric weight', backend('server a 10.0.0.1:80 weight heavy'), 4, 'weight "heavy" is not a whole number from 0 to 256'],
    ['a weight above 256', backend('server a 10.0.0.1:80 weight 300'), 4, 'weight 300 is out of range'],
    ['a weight without value', backend('server a 10.0.0.1:80 weight'), 4, '"weight" has no value'],
    ['a negative default-server weight', backend('default-server weight -1'), 4, 'backend "app": default-server weight -1 is out of range'],
    ['a fractional weight', backend('server a 10.0.0.1:80 weight 1.5'), 4, 'weight "1.5" is not a whole number'],
    ['a bad check interval', backend('server a 10.0.0.1:80 check inter soon'), 4, 'check interval "inter soon"'],
    ['a bind without an address', 'frontend fe\n    bind', 2, 'frontend "fe": "bind" has no address'],
    ['use_backend without a name', 'frontend fe\n    use_backend', 2, 'frontend "fe": "use_backend" has no backend name'],
    ['default_backend without a name', 'frontend fe\n    default_backend', 2, 'frontend "fe": "default_backend" has no backend name'],
    ['use_backend with a bad keyword', 'frontend fe\n    use_backend b when x', 2, 'followed by "when"'],
    ['a keyword outside any section', '# header\n\nmaxconn 100\nglobal', 3, '"maxconn" is outside any section'],
    ['an unknown balance algorithm', backend('balance roundrobbin'), 4, 'unknown balance algorithm "roundrobbin"'],
    ['a bad timeout', backend('timeout server 30x'), 4, '"timeout server" value "30x" has an unknown unit "x"'],
    ['a timeout without value', backend('timeout server'), 4, '"timeout server" has no value'],
    ['a timeout without name', backend('timeout'), 4, '"timeout" needs a name and a value'],
    ['a misspelt timeout', backend('timeout sever 30s'), 4, 'backend "app": timeout "sever" is not a timeout HAProxy knows'],
    ['a timeout named like an object property', backend('timeout __proto__ 30s'), 4, 'timeout "__proto__" is not a timeout'],
    ['a server in a frontend', 'frontend fe\n    server a 10.0.0.1:80', 2, '"server" is not allowed here'],
    ['a server in defaults', 'defaults\n    server a 10.0.0.1:80', 2, 'defaults: "server" is not allowed here'],
    ['a backend without a name', 'backend', 1, '"backend" has no name'],
    ['from an unknown defaults', 'backend b from nowhere', 1, 'inherits from defaults "nowhere", but no defaults section of that name'],
    ['from without a name', 'backend b from', 1, '"from" is missing the name'],
    ['no option httpchk', backend('no option httpchk'), 4, '"no option httpchk" is not supported by HAProxy'],
    ['a bad server-template range', backend('server-template web 5-2 app:80'), 4, 'server-template "web" has an invalid count or range "5-2"'],
    ['a short server-template', backend('server-template web 3'), 4, '"server-template" needs a prefix'],
  ])('reports %s', (_what, text, line, message) => {
    const result = parse(text);
    expect(result.problems).toEqual([{ message: expect.stringContaining(message), line }]);
  });

  it('reports an unterminated quote with line and column, and still models the line', () => {
    const result = parse(backend('server a 10.0.0.1:80 check', 'http-request set-header X-Env "prod'));
    expect(result.problems).toEqual([{ message: expect.stringContaining('unterminated double quote'), line: 5, column: 35 }]);
    expect(pool(result.model, 'app').members).toHaveLength(1);
  });

  it('reports duplicate server names, keeping both under distinct names', () => {
    const result = parse(backend('server a 10.0.0.1:80', 'server a 10.0.0.2:80', 'server-template a 1-2 10.0.0.3:80'));
    expect(result.problems).toEqual([
      { message: 'backend "app": server "a" is declared twice (first at line 4): HAProxy refuses duplicate server names, and the two cannot be told apart in reviews', line: 5 },
    ]);
    expect(pool(result.model, 'app').members.map((m) => [m.name, m.address])).toEqual([
      ['a', '10.0.0.1'],
      ['a#2', '10.0.0.2'],
      ['a1', '10.0.0.3'],
      ['a2', '10.0.0.3'],
    ]);
  });

  it('reports a server duplicated by a template', () => {
    const result = parse(backend('server-template web 3 10.0.0.1:80', 'server web2 10.0.0.9:80'));
    expect(result.problems).toEqual([{ message: expect.stringContaining('server "web2" is declared twice (first at line 4)'), line: 5 }]);
  });

  it('reports duplicate proxy names of the same kind and keeps the first', () => {
    const result = parse(
      [
        'backend app',
        '    server a 10.0.0.1:80',
        'backend app',
        '    server b 10.0.0.2:80',
        'frontend app',
        '    bind :80',
        'frontend fe',
        '    bind :81',
        'listen fe',
        '    bind :82',
      ].join('\n'),
    );
    expect(result.problems).toEqual([
      { message: 'backend "app" has the same name as the backend declared at line 1: HAProxy refuses duplicate proxy names, and traffic meant for one would be ambiguous', line: 3 },
      { message: 'listen "fe" has the same name as the frontend declared at line 7: HAProxy refuses duplicate proxy names, and traffic meant for one would be ambiguous', line: 9 },
    ]);
    expect(result.model.pools.map((p) => [p.name, p.members.map((m) => m.name)])).toEqual([['app', ['a']]]);
    expect(result.model.listeners.map((l) => l.name)).toEqual(['app', 'fe']);
  });

  it('reports a backend named like an earlier listen section', () => {
    const result = parse(['listen app', '    bind :80', 'backend app'].join('\n'));
    expect(result.problems).toEqual([{ message: expect.stringContaining('backend "app" has the same name as the listen declared at line 1'), line: 3 }]);
  });

  it('reports a reference to a defaults name declared twice', () => {
    const result = parse(['defaults d', 'defaults d', 'backend b from d'].join('\n'));
    expect(result.problems).toEqual([{ message: expect.stringContaining('declared more than once (lines 1, 2)'), line: 3 }]);
  });

  it('leaves duplicate server names alone in a file HAProxy would already refuse for its old syntax', () => {
    // HAProxy looks for duplicate names only after reading the whole file without errors.
    const result = parse(['listen l :80', '    server s 10.0.0.1:80', '    server s 10.0.0.2:80'].join('\n'));
    expect(result.problems).toEqual([]);
    expect(pool(result.model, 'l').members.map((m) => m.name)).toEqual(['s', 's#2']);
  });

  it('ignores unknown keywords and the contents of other sections', () => {
    const result = parse(
      [
        'global',
        '    some-future-keyword 1 2 3',
        'userlist admins',
        '    user admin insecure-password secret',
        'peers mypeers',
        '    peer lb1 10.0.0.1:1024',
        '    server lb2 10.0.0.2:1024',
        '    bind :1024',
        'resolvers dns',
        '    nameserver ns1 10.0.0.53:53',
        'cache c',
        '    total-max-size 4',
        'backend app',
        '    http-request frobnicate',
        '    server a 10.0.0.1:80',
      ].join('\n'),
    );
    expect(result.problems).toEqual([]);
    expect(result.model.pools.map((p) => [p.name, p.members.map((m) => m.name)])).toEqual([['app', ['a']]]);
  });

  it('sorts problems by line and caps them, saying how many more there are', () => {
    const result = parse(Array.from({ length: 250 }, (_, i) => `junk${i}`).join('\n'));
    expect(result.problems).toHaveLength(101);
    expect(result.problems[0]).toEqual({ message: expect.stringContaining('"junk0" is outside any section'), line: 1 });
    expect(result.problems[100]).toEqual({ message: '150 more problems not listed: fix the ones above first', line: 100 });
  });

  it('cuts long text from the file short in messages', () => {
    const result = parse(`${'k'.repeat(10_000)} value`);
    expect(result.problems[0].message.length).toBeLessThan(300);
    expect(result.problems[0].message).toContain('(10000 characters)');
  });

  it('never throws on random input', () => {
    // A fixed pseudo-random sequence keeps the test reproducible.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const alphabet = ['backend ', 'frontend ', 'listen ', 'defaults ', 'server ', 'bind ', 'use_backend ', 'weight ', 'from ', '.if ', '.endif', '"', "'", '\\', '#', ' ', '\n', ':', '%[', 'x', '1', '-', ',', '@', '[', ']'];
    for (let run = 0; run < 200; run++) {
      let text = '';
      for (let k = 0; k < 300; k++) text += alphabet[next() % alphabet.length];
      const result = parse(text);
      expect(result.format).toBe('haproxy');
      for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('damaged files', () => {
  const text = fixture('shop-before.cfg');

  it('models what comes before the cut of a truncated file', () => {
    const cut = text.slice(0, text.indexOf('server web3'));
    const result = parse(cut);
    expect(result.problems).toEqual([]);
    expect(result.model.pools.map((p) => [p.name, p.members.length])).toEqual([['web', 2]]);
    // Cut in the middle of a server line: the server is read with what is left.
    const midLine = parse(text.slice(0, text.indexOf('server web3') + 'server web3 10.0.1'.length));
    expect(member(pool(midLine.model, 'web'), 'web3')).toMatchObject({ address: '10.0.1', port: null });
  });

  it('reports a quote cut by the end of the file', () => {
    const result = parse('backend app\n    server a 10.0.0.1:80\n    http-request set-header X-Note "cut here');
    expect(result.problems).toEqual([{ message: expect.stringContaining('unterminated double quote'), line: 3, column: 36 }]);
  });

  it('stops at binary data, reporting it once at its line', () => {
    const broken = `${text.slice(0, text.indexOf('\nbackend api') + 1)}backend api\n    server api1 10.0.2.21:9000\0\u0001\u0002\n${'\0garbage\n'.repeat(1000)}`;
    const result = parse(broken);
    const line = broken.slice(0, broken.indexOf('\0')).split('\n').length;
    expect(result.problems).toEqual([{ message: expect.stringContaining('binary data'), line }]);
    expect(result.model.pools.map((p) => p.name)).toEqual(['web', 'api']);
    expect(pool(result.model, 'api').members).toEqual([]);
  });

  it('reads CRLF line endings and a byte order mark', () => {
    const config = model(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    expect(semanticNames(config)).toEqual(semanticNames(model(text)));
    expect(pool(config, 'web').members[0]).toMatchObject({ name: 'web1', port: 8080, loc: loc(48) });
  });

  function semanticNames(config: LbConfig) {
    return config.pools.map((p) => [p.name, p.algorithm, p.members.map((m) => `${m.name}=${m.address}:${m.port}/${m.weight}`)]);
  }

  it('reads a 50 MB file to a result', () => {
    const parts: string[] = ['defaults\n    mode http\n    timeout connect 5s\n    option httpchk GET /healthz\n'];
    let size = 0;
    let blocks = 0;
    while (size < 50 * 1024 * 1024) {
      const i = blocks++;
      const block =
        `frontend fe${i}\n    bind :${8000 + (i % 1000)}\n    acl is_api path_beg /api/ # route API calls\n` +
        `    use_backend api${i} if is_api\n    default_backend web${i}\n` +
        `backend web${i}\n    balance roundrobin\n` +
        `    server w1 10.0.${i % 250}.1:8080 check weight 100\n    server w2 10.0.${i % 250}.2:8080 check backup\n` +
        `backend api${i}\n    http-request set-header X-Api "v1 \\"beta\\""\n    server a1 10.1.${i % 250}.1:9000 check\n`;
      parts.push(block);
      size += block.length;
    }
    const result = parse(parts.join(''));
    expect(result.problems).toEqual([]);
    expect(result.model.listeners).toHaveLength(blocks);
    expect(result.model.pools).toHaveLength(blocks * 2);
    expect(pool(result.model, `web${blocks - 1}`).members.map((m) => m.name)).toEqual(['w1', 'w2']);
  });

  it('reads a 50 MB single line of garbage to a result', () => {
    const result = parse(`backend b\n    server a "${'\\x41 '.repeat(10 * 1024 * 1024)}`);
    expect(result.problems).toEqual([{ message: expect.stringContaining('unterminated double quote'), line: 2, column: 14 }]);
  });
});

// `haproxy -c` is the authority on what HAProxy accepts. CI installs it; elsewhere these skip.
// openssl makes the throwaway certificate the fixtures load.
const haproxyBinary = spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).status === 0;
const opensslBinary = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!haproxyBinary || !opensslBinary)('haproxy -c agrees', () => {
  let workDir = '';

  beforeAll(() => {
    // The fixtures load `certs/shop.pem` relative to where haproxy runs: a throwaway self-signed one.
    workDir = mkdtempSync(path.join(tmpdir(), 'lb-gate-haproxy-'));
    mkdirSync(path.join(workDir, 'certs'));
    const key = path.join(workDir, 'key.pem');
    const cert = path.join(workDir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=shop.example.com'], {
      stdio: 'ignore',
    });
    writeFileSync(path.join(workDir, 'certs/shop.pem'), readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function haproxyCheck(name: string): { status: number | null; output: string } {
    const run = spawnSync('haproxy', ['-c', '-q', '-f', path.join(FIXTURES, name)], { cwd: workDir, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  const all = readdirSync(FIXTURES).filter((f) => f.endsWith('.cfg')).sort();
  const valid = all.filter((f) => !f.startsWith('invalid-'));
  const invalid = all.filter((f) => f.startsWith('invalid-'));

  it('has valid and invalid fixtures', () => {
    expect(valid.length).toBeGreaterThanOrEqual(7);
    expect(invalid.length).toBeGreaterThanOrEqual(10);
  });

  it.each(valid)('accepts %s, which parses without problems', (name) => {
    const check = haproxyCheck(name);
    expect(check.status, check.output).toBe(0);
    expect(parse(fixture(name)).problems).toEqual([]);
  });

  it.each(invalid)('refuses %s, for which the parser reports a problem', (name) => {
    const check = haproxyCheck(name);
    expect(check.status, check.output).not.toBe(0);
    expect(parse(fixture(name)).problems.length).toBeGreaterThan(0);
  });
});

describe('invalid fixtures', () => {
  it.each([
    ['invalid-bad-timeout.cfg', 13, 'unknown unit "x"'],
    ['invalid-bind-without-address.cfg', 9, '"bind" has no address'],
    ['invalid-default-backend-without-name.cfg', 10, '"default_backend" has no backend name'],
    ['invalid-duplicate-backend.cfg', 15, 'has the same name as the backend declared at line 12'],
    ['invalid-duplicate-server.cfg', 14, 'server "web1" is declared twice (first at line 13)'],
    ['invalid-duplicate-template-name.cfg', 14, 'server "web2" is declared twice (first at line 13)'],
    ['invalid-outside-section.cfg', 1, '"maxconn" is outside any section'],
    ['invalid-server-without-address.cfg', 14, 'server "web2" has no address'],
    ['invalid-unclosed-if.cfg', 13, "'.if' block is never closed"],
    ['invalid-unknown-balance.cfg', 13, 'unknown balance algorithm "roundrobbin"'],
    ['invalid-unknown-from.cfg', 12, 'inherits from defaults "missing_defaults"'],
    ['invalid-unterminated-quote.cfg', 14, 'unterminated double quote'],
    ['invalid-use-backend-without-name.cfg', 10, '"use_backend" has no backend name'],
    ['invalid-weight-out-of-range.cfg', 13, 'weight 300 is out of range'],
  ])('%s: line %i', (name, line, message) => {
    const problems = parse(fixture(name)).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line, message: expect.stringContaining(message) });
  });
});

describe('proxies that answer requests themselves', () => {
  it('marks a server-less stats listen and a redirect backend, not an ordinary backend', async () => {
    const { parseHaproxy } = await import('../../src/formats/haproxy.js');
    const text = [
      'listen stats',
      '    bind 127.0.0.1:8404',
      '    stats enable',
      '    stats uri /stats',
      'backend to_https',
      '    http-request redirect scheme https',
      'backend app',
      '    http-request set-header X-Env prod',
      '    server a 10.0.0.1:80',
      '',
    ].join('\n');
    const { model, problems } = parseHaproxy(text, { file: 'haproxy.cfg' });
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.answersItself ?? false])).toEqual([
      ['stats', true],
      ['to_https', true],
      ['app', false],
    ]);
  });
});
