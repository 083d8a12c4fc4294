// Tests for the nginx format parser: real-world fixtures (full nginx.conf with includes, stream,
// conf.d / sites-enabled fragments), the model it builds, every problem it reports, hostile input
// (deep nesting, truncation, binary data, 50 MB), and nginx itself as an oracle when installed.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nginxParser, parseNginx } from '../../src/formats/nginx.js';
import { parseNginxTime, classifyPassTarget } from '../../src/formats/nginx-values.js';
import { poolShares, type LbConfig, type Pool } from '../../src/model.js';
import type { ParseResult } from '../../src/formats/types.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'nginx');

/** Reads includes relative to the fixture directory, as nginx does relative to its prefix. */
function fixtureInclude(dir: string) {
  return (path: string): string | null => {
    const full = join(dir, path);
    return existsSync(full) ? readFileSync(full, 'utf8') : null;
  };
}

function parseFixture(name: string, file = 'nginx.conf'): ParseResult {
  const dir = join(FIXTURES, name);
  return parseNginx(readFileSync(join(dir, file), 'utf8'), { file, readInclude: fixtureInclude(dir) });
}

function parse(text: string, files: Record<string, string> = {}): ParseResult {
  return parseNginx(text, { file: 'nginx.conf', readInclude: (path) => files[path] ?? null });
}

function pool(config: LbConfig, name: string): Pool {
  const found = config.pools.find((p) => p.name === name);
  if (!found) throw new Error(`no pool ${name} in ${config.pools.map((p) => p.name).join(', ')}`);
  return found;
}

function messages(result: ParseResult): string[] {
  return result.problems.map((p) => `${p.line}: ${p.message}`);
}

/** The model without source locations and in name order, for "same meaning" comparisons. */
function semantic(config: LbConfig): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== 'loc')
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
  return strip({ listeners: byName(config.listeners), pools: byName(config.pools) });
}

const UP = 'conf.d/upstreams.conf';

describe('nginxParser', () => {
  it('is registered under the nginx id', () => {
    expect(nginxParser.id).toBe('nginx');
    expect(nginxParser.parse('', { file: 'x.conf' })).toEqual({
      format: 'nginx',
      model: { format: 'nginx', file: 'x.conf', listeners: [], pools: [] },
      problems: [],
    });
  });
});

describe('site-before: full nginx.conf with an included upstreams file', () => {
  const result = parseFixture('site-before');
  const model = result.model;

  it('reads without problems', () => {
    expect(result.problems).toEqual([]);
    expect(model.format).toBe('nginx');
    expect(model.file).toBe('nginx.conf');
    expect(model.pools.map((p) => p.name)).toEqual(['web_backend', 'api_backend', 'static_backend', 'ws_backend']);
  });

  it('reads the least_conn pool with weights, failure settings and a backup', () => {
    expect(pool(model, 'web_backend')).toEqual({
      name: 'web_backend',
      algorithm: 'leastconn',
      healthCheck: { enabled: true, kind: 'passive' },
      timeouts: { connect: 5000, read: 60000, send: 60000 },
      members: [
        { name: '10.0.1.11:8080', address: '10.0.1.11', port: 8080, weight: 3, state: 'active', healthChecked: true, loc: { file: UP, line: 5 } },
        { name: '10.0.1.12:8080', address: '10.0.1.12', port: 8080, weight: 3, state: 'active', healthChecked: true, loc: { file: UP, line: 6 } },
        { name: '10.0.1.13:8080', address: '10.0.1.13', port: 8080, weight: 2, state: 'active', healthChecked: true, loc: { file: UP, line: 7 } },
        { name: '10.0.1.19:8080', address: '10.0.1.19', port: 8080, weight: 1, state: 'backup', healthChecked: true, loc: { file: UP, line: 8 } },
      ],
      loc: { file: UP, line: 3 },
    });
    expect(pool(model, 'web_backend').allBackups).toBeUndefined();
  });

  it('reads ip_hash with a down server, and the location read timeout', () => {
    const api = pool(model, 'api_backend');
    expect(api.algorithm).toBe('ip_hash');
    expect(api.members.map((m) => [m.name, m.state])).toEqual([
      ['10.0.2.21:9000', 'active'],
      ['10.0.2.22:9000', 'active'],
      ['10.0.2.23:9000', 'disabled'],
    ]);
    expect(api.timeouts).toEqual({ connect: 5000, read: 30000, send: 60000 });
  });

  it('reads a consistent hash on a variable key and max_fails=0', () => {
    const s = pool(model, 'static_backend');
    expect(s.algorithm).toBe('hash');
    expect(s.hashKey).toBe('$request_uri');
    expect(s.hashKeyConstant).toBe(false);
    expect(s.members.map((m) => m.healthChecked)).toEqual([true, true, false]);
    expect(s.healthCheck).toEqual({ enabled: true, kind: 'passive' });
    expect(pool(model, 'ws_backend').timeouts).toEqual({ connect: 5000, read: 3_600_000, send: 60000 });
    expect(pool(model, 'ws_backend').algorithm).toBe('roundrobin');
  });

  it('reads both server blocks as listeners named by server_name and listen', () => {
    expect(model.listeners.map((l) => l.name)).toEqual(['shop.example.com 80', 'shop.example.com 443']);
    const [http, https] = model.listeners;
    expect(http).toEqual({
      name: 'shop.example.com 80',
      binds: [
        { address: '*', port: 80, tls: false, loc: { file: 'nginx.conf', line: 33 } },
        { address: '[::]', port: 80, tls: false, loc: { file: 'nginx.conf', line: 34 } },
      ],
      routes: [],
      defaultTargets: [],
      loc: { file: 'nginx.conf', line: 32 },
    });
    expect(https.binds).toEqual([
      { address: '*', port: 443, tls: true, loc: { file: 'nginx.conf', line: 40 } },
      { address: '[::]', port: 443, tls: true, loc: { file: 'nginx.conf', line: 41 } },
    ]);
    expect(https.loc).toEqual({ file: 'nginx.conf', line: 39 });
  });

  it('turns every proxying location into a route, and location / into the default', () => {
    const https = model.listeners[1];
    expect(https.routes).toEqual([
      { match: 'location /', targets: [{ pool: 'web_backend', weight: 1 }], loc: { file: 'nginx.conf', line: 48 } },
      { match: 'location /api/', targets: [{ pool: 'api_backend', weight: 1 }], loc: { file: 'nginx.conf', line: 54 } },
      {
        match: 'location ~* \\.(css|js|png|jpg|svg)$',
        targets: [{ pool: 'static_backend', weight: 1 }],
        loc: { file: 'nginx.conf', line: 59 },
      },
      { match: 'location /ws/', targets: [{ pool: 'ws_backend', weight: 1 }], loc: { file: 'nginx.conf', line: 64 } },
    ]);
    expect(https.defaultTargets).toEqual([{ pool: 'web_backend', weight: 1 }]);
  });

  it('shares traffic by weight among active members', () => {
    const shares = poolShares(pool(model, 'web_backend'));
    expect(shares.basis).toBe('weights');
    expect(Object.fromEntries(shares.shares)).toEqual({
      '10.0.1.11:8080': 3 / 8,
      '10.0.1.12:8080': 3 / 8,
      '10.0.1.13:8080': 2 / 8,
      '10.0.1.19:8080': 0,
    });
  });
});

