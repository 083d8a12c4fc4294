// The Envoy parser on configs shaped like production front proxies and sidecars: the model it
// builds (pools, members, priorities, weights, health checks, listeners, routes, weighted splits)
// with source lines, before/after pairs that change traffic and ones that must not, problems on
// bad input, and the Envoy JSON schema.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { envoyParser, parseEnvoy } from '../../src/formats/envoy.js';
import type { ParseResult } from '../../src/formats/types.js';
import { poolShares, targetShares, type LbConfig, type Member, type Pool } from '../../src/model.js';

const FILE = 'edge/envoy.yaml';
const fixtureDir = fileURLToPath(new URL('../fixtures/envoy/', import.meta.url));
const fixture = (name: string) => readFileSync(`${fixtureDir}${name}`, 'utf8');
const parse = (text: string, file = FILE): ParseResult => parseEnvoy(text, { file });
const parseFixture = (name: string): ParseResult => parse(fixture(name));

const loc = (line: number) => ({ file: FILE, line });

function member(name: string, line: number, extra: Partial<Member> = {}): Member {
  const [address, port] = name.split(/:(?=\d+$)/);
  return {
    name,
    address: address!,
    port: port === undefined ? null : Number(port),
    weight: 1,
    state: 'active',
    healthChecked: true,
    priority: 0,
    loc: loc(line),
    ...extra,
  };
}

function pool(model: LbConfig, name: string): Pool {
  const found = model.pools.find((p) => p.name === name);
  if (!found) throw new Error(`no pool ${name} in ${model.pools.map((p) => p.name).join(', ')}`);
  return found;
}

