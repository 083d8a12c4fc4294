import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import { addressEndpoint, durationMs, urlEndpoint } from '../../src/formats/traefik-services.js';
import { tomlLocator } from '../../src/formats/traefik-toml-locator.js';
import { looksLikeTraefik, parseTraefik, traefikModel, traefikParser, traefikSyntax } from '../../src/formats/traefik.js';
import type { LbConfig } from '../../src/model.js';
import { poolShares, trafficShares } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
import { compileSchema, schemaProblems } from '../../src/validate/json-schema.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/traefik.schema.json', import.meta.url), 'utf8')) as object;

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/traefik/${name}`, import.meta.url), 'utf8');
}

function parsedFixture(name: string) {
  const result = parseTraefik(fixture(name), { file: `traefik/dynamic/${name}` });
  expect(result.problems).toEqual([]);
  return result;
}

function parseYaml(text: string) {
  return parseTraefik(text, { file: 'dynamic.yml' });
}

function parseToml(text: string) {
  return parseTraefik(text, { file: 'dynamic.toml' });
}

/** Ids of the built-in rules that fire on a before → after pair, with their default options. */
function firedRules(before: LbConfig, after: LbConfig): string[] {
  const ctx = { file: 'f', before, after, changes: diffConfigs(before, after), sharesBefore: trafficShares(before), sharesAfter: trafficShares(after) };
  return RULES.filter((rule) => !rule.external)
    .filter((rule) => {
      const options = Object.fromEntries(Object.entries(rule.options).map(([k, spec]) => [k, spec.default]));
      return rule.check({ ...ctx, options }).length > 0;
    })
    .map((rule) => rule.id);
}

/** The model without file and source lines, to compare YAML and TOML readings. */
function shape(model: LbConfig): unknown {
  return JSON.parse(JSON.stringify({ ...model, file: '' }, (key, value) => (key === 'loc' ? undefined : value)));
}

describe('traefik: the shop file provider (YAML)', () => {
  const file = 'traefik/dynamic/canary-before.yaml';
  const at = (line: number) => ({ file, line });

  it('registers under its id', () => {
    expect(traefikParser.id).toBe('traefik');
    expect(traefikParser.parse(fixture('canary-before.yaml'), { file }).format).toBe('traefik');
  });

  it('reads one listener per entry point with the routers on it', () => {
    const { model } = parsedFixture('canary-before.yaml');
    expect(model.format).toBe('traefik');
    expect(model.listeners).toEqual([
      {
        name: 'entrypoint/websecure',
        binds: [{ address: 'websecure', port: null, tls: true, loc: at(7) }],
        routes: [
          {
            match: 'Host(`shop.example.com`) && PathPrefix(`/api`) (router shop-api)',
            targets: [{ pool: 'checkout-split', weight: 1 }],
            loc: at(5),
          },
          { match: 'Host(`shop.example.com`) (router shop-web)', targets: [{ pool: 'storefront-ha', weight: 1 }], loc: at(14) },
        ],
        defaultTargets: [],
        loc: at(5),
      },
      {
        name: 'entrypoint/web',
        binds: [{ address: 'web', port: null, tls: false, loc: at(22) }],
        routes: [{ match: 'Host(`shop.example.com`) (router shop-http)', targets: [{ pool: 'storefront-ha', weight: 1 }], loc: at(20) }],
        defaultTargets: [],
        loc: at(20),
      },
      {
        name: 'entrypoint/traefik',
        binds: [{ address: 'traefik', port: null, tls: false, loc: at(29) }],
        // api@internal is Traefik's own service: external, so it cannot dangle.
        routes: [
          {
            match: 'Host(`traefik.internal.example.com`) (router dashboard)',
            targets: [{ pool: 'api@internal', weight: 1, external: true }],
            loc: at(27),
          },
        ],
        defaultTargets: [],
        loc: at(27),
      },
      {
        name: 'entrypoint/postgres',
        binds: [{ address: 'postgres', port: null, tls: false, loc: at(90) }],
        routes: [{ match: 'HostSNI(`*`) (router postgres)', targets: [{ pool: 'tcp/pg', weight: 1 }], loc: at(88) }],
        defaultTargets: [],
        loc: at(88),
      },
    ]);
  });

  it('reads the weighted canary split, the load balancers, health checks and the failover', () => {
    const { model } = parsedFixture('canary-before.yaml');
    const server = (url: string, address: string, port: number, weight: number, hc: boolean, line: number) => ({
      name: url,
      address,
      port,
      weight,
      state: 'active',
      healthChecked: hc,
      loc: at(line),
    });
    expect(model.pools).toEqual([
      {
        name: 'checkout-split',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [
          { name: 'checkout-stable', address: 'checkout-stable', port: null, weight: 9, state: 'active', healthChecked: false, ref: 'checkout-stable', loc: at(47) },
          // `@file` names this file's service: the member keeps the suffix, its ref is the pool.
          { name: 'checkout-canary@file', address: 'checkout-canary@file', port: null, weight: 1, state: 'active', healthChecked: false, ref: 'checkout-canary', loc: at(49) },
        ],
        virtual: true,
        loc: at(44),
      },
      {
        name: 'checkout-stable',
        algorithm: 'wrr',
        healthCheck: { enabled: true, kind: 'http', path: '/healthz', intervalMs: 10_000, loc: at(53) },
        timeouts: {},
        members: [
          server('http://10.0.1.11:8080', '10.0.1.11', 8080, 1, true, 58),
          server('http://10.0.1.12:8080', '10.0.1.12', 8080, 1, true, 59),
        ],
        loc: at(51),
      },
      {
        name: 'checkout-canary',
        algorithm: 'wrr',
        healthCheck: { enabled: true, kind: 'http', path: '/healthz', intervalMs: 10_000, loc: at(62) },
        timeouts: {},
        members: [server('http://10.0.2.21:8080', '10.0.2.21', 8080, 1, true, 66)],
        loc: at(60),
      },
      {
        name: 'storefront-ha',
        algorithm: 'failover',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [
          { name: 'storefront', address: 'storefront', port: null, weight: 1, state: 'active', healthChecked: false, ref: 'storefront', loc: at(69) },
          { name: 'storefront-dr', address: 'storefront-dr', port: null, weight: 1, state: 'backup', healthChecked: false, ref: 'storefront-dr', loc: at(70) },
        ],
        virtual: true,
        loc: at(67),
      },
      {
        name: 'storefront',
        algorithm: 'wrr',
        healthCheck: { enabled: true, kind: 'http', path: '/ping', intervalMs: 5000, loc: at(73) },
        timeouts: {},
        members: [server('http://10.0.3.31', '10.0.3.31', 80, 2, true, 77), server('http://10.0.3.32', '10.0.3.32', 80, 1, true, 79)],
        loc: at(71),
      },
      {
        name: 'storefront-dr',
        algorithm: 'wrr',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [server('https://storefront.dr.example.com', 'storefront.dr.example.com', 443, 1, false, 84)],
        loc: at(81),
      },
      {
        name: 'tcp/pg',
        algorithm: 'wrr',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [server('10.0.4.41:5432', '10.0.4.41', 5432, 1, false, 97), server('10.0.4.42:5432', '10.0.4.42', 5432, 1, false, 98)],
        loc: at(94),
      },
    ]);
    const split = poolShares(model.pools[0]!).shares;
    expect(split.get('checkout-stable')).toBeCloseTo(0.9);
    expect(split.get('checkout-canary@file')).toBeCloseTo(0.1);
    expect(poolShares(model.pools[3]!).shares.get('storefront-dr')).toBe(0);
  });

  it('raw is the document, pointers map to lines', () => {
    const result = parsedFixture('canary-before.yaml');
    expect((result.raw as { http: { services: object } }).http.services).toHaveProperty('checkout-split');
    expect(result.pointerLine?.('/http/services/checkout-split/weighted/services/1/weight')).toEqual({ line: 50, column: 21 });
  });

  it('all weight on stable: the canary stays a member at weight 0', () => {
    const before = parsedFixture('canary-before.yaml').model;
    const after = parsedFixture('after-all-to-stable.yaml').model;
    expect(after.pools[0]!.members.map((m) => [m.name, m.weight, m.state])).toEqual([
      ['checkout-stable', 10, 'active'],
      ['checkout-canary@file', 0, 'active'],
    ]);
    expect(diffConfigs(before, after).map((c) => [c.entity, c.kind, c.key, c.field, c.before, c.after])).toEqual([
      ['member', 'changed', 'checkout-split/checkout-stable', 'weight', 9, 10],
      ['member', 'changed', 'checkout-split/checkout-canary@file', 'weight', 1, 0],
    ]);
  });

  it('a dropped health check disables the pool check and unchecks its servers', () => {
    const after = parsedFixture('after-healthcheck-dropped.yaml').model;
    const stable = after.pools.find((p) => p.name === 'checkout-stable')!;
    expect(stable.healthCheck).toEqual({ enabled: false });
    expect(stable.members.map((m) => m.healthChecked)).toEqual([false, false]);
    const changes = diffConfigs(parsedFixture('canary-before.yaml').model, after);
    expect(changes.some((c) => c.entity === 'pool' && c.key === 'checkout-stable' && c.field?.startsWith('healthCheck'))).toBe(true);
    expect(new Set(changes.map((c) => c.pool ?? c.key))).toEqual(new Set(['checkout-stable']));
  });

  it('safe edits: a server added changes one member; reordering and comments change nothing', () => {
    const before = parsedFixture('canary-before.yaml').model;
    expect(diffConfigs(before, parsedFixture('after-server-added.yaml').model).map((c) => [c.entity, c.kind, c.key])).toEqual([
      ['member', 'added', 'checkout-stable/http://10.0.1.13:8080'],
    ]);
    expect(diffConfigs(before, parsedFixture('after-reordered.yaml').model)).toEqual([]);
    expect(diffConfigs(before, parsedFixture('after-comment.yaml').model)).toEqual([]);
  });
});

describe('traefik: the rules on the canary pairs', () => {
  it('fire on all weight moved to one service and on a dropped health check, in YAML and TOML', () => {
    for (const ext of ['yaml', 'toml']) {
      const before = parsedFixture(`canary-before.${ext}`).model;
      expect(firedRules(before, parsedFixture(`after-all-to-stable.${ext}`).model)).toContain('traffic-concentration');
      expect(firedRules(before, parsedFixture(`after-healthcheck-dropped.${ext}`).model)).toContain('health-check-removed');
    }
  });

  it('fire on nothing for a server added, reordering or a comment', () => {
    const before = parsedFixture('canary-before.yaml').model;
    for (const name of ['after-server-added.yaml', 'after-reordered.yaml', 'after-comment.yaml', 'canary-before.toml']) {
      expect(firedRules(before, parsedFixture(name).model), name).toEqual([]);
    }
  });
});

describe('traefik: the same file provider in TOML', () => {
  const file = 'traefik/dynamic/canary-before.toml';

  it('reads the same model as the YAML file', () => {
    const toml = parsedFixture('canary-before.toml');
    const yaml = parsedFixture('canary-before.yaml');
    expect(shape(toml.model)).toEqual(shape(yaml.model));
    expect(diffConfigs(yaml.model, toml.model)).toEqual([]);
    expect(toml.raw).toEqual(yaml.raw);
  });

  it('finds lines for table headers, arrays of tables, inline tables and dotted keys', () => {
    const { model } = parsedFixture('canary-before.toml');
    const lines = (name: string) => {
      const pool = model.pools.find((p) => p.name === name)!;
      return [pool.loc.line, pool.healthCheck.loc?.line ?? null, pool.members.map((m) => m.loc.line)];
    };
    expect(lines('checkout-split')).toEqual([39, null, [40, 43]]);
    expect(lines('checkout-stable')).toEqual([47, 48, [52, 54]]);
    expect(lines('checkout-canary')).toEqual([57, 58, [59]]);
    expect(lines('storefront-ha')).toEqual([62, null, [63, 64]]);
    expect(lines('storefront')).toEqual([66, 67, [70, 71]]);
    expect(lines('storefront-dr')).toEqual([74, null, [75]]);
    expect(lines('tcp/pg')).toEqual([82, null, [83, 85]]);
    expect(model.listeners.map((l) => [l.name, l.loc.line, l.binds[0]!.loc.line, l.routes.map((r) => r.loc.line)])).toEqual([
      ['entrypoint/websecure', 5, 7, [5, 13]],
      ['entrypoint/web', 19, 21, [19]],
      ['entrypoint/traefik', 25, 27, [25]],
      ['entrypoint/postgres', 77, 79, [77]],
    ]);
    expect(model.listeners[0]!.routes[0]!.loc.file).toBe(file);
  });

  it('fires on the same TOML edits as YAML', () => {
    const before = parsedFixture('canary-before.toml').model;
    const weights = diffConfigs(before, parsedFixture('after-all-to-stable.toml').model);
    expect(weights.map((c) => [c.key, c.before, c.after, c.loc.line])).toEqual([
      ['checkout-split/checkout-stable', 9, 10, 40],
      ['checkout-split/checkout-canary@file', 1, 0, 43],
    ]);
    const hc = parsedFixture('after-healthcheck-dropped.toml').model;
    expect(hc.pools.find((p) => p.name === 'checkout-stable')!.healthCheck).toEqual({ enabled: false });
  });

  it('pointerLine answers for TOML nodes and falls back to the nearest parent', () => {
    const result = parsedFixture('canary-before.toml');
    expect(result.pointerLine?.('/http/services/storefront/loadBalancer/servers/1/weight')).toEqual({ line: 71, column: 35 });
    expect(result.pointerLine?.('/http/services/checkout-stable/loadBalancer/healthCheck/timeout')).toEqual({ line: 51, column: 7 });
    expect(result.pointerLine?.('/http/services/checkout-stable/loadBalancer/servers/1/url/nothing')?.line).toBe(55);
    expect(result.pointerLine?.('/no/such/node')).toEqual({ line: 1, column: 1 });
  });
});

describe('traefik: schema', () => {
  const validate = compileSchema(schema);

  it('accepts every fixture', () => {
    for (const name of ['canary-before.yaml', 'canary-before.toml', 'after-reordered.yaml', 'after-all-to-stable.toml']) {
      const result = parsedFixture(name);
      expect(schemaProblems(validate, result.raw, result.pointerLine), name).toEqual([]);
    }
  });

  it('locates schema problems in TOML and YAML', () => {
    const toml = parseToml(`[http.routers.web]
  rule = "Host(\`a\`)"