describe('after variants', () => {
  const before = parseFixture('site-before').model;

  it('outage: down and backup leave one server with all of the web traffic', () => {
    const result = parseFixture('site-after-outage');
    expect(result.problems).toEqual([]);
    const web = pool(result.model, 'web_backend');
    expect(web.members.map((m) => [m.name, m.state, m.weight])).toEqual([
      ['10.0.1.11:8080', 'active', 3],
      ['10.0.1.12:8080', 'disabled', 3],
      ['10.0.1.13:8080', 'backup', 2],
      ['10.0.1.19:8080', 'backup', 1],
    ]);
    expect(Object.fromEntries(poolShares(web).shares)).toEqual({
      '10.0.1.11:8080': 1,
      '10.0.1.12:8080': 0,
      '10.0.1.13:8080': 0,
      '10.0.1.19:8080': 0,
    });
    const api = poolShares(pool(result.model, 'api_backend'));
    expect(api.shares.get('10.0.2.21:9000')).toBe(1);
  });

  it('hash on a constant key sends every static request to one server', () => {
    const result = parseFixture('site-after-hash');
    expect(result.problems).toEqual([]);
    const s = pool(result.model, 'static_backend');
    expect(s.hashKey).toBe('static');
    expect(s.hashKeyConstant).toBe(true);
    const shares = poolShares(s);
    expect(shares.basis).toBe('constant-hash');
    expect(shares.shares.get('10.0.3.31:8081')).toBe(1);
  });

  it('reordering blocks and adding comments changes no meaning', () => {
    const result = parseFixture('site-after-reordered');
    expect(result.problems).toEqual([]);
    expect(result.model.pools.map((p) => p.name)).toEqual(['api_backend', 'static_backend', 'web_backend', 'ws_backend']);
    expect(result.model.listeners.map((l) => l.name)).toEqual(['shop.example.com 443', 'shop.example.com 80']);
    expect(semantic(result.model)).toEqual(semantic(before));
  });

  it('safe: one more server in the web pool, nothing else', () => {
    const result = parseFixture('site-after-safe');
    expect(result.problems).toEqual([]);
    const web = pool(result.model, 'web_backend');
    expect(web.members.map((m) => m.name)).toEqual(['10.0.1.11:8080', '10.0.1.12:8080', '10.0.1.13:8080', '10.0.1.14:8080', '10.0.1.19:8080']);
    expect(web.members[3]).toEqual({
      name: '10.0.1.14:8080',
      address: '10.0.1.14',
      port: 8080,
      weight: 2,
      state: 'active',
      healthChecked: true,
      loc: { file: UP, line: 8 },
    });
    const rest = (c: LbConfig) => ({ ...c, pools: c.pools.filter((p) => p.name !== 'web_backend') });
    expect(semantic(rest(result.model))).toEqual(semantic(rest(before)));
  });
});

describe('stream', () => {
  const result = parseFixture('stream');
  const model = result.model;

  it('reads stream upstreams, servers and timeouts', () => {
    expect(result.problems).toEqual([]);
    expect(pool(model, 'mysql_primary')).toEqual({
      name: 'mysql_primary',
      algorithm: 'roundrobin',
      healthCheck: { enabled: true, kind: 'passive' },
      timeouts: { connect: 3000, idle: 600_000 },
      members: [
        { name: '10.0.5.10:3306', address: '10.0.5.10', port: 3306, weight: 1, state: 'active', healthChecked: true, loc: { file: 'nginx.conf', line: 12 } },
        { name: '10.0.5.11:3306', address: '10.0.5.11', port: 3306, weight: 1, state: 'backup', healthChecked: true, loc: { file: 'nginx.conf', line: 13 } },
      ],
      loc: { file: 'nginx.conf', line: 11 },
    });
    expect(pool(model, 'dns_pool')).toMatchObject({ algorithm: 'hash', hashKey: '$remote_addr', hashKeyConstant: false, timeouts: { connect: 3000, idle: 2000 } });
  });

  it('reads stream servers as listeners whose default is their proxy_pass', () => {
    expect(model.listeners).toEqual([
      {
        name: 'stream 3306',
        binds: [{ address: '*', port: 3306, tls: false, loc: { file: 'nginx.conf', line: 23 } }],
        routes: [],
        defaultTargets: [{ pool: 'mysql_primary', weight: 1 }],
        loc: { file: 'nginx.conf', line: 22 },
      },
      {
        name: 'stream 53',
        binds: [{ address: '*', port: 53, tls: false, loc: { file: 'nginx.conf', line: 29 } }],
        routes: [],
        defaultTargets: [{ pool: 'dns_pool', weight: 1 }],
        loc: { file: 'nginx.conf', line: 28 },
      },
      {
        name: 'stream 127.0.0.1:6379',
        binds: [{ address: '127.0.0.1', port: 6379, tls: false, loc: { file: 'nginx.conf', line: 35 } }],
        routes: [],
        defaultTargets: [{ pool: '10.0.7.10:6379', weight: 1, external: true }],
        loc: { file: 'nginx.conf', line: 34 },
      },
    ]);
  });

  it('leaves the port empty for a stream upstream server without one', () => {
    const m = parse('stream { upstream u { server db.internal; } server { listen 5432 ssl; proxy_pass u; } }').model;
    expect(pool(m, 'u').members[0]).toMatchObject({ address: 'db.internal', port: null });
    expect(m.listeners[0].binds[0]).toMatchObject({ port: 5432, tls: true });
  });

  it('keeps an http and a stream upstream of the same name apart', () => {
    const r = parse(`
http { upstream db { server 10.0.0.1:8080; } server { location / { proxy_pass http://db; } } }
stream { upstream db { server 10.0.0.2:5432; } server { listen 5432; proxy_pass db; } }`);
    expect(r.problems).toEqual([]);
    expect(r.model.pools.map((p) => p.name)).toEqual(['db', 'db (stream)']);
    expect(r.model.listeners.map((l) => l.defaultTargets)).toEqual([[{ pool: 'db', weight: 1 }], [{ pool: 'db (stream)', weight: 1 }]]);
  });

  it('reports a duplicate stream upstream even when an http one shares its name', () => {
    const r = parse('http {\n  upstream db { server 10.0.0.1; }\n}\nstream {\n  upstream db { server 10.0.0.2:5432; }\n  upstream db { server 10.0.0.3:5432; }\n}');
    expect(messages(r)).toEqual(['6: duplicate upstream "db" (first declared in nginx.conf line 5); nginx refuses the config']);
    expect(r.model.pools.map((p) => p.name)).toEqual(['db', 'db (stream)', 'db (stream)#2']);
  });

  it('reads an active stream health check as tcp (or udp)', () => {
    const m = parse(`stream {
  upstream u { zone u 64k; server 10.0.0.1:53 max_fails=0; }
  server { listen 53 udp; proxy_pass u; health_check udp interval=10s; }
}`).model;
    expect(pool(m, 'u').healthCheck).toEqual({ enabled: true, kind: 'udp', intervalMs: 10000, loc: { file: 'nginx.conf', line: 3 } });
    expect(pool(m, 'u').members[0].healthChecked).toBe(true);
  });
});