/** The model without source locations, in a canonical order: what a reordering must preserve. */
function semantic(model: LbConfig, { sort = false } = {}): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'loc').map(([k, v]) => [k, strip(v)]));
    }
    return value;
  };
  const byName = <T extends { name: string }>(items: T[]) => (sort ? [...items].sort((a, b) => a.name.localeCompare(b.name)) : items);
  return strip({
    ...model,
    pools: byName(model.pools).map((p) => ({ ...p, members: byName(p.members) })),
    listeners: byName(model.listeners),
  });
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/envoy.schema.json', import.meta.url)), 'utf8'));
function compileEnvoySchema() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('envoy parser: front proxy', () => {
  const result = parseFixture('front-proxy.yaml');
  const model = result.model;

  it('reads the file without problems and hands back the document for schema checks', () => {
    expect(envoyParser.id).toBe('envoy');
    expect(result.format).toBe('envoy');
    expect(result.problems).toEqual([]);
    expect(model.format).toBe('envoy');
    expect(model.file).toBe(FILE);
    expect((result.raw as { node: { id: string } }).node.id).toBe('edge-eu-west-1');
    expect(result.pointerLine?.('/static_resources/clusters/2/load_assignment/endpoints/1/load_balancing_weight')).toEqual({
      line: 187,
      column: 32,
    });
  });

  it('declares the clusters in order, then the weighted split', () => {
    expect(model.pools.map((p) => p.name)).toEqual([
      'api_stable',
      'api_canary',
      'web',
      'static_assets',
      'db_primary',
      'https_ingress/shop/0 split',
    ]);
  });

  it('maps a cluster with localities at two priorities and an HTTP health check', () => {
    expect(pool(model, 'api_stable')).toEqual({
      name: 'api_stable',
      algorithm: 'leastconn',
      healthCheck: { enabled: true, kind: 'http', path: '/healthz', intervalMs: 5000, loc: loc(106) },
      timeouts: { connect: 250 },
      members: [
        member('10.0.1.10:8080', 119),
        member('10.0.1.11:8080', 122),
        member('10.0.2.10:8080', 128),
        member('10.1.1.10:8080', 135, { priority: 1 }),
        member('10.1.1.11:8080', 138, { priority: 1 }),
      ],
      loc: loc(102),
    });
    const shares = poolShares(pool(model, 'api_stable'));
    expect(shares.basis).toBe('priority');
    expect(Object.fromEntries(shares.shares)).toEqual({
      '10.0.1.10:8080': 1 / 3,
      '10.0.1.11:8080': 1 / 3,
      '10.0.2.10:8080': 1 / 3,
      '10.1.1.10:8080': 0,
      '10.1.1.11:8080': 0,
    });
  });

  it('scales member weights by locality weight when locality weighting is on', () => {
    expect(pool(model, 'web')).toEqual({
      name: 'web',
      algorithm: 'roundrobin',
      healthCheck: { enabled: true, kind: 'tcp', intervalMs: 10_000, loc: loc(167) },
      timeouts: { connect: 1000 },
      members: [
        // eu-west-1a has locality weight 6, split 2:1 between its endpoints; eu-west-1b has 2.
        member('web-1a-1.internal:8000', 179, { weight: 4 }),
        member('web-1a-2.internal:8000', 183, { weight: 2 }),
        member('web-1b-1.internal:8000', 189, { weight: 2, state: 'draining' }),
      ],
      loc: loc(161),
    });
  });

  it('maps the remaining clusters: canary, assets without health checks, maglev database', () => {
    expect(pool(model, 'api_canary')).toEqual({
      name: 'api_canary',
      algorithm: 'roundrobin',
      healthCheck: { enabled: true, kind: 'http', path: '/healthz', intervalMs: 5000, loc: loc(146) },
      timeouts: { connect: 250 },
      members: [member('10.0.3.10:8080', 157)],
      loc: loc(142),
    });
    expect(pool(model, 'static_assets')).toEqual({
      name: 'static_assets',
      algorithm: 'random',
      healthCheck: { enabled: false },
      timeouts: { connect: 2000 },
      members: [
        member('assets-1.internal:80', 202, { healthChecked: false }),
        member('assets-2.internal:80', 205, { healthChecked: false }),
      ],
      loc: loc(194),
    });
    expect(pool(model, 'db_primary')).toEqual({
      name: 'db_primary',
      algorithm: 'maglev',
      healthCheck: { enabled: true, kind: 'tcp', intervalMs: 3000, loc: loc(213) },
      timeouts: { connect: 3000 },
      members: [member('pg-primary.internal:5432', 223)],
      loc: loc(209),
    });
  });

  it('turns the 90/10 weighted_clusters into a virtual pool of clusters', () => {
    const split = pool(model, 'https_ingress/shop/0 split');
    expect(split).toEqual({
      name: 'https_ingress/shop/0 split',
      algorithm: 'weighted',
      healthCheck: { enabled: false },
      timeouts: {},
      members: [
        { name: 'api_stable', address: 'api_stable', port: null, weight: 90, state: 'active', healthChecked: false, ref: 'api_stable', loc: loc(42) },
        { name: 'api_canary', address: 'api_canary', port: null, weight: 10, state: 'active', healthChecked: false, ref: 'api_canary', loc: loc(44) },
      ],
      virtual: true,
      loc: loc(40),
    });
    expect(Object.fromEntries(poolShares(split).shares)).toEqual({ api_stable: 0.9, api_canary: 0.1 });
  });

  it('maps listeners: binds with TLS, routes in order, the catch-all as default target', () => {
    expect(model.listeners).toEqual([
      {
        name: 'https_ingress',
        binds: [{ address: '0.0.0.0', port: 443, tls: true, loc: loc(14) }],
        routes: [
          { match: 'vhost admin.shop.example.com prefix /', targets: [{ pool: 'web', weight: 1 }], loc: loc(31) },
          { match: 'vhost * prefix /api/', targets: [{ pool: 'https_ingress/shop/0 split', weight: 1 }], loc: loc(36) },
          { match: 'vhost * prefix /static/ header x-cdn=fastly', targets: [{ pool: 'static_assets', weight: 1 }], loc: loc(46) },
          { match: 'vhost * prefix /', targets: [{ pool: 'web', weight: 1 }], loc: loc(52) },
        ],
        defaultTargets: [{ pool: 'web', weight: 1 }],
        loc: loc(13),
      },
      {
        name: 'http_redirect',
        binds: [{ address: '0.0.0.0', port: 80, tls: false, loc: loc(70) }],
        routes: [{ match: 'vhost * prefix /', targets: [], loc: loc(83) }],
        defaultTargets: [],
        loc: loc(69),
      },
      {
        name: 'postgres',
        binds: [{ address: '10.0.0.5', port: 5432, tls: false, loc: loc(91) }],
        routes: [],
        defaultTargets: [{ pool: 'db_primary', weight: 1 }],
        loc: loc(90),
      },
    ]);
  });

  it('reads the same bootstrap written as JSON, with JSON line numbers', () => {
    const json = parse(fixture('front-proxy.json'), 'edge/envoy.json');
    expect(json.problems).toEqual([]);
    expect(semantic({ ...json.model, file: FILE })).toEqual(semantic(model));
    const canary = pool(json.model, 'https_ingress/shop/0 split').members[1]!;
    expect(canary.loc).toEqual({ file: 'edge/envoy.json', line: 70 });
    expect(pool(json.model, 'api_stable').loc.line).toBe(214);
  });
});

describe('envoy parser: before/after pairs that change traffic', () => {
  const before = parseFixture('front-proxy.yaml').model;

  it('all API weight moved to the canary: the split sends 100% to one cluster', () => {
    const after = parseFixture('front-proxy.canary-all.yaml');
    expect(after.problems).toEqual([]);
    const split = pool(after.model, 'https_ingress/shop/0 split');
    expect(split.members.map((m) => [m.name, m.weight, m.loc.line])).toEqual([
      ['api_stable', 0, 42],
      ['api_canary', 100, 44],
    ]);
    expect(Object.fromEntries(poolShares(split).shares)).toEqual({ api_stable: 0, api_canary: 1 });
    expect(targetShares(split.members.map((m) => ({ pool: m.ref!, weight: m.weight })))).toEqual(
      new Map([
        ['api_stable', 0],
        ['api_canary', 1],
      ]),
    );
    // Nothing else moved.
    const others = (m: LbConfig) => semantic({ ...m, pools: m.pools.filter((p) => !p.virtual) });
    expect(others(after.model)).toEqual(others(before));
  });

  it('a dropped health check disables checking on the pool and its members', () => {
    const after = parseFixture('front-proxy.hc-dropped.yaml');
    expect(after.problems).toEqual([]);
    const stable = pool(after.model, 'api_stable');
    expect(stable.healthCheck).toEqual({ enabled: false });
    expect(stable.members.map((m) => m.healthChecked)).toEqual([false, false, false, false, false]);
    expect(pool(before, 'api_stable').members.every((m) => m.healthChecked)).toBe(true);
    expect(pool(after.model, 'api_canary').healthCheck.enabled).toBe(true);
  });

  it('an emptied priority-0 level hands all traffic to priority 1', () => {
    const after = parseFixture('front-proxy.priority0-emptied.yaml');
    expect(after.problems).toEqual([]);
    const stable = pool(after.model, 'api_stable');
    expect(stable.members).toEqual([
      member('10.0.1.10:8080', 119, { state: 'disabled' }),
      member('10.0.1.11:8080', 123, { state: 'disabled' }),
      member('10.1.1.10:8080', 134, { priority: 1 }),
      member('10.1.1.11:8080', 137, { priority: 1 }),
    ]);
    const shares = poolShares(stable);
    expect(shares.basis).toBe('weights');
    expect(Object.fromEntries(shares.shares)).toEqual({
      '10.0.1.10:8080': 0,
      '10.0.1.11:8080': 0,
      '10.1.1.10:8080': 0.5,
      '10.1.1.11:8080': 0.5,
    });
  });
});