[http.services.app.loadBalancer]
  [[http.services.app.loadBalancer.servers]]
    url = "http://10.0.0.1"
    weight = -1
  [[http.services.app.loadBalancer.servers]]
    address = "10.0.0.2:80"
`);
    const tomlProblems = schemaProblems(validate, toml.raw, toml.pointerLine);
    expect(tomlProblems.map((p) => [p.pointer, p.line])).toEqual([
      ['/http/routers/web', 1],
      ['/http/services/app/loadBalancer/servers/0/weight', 7],
      ['/http/services/app/loadBalancer/servers/1', 8],
    ]);
    const yaml = parseYaml('http:\n  services:\n    both:\n      loadBalancer: {servers: []}\n      weighted: {services: [{name: a, weight: "1"}]}\n');
    const yamlProblems = schemaProblems(validate, yaml.raw, yaml.pointerLine);
    expect(yamlProblems.map((p) => p.line)).toContain(5);
    expect(yamlProblems.map((p) => p.pointer)).toContain('/http/services/both/weighted/services/0/weight');
  });
});

describe('traefik: other service kinds and references', () => {
  it('mirroring sends real traffic to its main service only', () => {
    const { model, problems } = parseYaml(`http:
  services:
    shadowed:
      mirroring:
        service: app
        mirrors:
          - name: app-next
            percent: 10
    app:
      loadBalancer:
        servers: [{url: "http://10.0.0.1:8080"}]
    app-next:
      loadBalancer:
        servers: [{url: "http://10.0.0.2:8080"}]