describe('fragments (conf.d, sites-enabled)', () => {
  it('reads top-level upstream and server blocks as http', () => {
    const result = parseFixture('fragments', 'conf.d/app.conf');
    expect(result.problems).toEqual([]);
    const m = result.model;
    const app = pool(m, 'app_servers');
    expect(app.members.map((x) => [x.name, x.address, x.port, x.weight, x.state])).toEqual([
      ['192.168.10.21:3000', '192.168.10.21', 3000, 2, 'active'],
      ['192.168.10.22:3000', '192.168.10.22', 3000, 1, 'active'],
      ['unix:/run/app/app.sock', 'unix:/run/app/app.sock', null, 1, 'backup'],
    ]);
    expect(app.timeouts).toEqual({ read: 15000 });
    expect(m.listeners).toHaveLength(1);
    expect(m.listeners[0]).toMatchObject({
      name: 'app.internal',
      binds: [{ address: '*', port: 8080, tls: false }],
      defaultTargets: [{ pool: 'app_servers', weight: 1 }],
    });
    expect(m.listeners[0].routes.map((r) => [r.match, r.targets])).toEqual([
      ['location /', [{ pool: 'app_servers', weight: 1 }]],
      ['location /metrics', [{ pool: '127.0.0.1:9100', weight: 1, external: true }]],
    ]);
  });

  it('reads a sites-enabled file with fastcgi to a unix socket', () => {
    const result = parseFixture('fragments', 'sites-enabled/default');
    expect(result.problems).toEqual([]);
    expect(result.model.pools).toEqual([]);
    expect(result.model.listeners).toEqual([
      {
        name: '_',
        binds: [
          { address: '*', port: 80, tls: false, loc: { file: 'sites-enabled/default', line: 3 } },
          { address: '[::]', port: 80, tls: false, loc: { file: 'sites-enabled/default', line: 4 } },
        ],
        routes: [
          {
            match: 'location ~ \\.php$',
            targets: [{ pool: 'unix:/run/php/php8.2-fpm.sock', weight: 1, external: true }],
            loc: { file: 'sites-enabled/default', line: 14 },
          },
        ],
        defaultTargets: [],
        loc: { file: 'sites-enabled/default', line: 2 },
      },
    ]);
  });

  it('reads a top-level server that proxies directly as a stream server', () => {
    const r = parse('upstream pg { server 10.0.0.5:5432; }\nserver { listen 5432; proxy_pass pg; proxy_timeout 30s; }\n');
    expect(r.problems).toEqual([]);
    expect(r.model.listeners[0]).toMatchObject({ name: 'stream', defaultTargets: [{ pool: 'pg', weight: 1 }], routes: [] });
    expect(pool(r.model, 'pg').timeouts).toEqual({ idle: 30000 });
  });

  it('reports a top-level server mixing proxy_pass and locations', () => {
    const r = parse('server {\n  proxy_pass 10.0.0.1:80;\n  location / { proxy_pass http://10.0.0.2; }\n}\n');
    expect(messages(r)).toEqual([
      '2: "proxy_pass" directly in a "server" block that also has locations: nginx allows that only in stream servers, and refuses the config',
    ]);
  });
});

describe('includes', () => {
  it('parses an included file in place, with its own file and lines', () => {
    const calls: Array<[string, string]> = [];
    const files: Record<string, string> = {
      'conf.d/pools.conf': '\n\nupstream app {\n  server 10.0.0.1:80;\n  include conf.d/more.conf;\n}\n',
      'conf.d/more.conf': '# more servers\nserver 10.0.0.2:80 weight=5;\n',
    };
    const r = parseNginx('http {\n  include conf.d/pools.conf;\n  server { location / { proxy_pass http://app; } }\n}\n', {
      file: 'nginx.conf',
      readInclude: (path, from) => {
        calls.push([path, from]);
        return files[path] ?? null;
      },
    });
    expect(r.problems).toEqual([]);
    expect(calls).toEqual([
      ['conf.d/pools.conf', 'nginx.conf'],
      ['conf.d/more.conf', 'conf.d/pools.conf'],
    ]);
    const app = pool(r.model, 'app');
    expect(app.loc).toEqual({ file: 'conf.d/pools.conf', line: 3 });
    expect(app.members.map((m) => [m.name, m.weight, m.loc])).toEqual([
      ['10.0.0.1:80', 1, { file: 'conf.d/pools.conf', line: 4 }],
      ['10.0.0.2:80', 5, { file: 'conf.d/more.conf', line: 2 }],
    ]);
    expect(r.model.listeners[0].defaultTargets).toEqual([{ pool: 'app', weight: 1 }]);
  });

  it('ignores includes that are not available, and passes globs as written', () => {
    const seen: string[] = [];
    const r = parseNginx('http {\n  include mime.types;\n  include /etc/nginx/conf.d/*.conf;\n  include sites-enabled/*;\n}\n', {
      file: 'nginx.conf',
      readInclude: (path) => {
        seen.push(path);
        return path === 'sites-enabled/*' ? 'upstream s { server 10.1.1.1; }' : null;
      },
    });
    expect(r.problems).toEqual([]);
    expect(seen).toEqual(['mime.types', '/etc/nginx/conf.d/*.conf', 'sites-enabled/*']);
    expect(r.model.pools.map((p) => [p.name, p.loc.file])).toEqual([['s', 'sites-enabled/*']]);
  });

  it('ignores includes when no reader is given', () => {
    const r = parseNginx('http { include x.conf; }', { file: 'nginx.conf' });
    expect(r.problems).toEqual([]);
  });

  it('resolves a proxy_pass to an upstream declared later in an include', () => {
    const r = parse('http {\n  server { location / { proxy_pass http://late/; } }\n  include late.conf;\n}\n', {
      'late.conf': 'upstream late { server 10.0.0.9:8080; }',
    });
    expect(r.model.listeners[0].defaultTargets).toEqual([{ pool: 'late', weight: 1 }]);
  });

  it('reports an include cycle on the include line and keeps going', () => {
    const r = parse('http {\n  include a.conf;\n  upstream after { server 10.0.0.1; }\n}\n', {
      'a.conf': 'upstream a { server 10.0.0.2; }\ninclude b.conf;\n',
      'b.conf': '\ninclude a.conf;\n',
    });
    expect(messages(r)).toEqual([
      '2: in included file b.conf, line 2: include cycle: nginx.conf → a.conf → b.conf → a.conf; nginx would include these files forever',
    ]);
    expect(r.model.pools.map((p) => p.name)).toEqual(['a', 'after']);
  });

  it('reports a file that includes itself', () => {
    const r = parse('include ./nginx.conf;\n');
    expect(messages(r)).toEqual(['1: include cycle: nginx.conf → nginx.conf; nginx would include these files forever']);
  });

  it('reports includes nested deeper than 20 levels', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 30; i++) files[`f${i}.conf`] = `include f${i + 1}.conf;\n`;
    const r = parse('include f1.conf;\n', files);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].line).toBe(1);
    expect(r.problems[0].message).toBe(
      'in included file f20.conf, line 1: includes are nested more than 20 levels deep at "f21.conf"; lb-gate did not read further',
    );
  });

  it('reports problems inside an included file on the include line, naming the file and its line', () => {
    const r = parse('http {\n\n  include broken.conf;\n  upstream ok { server 10.0.0.3; }\n}\n', {
      'broken.conf': 'upstream b {\n  server 10.0.0.1 weight=abc;\n',
    });
    expect(messages(r)).toEqual([
      '3: in included file broken.conf, line 2: invalid parameter "weight=abc" for server 10.0.0.1 in upstream "b": the weight must be a whole number',
      '3: in included file broken.conf, line 1: unexpected end of file at line 3: the block "upstream b" opened on line 1 is missing its closing "}"',
    ]);
    // The unclosed block in the include does not swallow the rest of the including file.
    expect(r.model.pools.map((p) => p.name)).toEqual(['b', 'ok']);
  });

  it('reports a stray "}" in an included file instead of closing the includer\'s block', () => {
    const r = parse('http {\n  include x.conf;\n  upstream inside { server 10.0.0.1; }\n}\n', { 'x.conf': '}\n' });
    expect(messages(r)).toEqual([
      '2: in included file x.conf, line 1: unexpected "}" on line 1: there is no open block to close (an extra "}" or a missing "{" above)',
    ]);
    expect(r.model.pools.map((p) => p.name)).toEqual(['inside']);
  });

  it('includes one file many times without blowing up', () => {
    const locations = Array.from({ length: 500 }, (_, i) => `    location /x${i} { include proxy.conf; }\n`).join('');
    const r = parse(`http {\n  upstream u { server 10.0.0.1; }\n  server {\n${locations}  }\n}\n`, {
      'proxy.conf': 'proxy_pass http://u;\nproxy_read_timeout 7s;\n',
    });
    expect(r.problems).toEqual([]);
    expect(r.model.listeners[0].routes).toHaveLength(500);
    expect(r.model.listeners[0].routes[499]).toEqual({
      match: 'location /x499',
      targets: [{ pool: 'u', weight: 1 }],
      loc: { file: 'nginx.conf', line: 503 },
    });
    expect(pool(r.model, 'u').timeouts).toEqual({ read: 7000 });
  });

  it('reports a broken snippet once however often it is included', () => {
    const r = parse('server {\n  location /a { include bad.conf; }\n  location /b { include bad.conf; }\n}', { 'bad.conf': 'proxy_pass;' });
    expect(messages(r)).toEqual(['2: in included file bad.conf, line 1: "proxy_pass" needs exactly one value, got 0']);
  });

  it('bounds an include fan-out', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 19; i++) files[`f${i}.conf`] = `include f${i + 1}.conf;\ninclude f${i + 1}.conf;\n`;
    files['f20.conf'] = 'upstream u { server 10.0.0.1; }\n';
    const r = parse('http {\n  include f1.conf;\n}', files);
    expect(messages(r)).toEqual([
      '2: in included file f20.conf, line 1: duplicate upstream "u" (first declared in f20.conf line 1); nginx refuses the config',
      '2: in included file f19.conf, line 2: more than 10000 includes were expanded; lb-gate read no further includes, starting with "f20.conf"',
    ]);
    expect(r.model.pools.length).toBeGreaterThan(4000);
    expect(new Set(r.model.pools.map((p) => p.name)).size).toBe(r.model.pools.length);
  });

  it('reports a readInclude that throws', () => {
    const r = parseNginx('include x.conf;', {
      file: 'nginx.conf',
      readInclude: () => {
        throw new Error('EACCES');
      },
    });
    expect(messages(r)).toEqual(['1: could not read included file "x.conf": EACCES']);
  });
});