describe('envoy parser: before/after pairs that must not change the model', () => {
  const before = parseFixture('front-proxy.yaml').model;

  it('an added endpoint is one new member and nothing else', () => {
    const after = parseFixture('front-proxy.endpoint-added.yaml');
    expect(after.problems).toEqual([]);
    const stable = pool(after.model, 'api_stable');
    expect(stable.members.map((m) => m.name)).toEqual([
      '10.0.1.10:8080',
      '10.0.1.11:8080',
      '10.0.2.10:8080',
      '10.0.2.11:8080',
      '10.1.1.10:8080',
      '10.1.1.11:8080',
    ]);
    expect(stable.members[3]).toEqual(member('10.0.2.11:8080', 131));
    const withoutNew = {
      ...after.model,
      pools: after.model.pools.map((p) => (p.name === 'api_stable' ? { ...p, members: p.members.filter((m) => m.name !== '10.0.2.11:8080') } : p)),
    };
    expect(semantic(withoutNew)).toEqual(semantic(before));
  });

  it('reordered clusters, listeners and endpoints give the same model', () => {
    const after = parseFixture('front-proxy.reordered.yaml');
    expect(after.problems).toEqual([]);
    expect(after.model.pools.map((p) => p.name).slice(0, 5)).toEqual(['db_primary', 'web', 'api_stable', 'static_assets', 'api_canary']);
    expect(semantic(after.model, { sort: true })).toEqual(semantic(before, { sort: true }));
    expect(pool(after.model, 'api_stable').loc.line).toBe(153);
  });

  it('a comment change only moves lines', () => {
    const after = parseFixture('front-proxy.comment.yaml');
    expect(after.problems).toEqual([]);
    expect(semantic(after.model)).toEqual(semantic(before));
    expect(pool(after.model, 'api_stable').members[3]!.loc.line).toBe(136);
    expect(pool(before, 'api_stable').members[3]!.loc.line).toBe(135);
  });
});

describe('envoy parser: sidecar with RDS, SNI passthrough and header routing', () => {
  const result = parseFixture('sidecar.yaml');
  const model = result.model;

  it('has no problems', () => {
    expect(result.problems).toEqual([]);
  });

  it('treats RDS and cluster_header routes as decided at run time', () => {
    expect(model.listeners[0]).toEqual({
      name: 'outbound_http',
      binds: [{ address: '127.0.0.1', port: 15001, tls: false, loc: loc(6) }],
      routes: [{ match: 'rds outbound_routes', targets: [{ pool: 'rds outbound_routes', weight: 1, dynamic: true }], loc: loc(14) }],
      defaultTargets: [{ pool: 'rds outbound_routes', weight: 1, dynamic: true }],
      loc: loc(5),
    });
    expect(model.listeners[2]).toEqual({
      name: 'by_header',
      binds: [{ address: '0.0.0.0', port: 8080, tls: false, loc: loc(51) }],
      routes: [
        { match: 'vhost * regex ^/v[0-9]+/', targets: [{ pool: 'cluster_header x-target-cluster', weight: 1, dynamic: true }], loc: loc(64) },
        { match: 'vhost * path /healthz', targets: [], loc: loc(66) },
      ],
      defaultTargets: [],
      loc: loc(50),
    });
  });

  it('routes an SNI filter chain through a weighted TCP split and the plain chain by default', () => {
    expect(model.listeners[1]).toEqual({
      name: 'passthrough_tls',
      binds: [{ address: '0.0.0.0', port: 15443, tls: false, loc: loc(23) }],
      routes: [{ match: 'sni payments.internal tcp_proxy', targets: [{ pool: 'passthrough_tls/tcp_proxy split', weight: 1 }], loc: loc(33) }],
      defaultTargets: [{ pool: 'legacy_backend', weight: 1 }],
      loc: loc(22),
    });
    const split = pool(model, 'passthrough_tls/tcp_proxy split');
    expect(split.virtual).toBe(true);
    expect(split.loc).toEqual(loc(37));
    expect(split.members.map((m) => [m.name, m.weight, m.ref, m.loc.line])).toEqual([
      ['payments_blue', 3, 'payments_blue', 39],
      ['payments_green', 1, 'payments_green', 41],
    ]);
  });

  it('maps health statuses, repeated endpoints and per-endpoint health-check opt-outs', () => {
    expect(pool(model, 'payments_blue').members).toEqual([
      member('10.2.0.1:443', 77, { state: 'backup', healthChecked: false }),
      member('10.2.0.2:443', 81, { weight: 5, healthChecked: false }),
      { ...member('10.2.0.2:443', 85, { state: 'disabled', healthChecked: false }), name: '10.2.0.2:443#2' },
    ]);
    const green = pool(model, 'payments_green');
    expect(green.algorithm).toBe('ring_hash');
    expect(green.healthCheck).toEqual({ enabled: true, kind: 'grpc', intervalMs: 2000, loc: loc(92) });
    expect(green.members.map((m) => [m.name, m.healthChecked])).toEqual([
      ['10.3.0.1:443', false],
      ['10.3.0.2:443', true],
    ]);
  });

  it('reads legacy hosts and unix-socket endpoints', () => {
    expect(pool(model, 'legacy_backend').members).toEqual([member('legacy.internal:9000', 112, { healthChecked: false })]);
    expect(pool(model, 'admin_socket').members).toEqual([
      { ...member('/var/run/admin.sock', 118, { healthChecked: false }), address: '/var/run/admin.sock', port: null },
    ]);
  });
});