`);
    expect(problems).toEqual([]);
    expect(model.pools[0]).toMatchObject({ name: 'shadowed', algorithm: 'mirroring', virtual: true });
    expect(model.pools[0]!.members.map((m) => [m.name, m.weight, m.state, m.ref])).toEqual([['app', 1, 'active', 'app']]);
  });

  it('tcp weighted and udp services get their own name spaces; passthrough is not TLS termination', () => {
    const { model, problems } = parseYaml(`tcp:
  routers:
    db:
      rule: "HostSNI(\`db.example.com\`)"
      entryPoints: [tls]
      service: db-split
      tls: {passthrough: true}
  services:
    db-split:
      weighted:
        services: [{name: db-a, weight: 3}, {name: db-b, weight: 1}, {name: db-c@docker}]
    db-a:
      loadBalancer: {servers: [{address: "10.0.0.1:5432", weight: 2}]}
udp:
  routers:
    dns:
      entryPoints: [dns]
      service: dns
  services:
    dns:
      loadBalancer: {servers: [{address: "[2001:db8::53]:53"}]}
`);
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => [m.name, m.address, m.port, m.weight, m.ref ?? null])])).toEqual([
      ['tcp/db-split', [['db-a', 'db-a', null, 3, 'tcp/db-a'], ['db-b', 'db-b', null, 1, 'tcp/db-b'], ['db-c@docker', 'db-c@docker', null, 1, null]]],
      ['tcp/db-a', [['10.0.0.1:5432', '10.0.0.1', 5432, 2, null]]],
      ['udp/dns', [['[2001:db8::53]:53', '[2001:db8::53]', 53, 1, null]]],
    ]);
    expect(model.listeners.map((l) => [l.name, l.binds[0]!.tls, l.routes.map((r) => [r.match, r.targets[0]!.pool])])).toEqual([
      ['entrypoint/tls', false, [['HostSNI(`db.example.com`) (router db)', 'tcp/db-split']]],
      ['entrypoint/dns', false, [['all requests (router dns)', 'udp/dns']]],
    ]);
  });

  it('a router without entryPoints listens on all of them; static entry points give real binds', () => {
    const { model, problems } = parseYaml(`entryPoints:
  websecure:
    address: ":443"