describe('upstream members and algorithms', () => {
  const up = (body: string) => parse(`http { upstream u {\n${body}\n} }`);

  it('defaults the port to 80 and the weight to 1, and keeps names unique', () => {
    const r = up('server backend1.example.com;\nserver [::1]:8080 weight=2;\nserver [2001:db8::1];\nserver 10.0.0.1:8080;\nserver 10.0.0.1:8080 down;\nserver 10.0.0.1:8080 backup;');
    expect(r.problems).toEqual([]);
    expect(pool(r.model, 'u').members.map((m) => [m.name, m.address, m.port, m.weight, m.state])).toEqual([
      ['backend1.example.com', 'backend1.example.com', 80, 1, 'active'],
      ['[::1]:8080', '[::1]', 8080, 2, 'active'],
      ['[2001:db8::1]', '[2001:db8::1]', 80, 1, 'active'],
      ['10.0.0.1:8080', '10.0.0.1', 8080, 1, 'active'],
      ['10.0.0.1:8080#2', '10.0.0.1', 8080, 1, 'disabled'],
      ['10.0.0.1:8080#3', '10.0.0.1', 8080, 1, 'backup'],
    ]);
  });

  it('accepts every documented server parameter', () => {
    const r = up('zone u 64k;\nserver a.internal:81 weight=3 max_fails=0 fail_timeout=1m30s max_conns=100 resolve slow_start=30s service=http route=a;\nserver b.internal:81 drain;\nserver c.internal:81 down backup;\nkeepalive 16;\nsticky cookie srv_id expires=1h;');
    expect(r.problems).toEqual([]);
    expect(pool(r.model, 'u').members.map((m) => [m.weight, m.state, m.healthChecked])).toEqual([
      [3, 'active', false],
      [1, 'draining', true],
      [1, 'disabled', true],
    ]);
    expect(pool(r.model, 'u').healthCheck).toEqual({ enabled: true, kind: 'passive' });
  });

  it('marks passive checks off when every server has max_fails=0', () => {
    const r = up('server 10.0.0.1 max_fails=0;\nserver 10.0.0.2 max_fails=0;');
    expect(pool(r.model, 'u').healthCheck).toEqual({ enabled: false, kind: 'passive' });
  });

  it.each([
    ['least_conn;', { algorithm: 'leastconn' }],
    ['ip_hash;', { algorithm: 'ip_hash' }],
    ['hash $request_uri;', { algorithm: 'hash', hashKey: '$request_uri', hashKeyConstant: false }],
    ['hash "${scheme}x" consistent;', { algorithm: 'hash', hashKey: '${scheme}x', hashKeyConstant: false }],
    ['hash static;', { algorithm: 'hash', hashKey: 'static', hashKeyConstant: true }],
    ['random;', { algorithm: 'random' }],
    ['random two least_conn;', { algorithm: 'random' }],
    ['random two least_time=last_byte;', { algorithm: 'random' }],
    ['least_time header inflight;', { algorithm: 'least_time' }],
    ['keepalive 8;', { algorithm: 'roundrobin' }],
  ])('reads %s', (directive, expected) => {
    const r = up(`${directive}\nserver 10.0.0.1;`);
    expect(r.problems).toEqual([]);
    const { members: _m, loc: _l, healthCheck: _h, timeouts: _t, name: _n, ...rest } = pool(r.model, 'u');
    expect(rest).toEqual(expected);
  });

  it('reports a balancing method set twice, keeping the last', () => {
    const r = up('hash $uri;\nleast_conn;\nserver 10.0.0.1;');
    expect(messages(r)).toEqual(['3: upstream "u" sets its balancing method twice (line 2 and line 3); nginx uses only the last one']);
    expect(pool(r.model, 'u')).toMatchObject({ algorithm: 'leastconn' });
    expect(pool(r.model, 'u').hashKey).toBeUndefined();
  });
});