describe('envoy parser: other shapes of Envoy config', () => {
  it('reads a bare clusters list', () => {
    const { model, problems } = parse(
      [
        'clusters:',
        '- name: a',
        '  lb_policy: round_robin',
        '  load_assignment:',
        '    cluster_name: a',
        '    endpoints:',
        '    - lb_endpoints:',
        '      - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: "80" } } }',
        '        load_balancing_weight: 4',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(model.listeners).toEqual([]);
    expect(model.pools).toEqual([
      {
        name: 'a',
        algorithm: 'roundrobin',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [member('10.0.0.1:80', 8, { weight: 4, healthChecked: false })],
        loc: loc(2),
      },
    ]);
  });

  it('reads xDS resource files, taking clusters and listeners by their @type', () => {
    const { model, problems } = parse(
      [
        'version_info: "7"',
        'resources:',
        '- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster',
        '  name: orders',
        '  lb_policy: LEAST_REQUEST',
        '  load_assignment:',
        '    cluster_name: orders',
        '    endpoints:',
        '    - lb_endpoints:',
        '      - endpoint: { address: { socket_address: { address: 10.9.0.1, port_value: 80 } } }',
        '- "@type": type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
        '  cluster_name: ignored',
        '- "@type": type.googleapis.com/envoy.config.listener.v3.Listener',
        '  name: orders_in',
        '  address: { socket_address: { address: 0.0.0.0, port_value: 9000 } }',
        '  filter_chains:',
        '  - filters:',
        '    - name: envoy.filters.network.tcp_proxy',
        '      typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy, stat_prefix: o, cluster: orders }',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.algorithm, p.loc.line, p.members.map((m) => m.name)])).toEqual([
      ['orders', 'leastconn', 3, ['10.9.0.1:80']],
    ]);
    expect(model.listeners.map((l) => [l.name, l.loc.line, l.defaultTargets])).toEqual([['orders_in', 13, [{ pool: 'orders', weight: 1 }]]]);
  });

  it('maps lb_policy numbers, the load_balancing_policy extension and duration forms', () => {
    const { model, problems } = parse(
      [
        'static_resources:',
        '  clusters:',
        '  - { name: n, lb_policy: 1, connect_timeout: { seconds: 1, nanos: 500000000 } }',
        '  - name: ext',
        '    connect_timeout: 1.5s',
        '    load_balancing_policy:',
        '      policies:',
        '      - typed_extension_config:',
        '          name: envoy.load_balancing_policies.least_request',
        '          typed_config: { "@type": type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest }',
        '  - { name: odd, lb_policy: SOMETHING_NEW, connect_timeout: soon }',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.algorithm, p.timeouts])).toEqual([
      ['n', 'leastconn', { connect: 1500 }],
      ['ext', 'leastconn', { connect: 1500 }],
      ['odd', 'something_new', {}],
    ]);
  });

  it('ignores locality weights unless the cluster turns locality weighting on', () => {
    const cluster = (lbConfig: string) =>
      parse(
        [
          'static_resources:',
          '  clusters:',
          '  - name: c',
          lbConfig,
          '    load_assignment:',
          '      cluster_name: c',
          '      endpoints:',
          '      - load_balancing_weight: 1',
          '        lb_endpoints:',
          '        - endpoint: { address: { socket_address: { address: a, port_value: 1 } } }',
          '        - endpoint: { address: { socket_address: { address: b, port_value: 1 } } }',
          '      - load_balancing_weight: 3',
          '        lb_endpoints:',
          '        - endpoint: { address: { socket_address: { address: c, port_value: 1 } } }',
        ].join('\n'),
      ).model.pools[0]!;
    const plain = cluster('    lb_policy: ROUND_ROBIN');
    expect(plain.members.map((m) => m.weight)).toEqual([1, 1, 1]);
    const weighted = cluster('    common_lb_config: { locality_weighted_lb_config: {} }');
    expect(weighted.members.map((m) => m.weight)).toEqual([0.5, 0.5, 3]);
    expect(Object.fromEntries(poolShares(weighted).shares)).toEqual({ 'a:1': 0.125, 'b:1': 0.125, 'c:1': 0.75 });
  });

  it('names unnamed listeners by address, reads UDP proxies and marks unmodelled proxies dynamic', () => {
    const { model, problems } = parse(
      [
        'static_resources:',
        '  listeners:',
        '  - address: { socket_address: { address: 0.0.0.0, port_value: 6379 } }',
        '    filter_chains:',
        '    - filters:',
        '      - name: envoy.filters.network.redis_proxy',
        '        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.redis_proxy.v3.RedisProxy, stat_prefix: r }',
        '  - address: { socket_address: { address: 0.0.0.0, port_value: 6379 } }',
        '    filter_chains:',
        '    - filters:',
        '      - name: envoy.filters.network.direct_response',
        '        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.direct_response.v3.Config }',
        '  - name: dns',
        '    address: { socket_address: { protocol: UDP, address: 0.0.0.0, port_value: 53 } }',
        '    listener_filters:',
        '    - name: envoy.filters.udp_listener.udp_proxy',
        '      typed_config:',
        '        "@type": type.googleapis.com/envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig',
        '        stat_prefix: dns',
        '        matcher:',
        '          on_no_match:',
        '            action:',
        '              name: route',
        '              typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.udp.udp_proxy.v3.Route, cluster: resolvers }',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(model.listeners.map((l) => [l.name, l.defaultTargets])).toEqual([
      ['0.0.0.0:6379', [{ pool: 'envoy.filters.network.redis_proxy', weight: 1, dynamic: true }]],
      ['0.0.0.0:6379 #2', []],
      ['dns', [{ pool: 'resolvers', weight: 1 }]],
    ]);
  });

  it('gives an unset weighted-cluster weight 0 and keeps split names unique', () => {
    const route = (prefix: string) => [
      `              - match: { prefix: "${prefix}" }`,
      '                route:',
      '                  weighted_clusters:',
      '                    clusters: [{ name: a, weight: 5 }, { name: b }]',
    ];
    const hcm = (name: string) => [
      `  - name: ${name}`,
      '    address: { socket_address: { address: 0.0.0.0, port_value: 80 } }',
      '    filter_chains:',
      '    - filters:',
      '      - name: envoy.filters.network.http_connection_manager',
      '        typed_config:',
      '          stat_prefix: s',
      '          route_config:',
      '            virtual_hosts:',
      '            - name: v',
      '              domains: ["*"]',
      '              routes:',
      ...route('/'),
    ];
    // Two listeners whose names make the same split name (`l/v/0 split`).
    const { model, problems } = parse(['static_resources:', '  listeners:', ...hcm('l'), ...hcm('l')].join('\n'));
    expect(problems).toEqual([{ line: 19, column: 5, message: expect.stringContaining('listener name "l" is used twice (first at line 3)') }]);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => m.weight)])).toEqual([
      ['l/v/0 split', [5, 0]],
      ['l/v/0 split #2', [5, 0]],
    ]);
    expect(model.listeners.map((l) => [l.name, l.defaultTargets])).toEqual([
      ['l', [{ pool: 'l/v/0 split', weight: 1 }]],
      ['l #2', [{ pool: 'l/v/0 split #2', weight: 1 }]],
    ]);
  });

  it('reads an empty file or a bootstrap without static resources as an empty config', () => {
    for (const text of ['', '# nothing yet\n', 'admin: { address: { socket_address: { address: 127.0.0.1, port_value: 9901 } } }\n']) {
      const result = parse(text);
      expect(result.problems).toEqual([]);
      expect(result.model).toEqual({ format: 'envoy', file: FILE, listeners: [], pools: [] });
    }
  });
});