http:
  routers:
    any:
      rule: "PathPrefix(\`/\`)"
      service: app
    secure:
      rule: "Host(\`a.example.com\`)"
      entryPoints: [websecure]
      service: missing-service
      tls: {}
  services:
    app:
      loadBalancer:
        strategy: p2c
        healthCheck: {path: /health, mode: grpc}
        servers: [{url: "h2c://10.0.0.1"}]
`);
    expect(problems).toEqual([]);
    expect(model.listeners.map((l) => [l.name, l.binds.map((b) => [b.address, b.port, b.tls, b.loc.line])])).toEqual([
      ['entrypoint/*', [['*', null, false, 6]]],
      ['entrypoint/websecure', [['*', 443, true, 3]]],
    ]);
    // A service missing from this file stays a plain target, so dangling-reference can report it.
    expect(model.listeners[1]!.routes[0]!.targets).toEqual([{ pool: 'missing-service', weight: 1 }]);
    expect(model.pools[0]).toMatchObject({
      algorithm: 'p2c',
      healthCheck: { enabled: true, kind: 'grpc', path: '/health', intervalMs: 30_000 },
      members: [expect.objectContaining({ address: '10.0.0.1', port: 80 })],
    });
  });
});

describe('traefik: structurally wrong services and routers are problems with lines', () => {
  it('YAML', () => {
    const { model, problems } = parseYaml(`http:
  routers:
    no-service:
      rule: "Host(\`a\`)"
    bad-entrypoints:
      service: app
      entryPoints: websecure
  services:
    app:
      loadBalancer:
        servers:
          - url: "http://10.0.0.1"
            weight: "10"
          - weight: 2
          - url: "not a url"
          - url: "http://10.0.0.4"
    empty: {}
    both:
      loadBalancer: {servers: []}
      failover: {service: app}
    servers-map:
      loadBalancer:
        servers: {url: "http://10.0.0.9"}
    split:
      weighted:
        services:
          - weight: 1
          - {name: app, weight: 1.5}