describe('listeners', () => {
  it('reads every listen form', () => {
    const r = parse(`http { server {
  listen 80;
  listen 127.0.0.1:8080;
  listen [::]:443 ssl http2 default_server;
  listen unix:/run/nginx.sock;
  listen *:8081;
  listen localhost;
  listen 8443 quic reuseport;
  server_name "";
} }`);
    expect(r.problems).toEqual([]);
    expect(r.model.listeners[0].name).toBe('_');
    expect(r.model.listeners[0].binds.map((b) => [b.address, b.port, b.tls, b.loc.line])).toEqual([
      ['*', 80, false, 2],
      ['127.0.0.1', 8080, false, 3],
      ['[::]', 443, true, 4],
      ['unix:/run/nginx.sock', null, false, 5],
      ['*', 8081, false, 6],
      ['localhost', 80, false, 7],
      ['*', 8443, true, 8],
    ]);
  });

  it('defaults to *:80 and applies "ssl on" to every bind', () => {
    const r = parse('http {\n  server { server_name a.example; }\n  server { listen 8443; ssl on; server_name b.example; }\n}');
    expect(r.model.listeners.map((l) => [l.name, l.binds.map((b) => [b.address, b.port, b.tls, b.loc.line])])).toEqual([
      ['a.example', [['*', 80, false, 2]]],
      ['b.example', [['*', 8443, true, 3]]],
    ]);
  });

  it('names listeners uniquely whatever their order', () => {
    const text = 'http {\n server { listen 80; }\n server { listen 8080; }\n server { listen 80; server_name x; }\n server { listen 80; server_name x; }\n}';
    expect(parse(text).model.listeners.map((l) => l.name)).toEqual(['_ 80', '_ 8080', 'x 80', 'x 80#2']);
  });

  it('reads nested locations and locations with an if', () => {
    const r = parse(`http {
  upstream api { server 10.0.0.1; }
  upstream canary { server 10.0.0.2; }
  server {
    location /api/ {
      location /api/v2/ { proxy_pass http://API; }
      if ($http_x_canary = "1") { proxy_pass http://canary; }
      proxy_pass http://api;
    }
    location ^~ / { grpc_pass grpc://api; }
    location @fallback { uwsgi_pass uwsgi://10.0.0.3:3031; }
    location = /cache { memcached_pass 127.0.0.1:11211; }
    location /scgi { scgi_pass localhost:4000; }
  }
}`);
    expect(r.problems).toEqual([]);
    const l = r.model.listeners[0];
    expect(l.routes.map((x) => [x.match, x.targets, x.loc.line])).toEqual([
      ['location /api/', [{ pool: 'api', weight: 1 }], 5],
      ['location /api/ if ($http_x_canary = 1)', [{ pool: 'canary', weight: 1 }], 7],
      ['location /api/v2/', [{ pool: 'api', weight: 1 }], 6],
      ['location ^~ /', [{ pool: 'api', weight: 1 }], 10],
      ['location @fallback', [{ pool: '10.0.0.3:3031', weight: 1, external: true }], 11],
      ['location = /cache', [{ pool: '127.0.0.1:11211', weight: 1, external: true }], 12],
      ['location /scgi', [{ pool: 'localhost:4000', weight: 1, external: true }], 13],
    ]);
    expect(l.defaultTargets).toEqual([{ pool: 'api', weight: 1 }]);
  });
});

describe('proxy_pass targets', () => {
  const names = new Map([['app', 'app'], ['api.internal', 'api.internal']]);
  it.each([
    ['http://app', { pool: 'app', weight: 1 }],
    ['https://APP/prefix/', { pool: 'app', weight: 1 }],
    ['http://app$request_uri', { pool: 'app', weight: 1 }],
    ['http://app$uri$is_args$args', { pool: 'app', weight: 1 }],
    ['http://app$backend_suffix', { pool: 'http://app$backend_suffix', weight: 1, dynamic: true }],
    ['http://api.internal', { pool: 'api.internal', weight: 1 }],
    ['http://app:8080', { pool: 'app:8080', weight: 1, external: true }],
    ['http://$backend', { pool: 'http://$backend', weight: 1, dynamic: true }],
    ['$scheme://$host$request_uri', { pool: '$scheme://$host$request_uri', weight: 1, dynamic: true }],
    ['http://10.0.0.5', { pool: '10.0.0.5', weight: 1, external: true }],
    ['http://10.0.0.5:8080/x', { pool: '10.0.0.5:8080', weight: 1, external: true }],
    ['http://[::1]:8080', { pool: '[::1]:8080', weight: 1, external: true }],
    ['http://backend.example.com', { pool: 'backend.example.com', weight: 1, external: true }],
    ['http://localhost', { pool: 'localhost', weight: 1, external: true }],
    ['http://unix:/tmp/app.sock:/api/', { pool: 'unix:/tmp/app.sock', weight: 1, external: true }],
    ['unix:/run/php.sock', { pool: 'unix:/run/php.sock', weight: 1, external: true }],
    ['http://missing', { pool: 'missing', weight: 1 }],
    ['missing', { pool: 'missing', weight: 1 }],
  ])('%s', (value, expected) => {
    expect(classifyPassTarget(value, names)).toEqual(expected);
  });

  it('makes the whole config dynamic-aware through the model', () => {
    const r = parse('http { server { location / { proxy_pass http://$upstream_name; } } }');
    expect(r.model.listeners[0].defaultTargets).toEqual([{ pool: 'http://$upstream_name', weight: 1, dynamic: true }]);
  });
});

describe('timeouts and active health checks', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['30', 30_000],
    ['1m30s', 90_000],
    ['1h 30m', 5_400_000],
    ['1m 30', 90_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1M', 2_592_000_000],
  ])('reads the time %s', (text, ms) => {
    expect(parseNginxTime(text)).toBe(ms);
  });

  it.each(['', 'abc', '30s1m', '100ms5s', '1y', '5 s', '1.5s', '-1s', '1mm'])('rejects the time "%s"', (text) => {
    expect(parseNginxTime(text)).toBeNull();
  });

  it('rejects milliseconds where nginx wants seconds, and accepts years there', () => {
    expect(parseNginxTime('500ms', 's')).toBeNull();
    expect(parseNginxTime('1y', 's')).toBe(31_536_000_000);
  });

  it('inherits timeouts from http and server, and keeps the tightest when locations differ', () => {
    const r = parse(`http {
  proxy_connect_timeout 2s;
  upstream u { server 10.0.0.1; }
  upstream g { server 10.0.0.2; }
  server {
    proxy_read_timeout 20s;
    location /a { proxy_pass http://u; proxy_send_timeout 9s; }
    location /b { proxy_pass http://u; proxy_read_timeout 5s; proxy_connect_timeout 1s; }
    location /g { grpc_pass grpc://g; grpc_read_timeout 3s; }
  }
}`);
    expect(r.problems).toEqual([]);
    expect(pool(r.model, 'u').timeouts).toEqual({ connect: 1000, read: 5000, send: 9000 });
    // grpc_pass uses grpc_* timeouts, not the proxy_* ones set around it.
    expect(pool(r.model, 'g').timeouts).toEqual({ read: 3000 });
  });

  it('applies server-level timeouts written after the location', () => {
    const r = parse('http { upstream u { server 10.0.0.1; } server { location / { proxy_pass http://u; } proxy_read_timeout 4s; } }');
    expect(pool(r.model, 'u').timeouts).toEqual({ read: 4000 });
  });

  it('reads an NGINX Plus health_check as an active http check', () => {
    const r = parse(`http {
  upstream u { zone u 64k; server 10.0.0.1 max_fails=0; }
  upstream v { zone v 64k; server 10.0.0.2; }
  server {
    location / { proxy_pass http://u; health_check uri=/healthz interval=2s fails=3 passes=2; }
    location /v { proxy_pass http://v; health_check; }
  }
}`);
    expect(r.problems).toEqual([]);
    expect(pool(r.model, 'u').healthCheck).toEqual({ enabled: true, kind: 'http', path: '/healthz', intervalMs: 2000, loc: { file: 'nginx.conf', line: 5 } });
    expect(pool(r.model, 'u').members[0].healthChecked).toBe(true);
    expect(pool(r.model, 'v').healthCheck).toEqual({ enabled: true, kind: 'http', path: '/', intervalMs: 5000, loc: { file: 'nginx.conf', line: 6 } });
  });
});