describe('envoy parser: problems', () => {
  it('reports a cluster without a name and an endpoint without an address, with lines', () => {
    const { model, problems } = parse(
      [
        'static_resources:',
        '  clusters:',
        '  - type: STATIC',
        '    lb_policy: ROUND_ROBIN',
        '  - name: ok',
        '    load_assignment:',
        '      cluster_name: ok',
        '      endpoints:',
        '      - lb_endpoints:',
        '        - endpoint: { hostname: web-1 }',
        '        - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 80 } } }',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { line: 3, column: 5, message: expect.stringContaining('this cluster has no name') },
      { line: 10, column: 11, message: expect.stringContaining('endpoint #1 of cluster ok has no address') },
    ]);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => m.name)])).toEqual([['ok', ['10.0.0.2:80']]]);
  });

  it('reports non-numeric weights and ports where they are written', () => {
    const { model, problems } = parse(
      [
        'static_resources:',
        '  clusters:',
        '  - name: c',
        '    load_assignment:',
        '      cluster_name: c',
        '      endpoints:',
        '      - lb_endpoints:',
        '        - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: http } } }',
        '          load_balancing_weight: heavy',
        '  listeners:',
        '  - name: l',
        '    address: { socket_address: { address: 0.0.0.0, port_value: eighty } }',
        '    filter_chains:',
        '    - filters:',
        '      - name: envoy.filters.network.tcp_proxy',
        '        typed_config:',
        '          weighted_clusters: { clusters: [{ name: c, weight: lots }] }',
      ].join('\n'),
    );
    expect(problems).toEqual([
      { line: 8, column: 83, message: 'port_value "http" of endpoint 10.0.0.1 is not a number; Envoy refuses this config' },
      { line: 9, column: 34, message: 'load_balancing_weight "heavy" of endpoint 10.0.0.1 in cluster c is not a number; Envoy refuses this config' },
      { line: 12, column: 64, message: 'listener port_value "eighty" is not a number; Envoy refuses this config' },
      {
        line: 17,
        column: 62,
        message: 'weight "lots" of cluster c in a weighted split is not a number; Envoy refuses this config',
      },
    ]);
    // The model stays usable: the member keeps a default weight and an unknown port.
    expect(pool(model, 'c').members).toEqual([{ ...member('10.0.0.1', 8, { healthChecked: false }), port: null }]);
  });

  it('reports duplicate cluster names', () => {
    const { problems } = parse(['clusters:', '- name: web', '- name: api', '- name: web'].join('\n'));
    expect(problems).toEqual([
      {
        line: 4,
        column: 3,
        message: 'cluster name "web" is used twice (first at line 2); Envoy refuses to load a config with duplicate cluster names',
      },
    ]);
  });

  it('reports a top level that is not a mapping', () => {
    const { problems, model } = parse('- just\n- a list\n');
    expect(problems).toEqual([{ line: 1, column: 1, message: expect.stringContaining('top level is a list, not a mapping') }]);
    expect(model.pools).toEqual([]);
  });
});