`);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'http router "no-service" names no service (found nothing); Traefik rejects it and its requests get no answer'],
      [7, 'http router "bad-entrypoints": entryPoints is "websecure", expected a list of entry point names'],
      [13, 'http service "app": server http://10.0.0.1 has weight "10", expected a whole number of 0 or more; the traffic split cannot be read'],
      [14, 'http service "app": server 1 has no url, so Traefik cannot send it traffic'],
      [15, 'http service "app": server 2 has url "not a url", which is not a URL like http://10.0.0.1:8080'],
      [17, 'http service "empty" has no loadBalancer, weighted, mirroring or failover section; Traefik rejects it and its routers answer 503'],
      [20, 'http service "both" defines both loadBalancer and failover; Traefik accepts only one kind per service and rejects it'],
      [23, 'http service "servers-map": servers is a mapping, expected a list of servers'],
      [27, 'http service "split": weighted entry 0 names no service, so its share of traffic has nowhere to go'],
      [28, 'http service "split": weighted service app has weight 1.5, expected a whole number of 0 or more; the traffic split cannot be read'],
    ]);
    expect(model.pools.find((p) => p.name === 'app')!.members.map((m) => m.name)).toEqual(['http://10.0.0.4']);
  });

  it('TOML', () => {
    const { problems } = parseToml(`[tcp.services.db.loadBalancer]
  [[tcp.services.db.loadBalancer.servers]]
    address = "10.0.0.1"
  [[tcp.services.db.loadBalancer.servers]]
    url = "tcp://10.0.0.2:5432"