describe('syntax', () => {
  it('reads quotes, escapes, variables and comments the way nginx does', () => {
    const r = parse(`http {
  upstream "quoted name" { server 'single.example:81' weight=2; }   # trailing comment
  upstream a#b { server 10.0.0.1; }
  upstream esc { hash "a\\"b\\\\c"; server 10.0.0.2; }
  upstream var { hash \${host}x; server 10.0.0.3; }
  log_format main '$remote_addr "$request"'
                  ' $status';
}`);
    expect(r.problems).toEqual([]);
    expect(r.model.pools.map((p) => p.name)).toEqual(['quoted name', 'a#b', 'esc', 'var']);
    expect(pool(r.model, 'quoted name').members[0]).toMatchObject({ address: 'single.example', port: 81, weight: 2 });
    expect(pool(r.model, 'esc').hashKey).toBe('a"b\\c');
    expect(pool(r.model, 'var').hashKey).toBe('${host}x');
  });

  it('counts lines through CRLF, multi-line quotes and escaped newlines', () => {
    const r = parse('http {\r\n  set $x "a\r\nb";\r\n  upstream u {\r\n    server 10.0.0.1;\r\n  }\r\n}\r\n');
    expect(r.problems).toEqual([]);
    expect(pool(r.model, 'u').loc.line).toBe(4);
    expect(pool(r.model, 'u').members[0].loc.line).toBe(5);
  });

  it('ignores unknown directives and blocks without problems', () => {
    const r = parse(`load_module modules/ngx_foo.so;
frobnicate on;
http {
  totally_unknown 1 2 3;
  vendor_block {
    nested { thing; }
    server 10.0.0.1;
  }
  upstream u { server 10.0.0.1; mystery_directive x; }
  server { listen 80; weird_thing { inner; } location / { proxy_pass http://u; unknown_inside on; } }
}
mail { server { listen 25; protocol smtp; } }`);
    expect(r.problems).toEqual([]);
    expect(r.model.pools.map((p) => p.name)).toEqual(['u']);
    expect(r.model.listeners.map((l) => l.name)).toEqual(['_']);
  });
});

describe('problems', () => {
  it.each([
    ['an extra "}"', 'http {\n}\n}\n', ['3: unexpected "}" on line 3: there is no open block to close (an extra "}" or a missing "{" above)']],
    [
      'a missing "}"',
      'http {\n  upstream u {\n    server 10.0.0.1;\n',
      ['2: unexpected end of file at line 4: the block "upstream u" opened on line 2 is missing its closing "}" (2 blocks are open; the outermost is "http" on line 1)'],
    ],
    [
      'a missing ";" before "}"',
      'http {\n  upstream u { server 10.0.0.1 }\n}\n',
      ['2: missing ";" after "server 10.0.0.1" on line 2, before the "}" on line 2'],
    ],
    [
      'a missing ";" at the end of a line',
      'upstream u {\n  server 10.0.0.1:80\n  server 10.0.0.2:80;\n}\n',
      ['2: missing ";" at the end of line 2: "server 10.0.0.1:80" runs on into "server" on line 3, so nginx reads both lines as one directive'],
    ],
    [
      'a missing ";" at the end of the file',
      'upstream u { server 10.0.0.1; }\nworker_processes 4',
      ['2: unexpected end of file: "worker_processes 4" on line 2 is not terminated by ";" (is the file truncated?)'],
    ],
    [
      'an unterminated quote',
      'http {\n  upstream u { server 10.0.0.1; }\n  add_header X-A "oops;\n  upstream v { server 10.0.0.2; }\n}\n',
      ['3: unterminated quoted string: the " opened on line 3 is never closed, so nginx reads the rest of the file as one value'],
    ],
    ['a stray ";"', 'http { ; }', ['1: unexpected ";" on line 1: there is no directive before it']],
    ['a block without a name', 'http {\n  { }\n}', ['2: unexpected "{" on line 2: a block must follow a directive name (e.g. "location /api {")']],
    ['text right after a quote', 'http { server_name "a"b; }', ['1: unexpected "b" right after a quoted string on line 1; nginx needs a space, ";" or "{" there']],
    [
      'weight=0',
      'upstream u { server 10.0.0.1 weight=0; }',
      ['1: invalid parameter "weight=0" for server 10.0.0.1 in upstream "u": nginx refuses weight=0 (the minimum is 1); use "down" to take a server out of rotation'],
    ],
    ['an unknown server parameter', 'upstream u { server 10.0.0.1 wieght=2; }', ['1: invalid parameter "wieght=2" for server 10.0.0.1 in upstream "u": nginx does not know it (a missing ";" on the line before?)']],
    ['a bad fail_timeout', 'upstream u { server 10.0.0.1 fail_timeout=500ms; }', ['1: invalid parameter "fail_timeout=500ms" for server 10.0.0.1 in upstream "u": fail_timeout must be a time in seconds or larger units, e.g. 10s']],
    ['a bad port', 'upstream u { server 10.0.0.1:http; }', ['1: upstream "u": invalid port in "10.0.0.1:http"; nginx refuses the config']],
    ['a bad listen port', 'server { listen 99999; }', ['1: "listen 99999": invalid port "99999"; nginx refuses the config']],
    ['an upstream without a block', 'http { upstream u; }', ['1: "upstream" needs a block: "upstream u { … }"']],
    ['an upstream without a name', 'http { upstream { server 10.0.0.1; } }', ['1: "upstream" needs exactly one name, got "upstream "']],
    ['a location without a path', 'server { location { } }', ['1: "location" needs a path and at most one modifier, got "location "']],
    ['a server line with a block', 'upstream u { server 10.0.0.1 { } }', ['1: "server" takes no block; end it with ";" instead of "{ … }"']],
    ['a server line without an address', 'upstream u { server; }', ['1: "server" in upstream "u" needs an address']],
    [
      'a duplicate upstream',
      'http {\n  upstream u { server 10.0.0.1; }\n  upstream U { server 10.0.0.2; }\n}',
      ['3: duplicate upstream "U" (first declared in nginx.conf line 2); nginx refuses the config'],
    ],
    [
      'a duplicate proxy_pass',
      'server {\n  location / {\n    proxy_pass http://10.0.0.1;\n    proxy_pass http://10.0.0.2;\n  }\n}',
      ['4: "proxy_pass" is duplicate in "location /" (the location already passes requests on line 3); nginx refuses the config'],
    ],
    ['proxy_pass with two values', 'server { location / { proxy_pass a b; } }', ['1: "proxy_pass" needs exactly one value, got 2']],
    [
      'proxy_pass directly in an http server',
      'http { server { proxy_pass http://10.0.0.1; } }',
      ['1: "proxy_pass" is not allowed directly in an http "server" block; nginx refuses the config. Put it inside a "location".'],
    ],
    ['a stream server without listen', 'stream { server { proxy_pass 10.0.0.1:53; } }', ['1: a stream "server" has no "listen"; nginx refuses the config']],
    ['a location in a stream server', 'stream { server { listen 1; location / { } } }', ['1: "location" is not allowed in a stream "server"; nginx refuses the config']],
    ['a bad timeout', 'http { proxy_read_timeout 1y; }', ['1: "proxy_read_timeout" has an invalid time "1y" (use e.g. 500ms, 30s, 1m30s)']],
    ['a timeout with two values', 'http { proxy_read_timeout 1m 30s; }', ['1: "proxy_read_timeout" needs exactly one time value, got 2']],
    [
      'a balancing method after keepalive',
      'upstream u {\n  keepalive 16;\n  least_conn;\n  server 10.0.0.1;\n}',
      ['3: upstream "u": "least_conn" comes after "keepalive" (line 2), which turns the keepalive connection cache off; put the balancing method first'],
    ],
    [
      'a backup server under ip_hash',
      'upstream u {\n  ip_hash;\n  server 10.0.0.1;\n  server 10.0.0.2 backup;\n}',
      ['4: invalid parameter "backup" for server 10.0.0.2 in upstream "u": upstream "u" balances with ip_hash, which has no backup servers, so nginx refuses the config'],
    ],
    ['a bad hash', 'upstream u { hash $a $b; server 10.0.0.1; }', ['1: "hash" needs a key and optionally "consistent", got "hash $a $b"']],
    ['a bad health_check interval', 'server { location / { proxy_pass http://10.0.0.1; health_check interval=soon; } }', ['1: "health_check" has an invalid interval "soon"']],
    ['an include with two paths', 'include a b;', ['1: "include" needs exactly one path and no block']],
    [
      'a byte-order mark',
      '\uFEFFupstream u { server 10.0.0.1; }',
      ['1: the file starts with a UTF-8 byte-order mark; nginx reads it as part of the first directive name and refuses the file. Save it without the BOM.'],
    ],
  ])('reports %s', (_what, text, expected) => {
    expect(messages(parse(text))).toEqual(expected);
  });

  it('keeps the model usable around problems', () => {
    const missingSemicolon = parse('upstream u {\n  server 10.0.0.1:80\n  server 10.0.0.2:80;\n}\n');
    expect(pool(missingSemicolon.model, 'u').members.map((m) => m.name)).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    const unterminated = parse('http {\n  upstream u { server 10.0.0.1; }\n  add_header X-A "oops;\n  upstream v { server 10.0.0.2; }\n}\n');
    expect(unterminated.model.pools.map((p) => p.name)).toEqual(['u']);
    const weightZero = parse('upstream u { server 10.0.0.1 weight=0; server 10.0.0.2; }');
    expect(pool(weightZero.model, 'u').members.map((m) => m.weight)).toEqual([0, 1]);
  });

  it('reports binary data once and stops reading there', () => {
    const text = 'http {\n  upstream u { server 10.0.0.1; }\n  \u0000\u0001\u0002 upstream v { server 10.0.0.2; }\n\u0000\u0000\n}';
    const r = parse(text);
    expect(messages(r)).toEqual(['3: binary data (byte 0x00) at line 3: this is not a text nginx config, so lb-gate stopped reading it here']);
    expect(r.problems[0].column).toBe(3);
    expect(r.model.pools.map((p) => p.name)).toEqual(['u']);
  });

  it('reports binary data inside a comment, a quote or an included file', () => {
    expect(messages(parse('# \u0007 bell\nhttp { }'))[0]).toMatch(/^1: binary data \(byte 0x07\)/);
    expect(messages(parse('http { return 200 "a\u0000"; }'))[0]).toMatch(/^1: binary data \(byte 0x00\)/);
    const r = parse('http {\n  include bin.conf;\n  upstream after { server 10.0.0.1; }\n}', { 'bin.conf': 'upstream b { server 10.0.0.2; }\n\u0000' });
    expect(messages(r)).toEqual(['2: in included file bin.conf, line 2: binary data (byte 0x00) at line 2: this is not a text nginx config, so lb-gate stopped reading it here']);
    expect(r.model.pools.map((p) => p.name)).toEqual(['b']);
  });

  it('reads a truncated file up to where it stops', () => {
    const full = readFileSync(join(FIXTURES, 'site-before', 'conf.d', 'upstreams.conf'), 'utf8');
    const cut = full.slice(0, full.indexOf('server 10.0.3.32:8081;') + 'server 10.0.3.3'.length);
    const r = parseNginx(cut, { file: UP });
    expect(messages(r)).toEqual([
      '22: unexpected end of file: "server 10.0.3.3" on line 22 is not terminated by ";" (is the file truncated?)',
      '19: unexpected end of file at line 22: the block "upstream static_backend" opened on line 19 is missing its closing "}"',
    ]);
    expect(r.model.pools.map((p) => [p.name, p.members.length])).toEqual([
      ['web_backend', 4],
      ['api_backend', 3],
      ['static_backend', 2],
    ]);
  });

  it('lists at most 100 problems and says so', () => {
    const r = parse('upstream u {\n' + 'server 10.0.0.1 weight=x;\n'.repeat(500) + '}');
    expect(r.problems).toHaveLength(101);
    expect(r.problems[100].message).toBe('more than 100 problems; the rest are not listed. Fix the ones above first.');
  });
});