describe('envoy parser: hostile and broken input', () => {
  const base = fixture('front-proxy.yaml');

  it('reports duplicate keys with the line of the second one', () => {
    const text = base.replace('    lb_policy: LEAST_REQUEST\n', '    lb_policy: LEAST_REQUEST\n    lb_policy: RANDOM\n');
    const { problems } = parse(text);
    expect(problems).toEqual([
      {
        line: 106,
        column: 5,
        message: 'duplicate key "lb_policy" (first at line 105); YAML keeps only the last one, so the earlier setting is silently lost',
      },
    ]);
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('static_resources: { clusters: *j }');
    const result = parse(lines.join('\n'));
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]!.message).toMatch(/alias/);
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(1);
    expect(result.model.pools).toEqual([]);
  });

  it('refuses 10,000-deep nesting with a line', () => {
    const deep = `static_resources: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const result = parse(deep);
    expect(result.problems).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('nesting is deeper') })]);
    const blockDeep = `static_resources:\n  clusters:\n  ${'- '.repeat(10_000)}x\n`;
    expect(parse(blockDeep).problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('nesting is deeper') })]);
  });

  it('refuses binary content with the line it starts on', () => {
    const binary = `static_resources:\n  clusters:\n${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]).toString('latin1')}\n`;
    const result = parse(binary);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('NUL byte') })]);
    expect(result.model.pools).toEqual([]);
    expect(result.raw).toBeUndefined();
  });

  it('reports a truncated file and keeps what it could read', () => {
    const cut = base.indexOf('socket_address: { address: 10.0.2.10');
    const text = base.slice(0, cut + 'socket_address: { address: 10.0.2.10'.length);
    const result = parse(text);
    expect(result.problems).toEqual([expect.objectContaining({ line: 130, message: expect.stringContaining('YAML syntax error') })]);
    // The clusters before the cut are still in the (partial) model.
    expect(pool(result.model, 'api_stable').members.slice(0, 2).map((m) => m.name)).toEqual(['10.0.1.10:8080', '10.0.1.11:8080']);
  });

  it('reports tabs used for indentation', () => {
    const text = base.replace('    lb_policy: LEAST_REQUEST\n', '\tlb_policy: LEAST_REQUEST\n');
    const result = parse(text);
    expect(result.problems[0]).toEqual({ line: 105, column: 1, message: expect.stringContaining('a tab is used for indentation') });
  });
});

describe('envoy parser: a large config', () => {
  it('reads 5,000 clusters × 4 endpoints with correct lines', () => {
    const lines: string[] = ['static_resources:', '  clusters:'];
    for (let c = 0; c < 5000; c++) {
      lines.push(`  - name: svc_${c}`, '    connect_timeout: 0.25s', '    load_assignment:', `      cluster_name: svc_${c}`, '      endpoints:', '      - lb_endpoints:');
      for (let e = 0; e < 4; e++) {
        lines.push(`        - endpoint: { address: { socket_address: { address: 10.${(c >> 8) & 255}.${c & 255}.${e}, port_value: 8080 } } }`);
      }
    }
    const result = parse(lines.join('\n'));
    expect(result.problems).toEqual([]);
    expect(result.model.pools).toHaveLength(5000);
    expect(result.model.pools.reduce((n, p) => n + p.members.length, 0)).toBe(20_000);
    const last = result.model.pools[4999]!;
    expect(last.name).toBe('svc_4999');
    expect(last.loc.line).toBe(2 + 4999 * 10 + 1);
    expect(last.members[3]).toEqual(member('10.19.135.3:8080', lines.length, { healthChecked: false }));
  }, 60_000);
});

describe('envoy schema', () => {
  const validate = compileEnvoySchema();
  const errorsOf = (text: string) => {
    // The parser reports some of these too; here only the schema's verdict matters.
    const doc = parse(text);
    validate(doc.raw);
    return (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => ({ path: e.instancePath, keyword: e.keyword, line: doc.pointerLine?.(e.instancePath)?.line }));
  };

  it('compiles under ajv strict mode and accepts every fixture', () => {
    for (const name of [
      'front-proxy.yaml',
      'front-proxy.json',
      'front-proxy.canary-all.yaml',
      'front-proxy.hc-dropped.yaml',
      'front-proxy.priority0-emptied.yaml',
      'front-proxy.endpoint-added.yaml',
      'front-proxy.reordered.yaml',
      'front-proxy.comment.yaml',
      'sidecar.yaml',
    ]) {
      expect(errorsOf(fixture(name)), name).toEqual([]);
    }
  });

  it('allows fields lb-gate does not read', () => {
    expect(errorsOf('static_resources:\n  clusters:\n  - name: a\n    some_future_field: { x: 1 }\nlayered_runtime: {}\n')).toEqual([]);
  });

  it('requires cluster names, endpoint addresses and listener addresses', () => {
    expect(
      errorsOf(
        [
          'static_resources:',
          '  clusters:',
          '  - type: STATIC',
          '  - name: b',
          '    load_assignment:',
          '      cluster_name: b',
          '      endpoints:',
          '      - lb_endpoints:',
          '        - endpoint: { hostname: b1 }',
          '        - endpoint: { address: { socket_address: { address: 10.0.0.1 } } }',
          '  listeners:',
          '  - name: l',
        ].join('\n'),
      ),
    ).toEqual([
      { path: '/static_resources/clusters/0', keyword: 'required', line: 3 },
      { path: '/static_resources/clusters/1/load_assignment/endpoints/0/lb_endpoints/0/endpoint', keyword: 'required', line: 9 },
      { path: '/static_resources/clusters/1/load_assignment/endpoints/0/lb_endpoints/1/endpoint/address/socket_address', keyword: 'required', line: 10 },
      { path: '/static_resources/listeners/0', keyword: 'required', line: 12 },
    ]);
  });

  it('checks ports, weights, priorities and health statuses', () => {
    expect(
      errorsOf(
        [
          'static_resources:',
          '  clusters:',
          '  - name: b',
          '    lb_policy: FASTEST',
          '    connect_timeout: 5 seconds',
          '    load_assignment:',
          '      cluster_name: b',
          '      endpoints:',
          '      - priority: -1',
          '        load_balancing_weight: 0',
          '        lb_endpoints:',
          '        - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 70000 } } }',
          '          load_balancing_weight: 0',
          '          health_status: SICK',
          '        - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: "80" } } }',
          '          load_balancing_weight: 1.5',
        ].join('\n'),
      ),
    ).toEqual([
      { path: '/static_resources/clusters/0/lb_policy', keyword: 'enum', line: 4 },
      { path: '/static_resources/clusters/0/connect_timeout', keyword: 'pattern', line: 5 },
      { path: '/static_resources/clusters/0/connect_timeout', keyword: 'type', line: 5 },
      { path: '/static_resources/clusters/0/connect_timeout', keyword: 'anyOf', line: 5 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/priority', keyword: 'minimum', line: 9 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/load_balancing_weight', keyword: 'minimum', line: 10 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/0/endpoint/address/socket_address/port_value', keyword: 'maximum', line: 12 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/0/health_status', keyword: 'enum', line: 14 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/0/load_balancing_weight', keyword: 'minimum', line: 13 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/1/endpoint/address/socket_address/port_value', keyword: 'type', line: 15 },
      { path: '/static_resources/clusters/0/load_assignment/endpoints/0/lb_endpoints/1/load_balancing_weight', keyword: 'type', line: 16 },
    ]);
  });

  it('checks health checks and weighted clusters inside the HTTP connection manager and tcp_proxy', () => {
    expect(
      errorsOf(
        [
          'static_resources:',
          '  clusters:',
          '  - name: b',
          '    health_checks:',
          '    - timeout: 1s',
          '      http_health_check: {}',
          '  listeners:',
          '  - address: { socket_address: { address: 0.0.0.0, port_value: 80 } }',
          '    filter_chains:',
          '    - filters:',
          '      - name: envoy.filters.network.http_connection_manager',
          '        typed_config:',
          '          route_config:',
          '            virtual_hosts:',
          '            - name: v',
          '              domains: ["*"]',
          '              routes:',
          '              - match: { prefix: / }',
          '                route: { weighted_clusters: { clusters: [{ name: b, weight: ten }] } }',
          '              - route: { cluster: b }',
          '      - name: envoy.filters.network.tcp_proxy',
          '        typed_config: { weighted_clusters: { clusters: [{ name: b, weight: 0 }] } }',
        ].join('\n'),
      ),
    ).toEqual([
      { path: '/static_resources/clusters/0/health_checks/0', keyword: 'required', line: 5 },
      { path: '/static_resources/clusters/0/health_checks/0', keyword: 'required', line: 5 },
      { path: '/static_resources/clusters/0/health_checks/0', keyword: 'required', line: 5 },
      { path: '/static_resources/clusters/0/health_checks/0/http_health_check', keyword: 'required', line: 6 },
      {
        path: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/route_config/virtual_hosts/0/routes/0/route/weighted_clusters/clusters/0/weight',
        keyword: 'type',
        line: 19,
      },
      { path: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/route_config/virtual_hosts/0/routes/1', keyword: 'required', line: 20 },
      { path: '/static_resources/listeners/0/filter_chains/0/filters/1/typed_config/weighted_clusters/clusters/0/weight', keyword: 'minimum', line: 22 },
    ]);
  });
});

describe('envoy parser: endpoints listed more than once', () => {
  it('numbers repeats in order, in small clusters and in clusters of hundreds', () => {
    for (const count of [5, 300]) {
      const lines = ['static_resources:', '  clusters:', '  - name: big', '    load_assignment:', '      endpoints:', '      - lb_endpoints:'];
      for (let i = 0; i < count; i++) lines.push(`        - endpoint: { address: { socket_address: { address: 10.0.${i % 3}.1, port_value: 80 } } }`);
      const members = parse(lines.join('\n')).model.pools[0]!.members;
      expect(members).toHaveLength(count);
      expect(members.slice(0, 4).map((m) => m.name)).toEqual(['10.0.0.1:80', '10.0.1.1:80', '10.0.2.1:80', '10.0.0.1:80#2']);
      expect(members[count - 1]!.name).toBe(`10.0.${(count - 1) % 3}.1:80#${Math.floor((count - 1) / 3) + 1}`);
      expect(new Set(members.map((m) => m.name)).size).toBe(count);
    }
  });
});