`);
    expect(problems).toEqual([
      { line: 3, message: 'tcp service "db": server 0 has address "10.0.0.1", which is not a host:port address' },
      { line: 4, message: 'tcp service "db": server 1 has no address, so Traefik cannot send it traffic' },
    ]);
  });

  it('a document that is not a mapping', () => {
    expect(parseYaml('- http\n- tcp\n').problems).toEqual([
      { line: 1, message: 'the file holds a list, not a Traefik dynamic configuration (a mapping with http, tcp or udp sections)' },
    ]);
    expect(parseYaml('').problems).toEqual([]);
    expect(parseYaml('# only a comment\n').model.pools).toEqual([]);
  });
});

describe('traefik: bad input never crashes', () => {
  it('TOML syntax errors and truncation give the line and column', () => {
    expect(parseToml('[http.services.app.loadBalancer\nservers = []\n').problems).toEqual([
      { line: 1, column: 32, message: expect.stringMatching(/^TOML syntax error: /) },
    ]);
    const text = fixture('canary-before.toml');
    const truncated = parseToml(text.slice(0, text.indexOf('url = "http://10.0.3.31"') + 12));
    expect(truncated.problems).toHaveLength(1);
    expect(truncated.problems[0]!.line).toBe(70);
    expect(truncated.raw).toBeUndefined();
    expect(truncated.model.pools).toEqual([]);
  });

  it('TOML duplicate keys and tables are problems with lines', () => {
    const dupKey = parseToml('[http.services.app.loadBalancer]\nstrategy = "wrr"\nstrategy = "p2c"\n');
    expect(dupKey.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('redefine') })]);
    const dupTable = parseToml('[http.routers.a]\nservice = "x"\n[http.routers.a]\nservice = "y"\n');
    expect(dupTable.problems[0]!.line).toBe(3);
  });

  it('YAML duplicate keys, alias bombs, deep nesting and truncation give problems with lines', () => {
    const dup = parseYaml('http:\n  services:\n    app:\n      loadBalancer: {servers: []}\n    app:\n      loadBalancer: {servers: []}\n');
    expect(dup.problems).toEqual([expect.objectContaining({ line: 5, message: expect.stringContaining('duplicate key "app"') })]);
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const bomb = parseYaml(`${lines.join('\n')}\n`);
    expect(bomb.problems[0]!.message).toContain('alias');
    expect(parseYaml(`${'- '.repeat(1)}${'['.repeat(10_000)}`).problems.length).toBeGreaterThan(0);
    const text = fixture('canary-before.yaml');
    const truncated = parseYaml(`${text.slice(0, text.indexOf('- url: "http://10.0.3.31"') + 12)}`);
    expect(truncated.problems.length).toBeGreaterThan(0);
    expect(truncated.problems[0]!.line).toBe(77);
  });

  it('deep TOML nesting, binary and oversized input are refused with a line', () => {
    const deepArray = parseToml(`a = ${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deepArray.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('nested') })]);
    const deepTable = parseToml(`[${Array.from({ length: 10_000 }, (_, i) => `k${i}`).join('.')}]\nx = 1\n`);
    expect(deepTable.problems).toEqual([{ line: 1, message: expect.stringContaining('nesting is deeper than 100 levels') }]);
    expect(deepTable.raw).toBeUndefined();
    const binary = parseToml('[http]\n\u0000\u0001\u0002\u00ff');
    expect(binary.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/^TOML syntax error/) })]);
    const huge = parseToml(`# ${'x'.repeat(11 * 1024 * 1024)}\n`);
    expect(huge.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('over the 10 MB') })]);
  });
});