describe('hostile input', () => {
  it('reads 10,000 nested locations without recursion', () => {
    const depth = 10_000;
    const text =
      'http {\n upstream deep { server 10.0.0.1; }\n server {\n' +
      'location /a {\n'.repeat(depth) +
      'proxy_pass http://deep;\n' +
      '}\n'.repeat(depth) +
      '}\n}\n';
    const r = parse(text);
    expect(r.problems).toEqual([]);
    expect(r.model.listeners[0].routes).toEqual([
      { match: 'location /a', targets: [{ pool: 'deep', weight: 1 }], loc: { file: 'nginx.conf', line: 3 + depth } },
    ]);
  });

  it('reports 10,000 bare "{" as a bounded list of problems', () => {
    const r = parse('{\n'.repeat(10_000) + '}\n'.repeat(10_000));
    expect(r.problems).toHaveLength(101);
    expect(r.problems[0]).toEqual({ line: 1, column: 1, message: 'unexpected "{" on line 1: a block must follow a directive name (e.g. "location /api {")' });
    expect(r.problems[99].line).toBe(100);
    // The same mistake repeated on one line is one problem.
    expect(parse('{'.repeat(10_000) + '}'.repeat(10_000)).problems).toHaveLength(1);
  });

  it('reports 10,000 unclosed blocks once', () => {
    const r = parse('http {\n' + 'location / {\n'.repeat(10_000));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].message).toBe(
      'unexpected end of file at line 10002: the block "location /" opened on line 10001 is missing its closing "}" (10001 blocks are open; the outermost is "http" on line 1)',
    );
  });

  it('stops at an absurd nesting depth', () => {
    const r = parse('a {'.repeat(100_001));
    expect(messages(r)).toEqual(['1: blocks are nested more than 100000 levels deep at line 1; lb-gate stopped reading the file here']);
  });

  it('reads a 50 MB file', () => {
    const block =
      'upstream pool_N {\n    least_conn;\n' +
      Array.from({ length: 8 }, (_, i) => `    server 10.1.${i}.1:8080 weight=${i + 1} max_fails=3 fail_timeout=10s;\n`).join('') +
      '}\n# ' +
      'padding comment '.repeat(40) +
      '\n';
    const count = Math.ceil(50_000_000 / block.length);
    const parts: string[] = ['http {\n'];
    for (let i = 0; i < count; i++) parts.push(block.replace('pool_N', `pool_${i}`));
    parts.push('server { listen 80; location / { proxy_pass http://pool_0; } }\n}\n');
    const text = parts.join('');
    expect(text.length).toBeGreaterThan(50_000_000);
    const r = parseNginx(text, { file: 'big.conf' });
    expect(r.problems).toEqual([]);
    expect(r.model.pools).toHaveLength(count);
    expect(r.model.pools[count - 1].members).toHaveLength(8);
    expect(r.model.listeners[0].defaultTargets).toEqual([{ pool: 'pool_0', weight: 1 }]);
  });

  it('reads 20,000 servers in 2,000 upstreams', () => {
    const parts = ['http {\n'];
    for (let u = 0; u < 2000; u++) {
      parts.push(`upstream pool${u} {\n`);
      for (let s = 0; s < 10; s++) parts.push(`  server 10.${u >> 8}.${u & 255}.${s}:8080 weight=${s + 1};\n`);
      parts.push(`}\nserver { server_name s${u}.example; location / { proxy_pass http://pool${u}; } }\n`);
    }
    parts.push('}\n');
    const r = parse(parts.join(''));
    expect(r.problems).toEqual([]);
    expect(r.model.pools).toHaveLength(2000);
    expect(r.model.pools.reduce((n, p) => n + p.members.length, 0)).toBe(20_000);
    expect(r.model.listeners[1999]).toMatchObject({ name: 's1999.example', defaultTargets: [{ pool: 'pool1999', weight: 1 }] });
  });
});