describe('envoy parser: member names across ports', () => {
  const endpoints = (...sockets: string[]) =>
    [
      'static_resources:',
      '  clusters:',
      '  - name: c',
      '    load_assignment:',
      '      endpoints:',
      '      - lb_endpoints:',
      ...sockets.map((socket) => `        - endpoint: { address: { socket_address: { ${socket} } } }`),
    ].join('\n');
  const names = (text: string) => parse(text).model.pools[0]!.members.map((m) => m.name);

  it('counts a repeat only for the same address and port', () => {
    expect(names(endpoints('address: a, port_value: 80', 'address: a, port_value: 81', 'address: a, port_value: 80', 'address: b, port_value: 80'))).toEqual([
      'a:80',
      'a:81',
      'a:80#2',
      'b:80',
    ]);
  });

  it('counts a named port and a numeric one that spell the same name as a repeat', () => {
    expect(names(endpoints('address: a, port_value: 80', 'address: a, named_port: "80"', 'address: a, named_port: http'))).toEqual(['a:80', 'a:80#2', 'a:http']);
  });
});

describe('envoy parser: durations and policies as written', () => {
  const cluster = (fields: string) =>
    ['static_resources:', '  clusters:', '  - name: c', ...fields.split('\n').map((f) => `    ${f}`), '    load_assignment: { endpoints: [] }'].join('\n');
  const first = (fields: string) => parse(cluster(fields)).model.pools[0]!;

  it.each([
    ['0.25s', 250],
    ['5s', 5000],
    ['1500ms', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['" 3s "', 3000],
    ['007.50s', 7500],
  ])('connect_timeout %s is %d ms', (written, ms) => {
    expect(first(`connect_timeout: ${written}`).timeouts).toEqual({ connect: ms });
  });

  it.each(['5', '1.s', '.5s', '5sec', '5 s', '5S', '1e3s', '-1s', '"5s5"'])('connect_timeout %s is no duration', (written) => {
    // A bare number is seconds in proto JSON; the others are unreadable and left out.
    const timeouts = first(`connect_timeout: ${written}`).timeouts;
    expect(timeouts).toEqual(written === '5' ? { connect: 5000 } : {});
  });

  it.each([
    ['ROUND_ROBIN', 'roundrobin'],
    ['least_request', 'leastconn'],
    ['Maglev', 'maglev'],
    ['ORIGINAL_DST_LB', 'original_dst'],
    ['1', 'leastconn'],
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ['toString', 'tostring'],
  ])('lb_policy %s is algorithm %s', (written, algorithm) => {
    expect(first(`lb_policy: ${written}`).algorithm).toBe(algorithm);
  });
});

describe('envoy parser: locality weights', () => {
  const config = (weight: string) =>
    [
      'static_resources:',
      '  clusters:',
      '  - name: c',
      '    common_lb_config: { locality_weighted_lb_config: {} }',
      '    load_assignment:',
      '      endpoints:',
      `      - load_balancing_weight: ${weight}`,
      '        lb_endpoints:',
      '        - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 80 } } }',
      '          load_balancing_weight: 3',
      '        - endpoint: { address: { socket_address: { address: 10.0.0.2, port_value: 80 } } }',
    ].join('\n');

  it('splits a locality weight over its endpoints by their weights', () => {
    const result = parse(config('8'));
    expect(result.problems).toEqual([]);
    expect(result.model.pools[0]!.members.map((m) => m.weight)).toEqual([6, 2]);
  });

  it('reports an unreadable locality weight and leaves the endpoint weights as they are', () => {
    const result = parse(config('heavy'));
    expect(result.problems).toEqual([
      { line: 7, column: 32, message: 'load_balancing_weight "heavy" of a locality in cluster c is not a number; Envoy refuses this config' },
    ]);
    expect(result.model.pools[0]!.members.map((m) => m.weight)).toEqual([3, 1]);
  });
});