describe('traefik: helpers', () => {
  it('recognises dynamic configuration in YAML, JSON and TOML', () => {
    expect(looksLikeTraefik(fixture('canary-before.yaml'))).toBe(true);
    expect(looksLikeTraefik(fixture('canary-before.toml'))).toBe(true);
    expect(looksLikeTraefik('[[tcp.services.db.loadBalancer.servers]]\naddress = "a:1"\n')).toBe(true);
    expect(looksLikeTraefik('http.routers.web.rule = "Host(`a`)"\n')).toBe(true);
    expect(looksLikeTraefik('{"http": {"routers": {}}}')).toBe(true);
    expect(looksLikeTraefik(readFileSync(new URL('../fixtures/ingress/canary-before.yaml', import.meta.url), 'utf8'))).toBe(false);
    expect(looksLikeTraefik('services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(looksLikeTraefik('static_resources:\n  listeners: []\n')).toBe(false);
  });

  it('tells TOML from YAML by extension, then by the first line', () => {
    expect(traefikSyntax('dynamic.toml', 'http:\n')).toBe('toml');
    expect(traefikSyntax('dynamic.yml', '[http.routers]\n')).toBe('yaml');
    expect(traefikSyntax('dynamic.conf', '# comment\n\n[http.routers.a]\n')).toBe('toml');
    expect(traefikSyntax('dynamic.conf', '[[tcp.services.a.loadBalancer.servers]]\n')).toBe('toml');
    expect(traefikSyntax('dynamic', 'http.routers.a.rule = "x"\n')).toBe('toml');
    expect(traefikSyntax('dynamic', '# x\nhttp:\n  routers: {}\n')).toBe('yaml');
    expect(traefikSyntax('dynamic', '{"http": {}}')).toBe('yaml');
  });

  it('locates TOML keys without being fooled by strings, comments or quoted keys', () => {
    const text = [
      'title = """', // 1
      '[not.a.table]', // 2
      '"""', // 3
      "path = 'C:\\x' # [also.not]", // 4
      '[http.services."my.svc".loadBalancer]', // 5
      '  servers = [ # comment', // 6
      '    { url = "http://a", weight = 1 },', // 7
      '    { url = "http://b" },', // 8
      '  ]', // 9
      '[[list]]', // 10
      '[list.sub]', // 11
      'x.y.z = 1', // 12
      '[[list]]', // 13
      "'quoted key' = { a = [1, { b = 2 }] }", // 14
    ].join('\n');
    const locate = tomlLocator(text);
    expect(locate('/title')).toEqual({ line: 1, column: 1 });
    expect(locate('/not')).toEqual({ line: 1, column: 1 });
    expect(locate('/path')?.line).toBe(4);
    expect(locate('/http/services/my.svc/loadBalancer')?.line).toBe(5);
    expect(locate('/http/services/my.svc/loadBalancer/servers/0/weight')).toEqual({ line: 7, column: 25 });
    expect(locate('/http/services/my.svc/loadBalancer/servers/1/url')).toEqual({ line: 8, column: 7 });
    expect(locate('/list/0/sub/x/y/z')?.line).toBe(12);
    expect(locate('/list/1')?.line).toBe(13);
    expect(locate('/list/1/quoted key/a/1/b')).toEqual({ line: 14, column: 28 });
    expect(locate('not a pointer')).toBeNull();
  });

  it('reads durations, URLs and addresses', () => {
    expect(durationMs('10s')).toBe(10_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs(5)).toBe(5000);
    expect(durationMs('5')).toBe(5000);
    expect(durationMs('soon')).toBeNull();
    expect(urlEndpoint('https://api.internal/v1')).toEqual({ address: 'api.internal', port: 443 });
    expect(urlEndpoint('http://[::1]:8080')).toEqual({ address: '[::1]', port: 8080 });
    expect(urlEndpoint('10.0.0.1:80')).toBeNull();
    expect(addressEndpoint('db.internal:5432')).toEqual({ address: 'db.internal', port: 5432 });
    expect(addressEndpoint(':5432')).toBeNull();
    expect(addressEndpoint('10.0.0.1:99999')).toBeNull();
  });

  it('maps a plain document with a line callback', () => {
    const { model, problems } = traefikModel(
      { http: { services: { s: { loadBalancer: { servers: [{ url: 'http://x:81', weight: 0 }] } } } } },
      () => 9,
      'f.toml',
    );
    expect(problems).toEqual([]);
    expect(model.pools[0]!.members[0]).toEqual({
      name: 'http://x:81',
      address: 'x',
      port: 81,
      weight: 0,
      state: 'active',
      healthChecked: false,
      loc: { file: 'f.toml', line: 9 },
    });
  });
});