// ---- nginx itself as the oracle -----------------------------------------------------------------

function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('which', ['nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const NGINX = nginxBinary();
const STREAM_MODULE = ['/usr/lib/nginx/modules/ngx_stream_module.so', '/usr/share/nginx/modules/ngx_stream_module.so'].find((p) => existsSync(p));

/** Paths nginx would otherwise create under /var/lib/nginx, which needs root. */
const TEMP_PATHS =
  'client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;';

/** `-e` (the error log path) exists since nginx 1.19.5; older nginx logs to its built-in path. */
function supportsErrorLogFlag(): boolean {
  const out = spawnSync(NGINX as string, ['-v'], { encoding: 'utf8' });
  const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${out.stdout}${out.stderr}`);
  if (!m) return false;
  const [major, minor, patch] = m.slice(1).map(Number);
  return major > 1 || minor > 19 || (minor === 19 && patch >= 5);
}

function nginxTest(prefix: string, conf: string): { status: number | null; output: string } {
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  mkdirSync(join(prefix, 'tmp'), { recursive: true });
  const errorLog = supportsErrorLogFlag() ? ['-e', join(prefix, 'logs', 'error.log')] : [];
  const args = [...errorLog, '-t', '-q', '-p', prefix + '/', '-g', `pid ${join(prefix, 'nginx.pid')};`, '-c', join(prefix, conf)];
  const run = spawnSync(NGINX as string, args, { encoding: 'utf8' });
  // Notes that depend on the machine or the nginx version rather than on the config.
  const incidental = /could not open error log file|is deprecated/;
  const output = `${run.stdout}${run.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !incidental.test(line))
    .join('\n');
  return { status: run.status, output };
}

/**
 * `nginx -t` binds every listen address. Privileged ports need root and the tests talk to
 * 127.0.0.1 only, so the oracle's copy listens on loopback high ports (a port already in use is
 * fine: nginx tolerates that while testing).
 */
function loopbackListens(text: string, firstPort: number): string {
  let port = firstPort;
  return text.replace(/^([ \t]*listen[ \t]+)([^\s;]+)/gm, (_m, lead: string) => `${lead}127.0.0.1:${port++}`);
}

/** Copies a fixture file into the oracle's prefix with loopback listens. */
function copyForOracle(from: string, to: string, firstPort: number): void {
  writeFileSync(to, loopbackListens(readFileSync(from, 'utf8'), firstPort));
}

function withTempPrefix<T>(fn: (prefix: string) => T): T {
  const prefix = mkdtempSync(join(tmpdir(), 'lb-gate-nginx-'));
  try {
    return fn(prefix);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

function selfSignedCert(prefix: string, name: string): void {
  mkdirSync(join(prefix, 'certs'), { recursive: true });
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(prefix, 'certs', `${name}.key`), '-out', join(prefix, 'certs', `${name}.crt`)],
    { stdio: 'ignore' },
  );
}

describe.skipIf(!NGINX)('nginx -t agrees the fixtures are valid', () => {
  it.each(['site-before', 'site-after-outage', 'site-after-hash', 'site-after-reordered', 'site-after-safe'])('%s', (name) => {
    withTempPrefix((prefix) => {
      cpSync(join(FIXTURES, name), prefix, { recursive: true });
      selfSignedCert(prefix, 'shop');
      const conf = join(prefix, 'nginx.conf');
      copyForOracle(conf, conf, 18080);
      writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^http \{$/m, `http {\n    ${TEMP_PATHS}`));
      const result = nginxTest(prefix, 'nginx.conf');
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });
  });

  it('fragments, included inside http', () => {
    withTempPrefix((prefix) => {
      cpSync(join(FIXTURES, 'fragments'), prefix, { recursive: true });
      copyForOracle(join(prefix, 'conf.d', 'app.conf'), join(prefix, 'conf.d', 'app.conf'), 18090);
      copyForOracle(join(prefix, 'sites-enabled', 'default'), join(prefix, 'sites-enabled', 'default'), 18095);
      writeFileSync(
        join(prefix, 'oracle.conf'),
        `events {}\nhttp {\n  ${TEMP_PATHS}\n  access_log logs/access.log;\n  include conf.d/app.conf;\n  include sites-enabled/default;\n}\n`,
      );
      const result = nginxTest(prefix, 'oracle.conf');
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });
  });

  it.skipIf(!STREAM_MODULE)('stream', () => {
    withTempPrefix((prefix) => {
      cpSync(join(FIXTURES, 'stream'), prefix, { recursive: true });
      const conf = join(prefix, 'nginx.conf');
      copyForOracle(conf, conf, 18100);
      writeFileSync(conf, `load_module ${STREAM_MODULE};\n${readFileSync(conf, 'utf8')}`);
      const result = nginxTest(prefix, 'nginx.conf');
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });
  });

  it.each([
    ['weight=0', 'upstream u { server 10.0.0.1 weight=0; }'],
    ['backup under ip_hash', 'upstream u { ip_hash; server 10.0.0.1; server 10.0.0.2 backup; }'],
    ['an unknown server parameter', 'upstream u { server 10.0.0.1 wieght=2; }'],
    ['a missing ";" at the end of a line', 'upstream u {\n  server 10.0.0.1:80\n  server 10.0.0.2:80;\n}'],
    ['a missing ";" before "}"', 'upstream u { server 10.0.0.1 }'],
    ['a missing "}"', 'upstream u { server 10.0.0.1;'],
    ['an extra "}"', 'upstream u { server 10.0.0.1; } }'],
    ['an unterminated quote', 'upstream u { server 10.0.0.1; }\nserver { add_header X "a; }'],
    ['a duplicate upstream', 'upstream u { server 10.0.0.1; }\nupstream u { server 10.0.0.2; }'],
    ['a bad port', 'upstream u { server 10.0.0.1:http; }'],
    ['a bad timeout', 'proxy_read_timeout 1y;'],
    ['a duplicate proxy_pass', 'server { location / { proxy_pass http://10.0.0.1; proxy_pass http://10.0.0.2; } }'],
    ['proxy_pass directly in a server', 'server { listen 127.0.0.1:18110; proxy_pass http://10.0.0.1; }'],
  ])('rejects the config the parser reports for %s', (_what, body) => {
    withTempPrefix((prefix) => {
      const text = `events {}\nhttp {\n${TEMP_PATHS}\n${body}\n}\n`;
      writeFileSync(join(prefix, 'nginx.conf'), text);
      expect(parse(text).problems.length).toBeGreaterThan(0);
      const result = nginxTest(prefix, 'nginx.conf');
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('[emerg]');
    });
  });

  it('warns where the parser reports a balancing method after keepalive', () => {
    withTempPrefix((prefix) => {
      const text = `events {}\nhttp {\n${TEMP_PATHS}\nupstream u { keepalive 8; least_conn; server 10.0.0.1; }\n}\n`;
      writeFileSync(join(prefix, 'nginx.conf'), text);
      expect(parse(text).problems).toHaveLength(1);
      expect(nginxTest(prefix, 'nginx.conf').output).toContain('load balancing method redefined');
    });
  });
});
