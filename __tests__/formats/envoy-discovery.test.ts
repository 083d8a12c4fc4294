// Envoy clusters and routes whose endpoints or clusters come from outside the file: EDS,
// ORIGINAL_DST and custom cluster types discover their members at run time, and a bootstrap
// with CDS (or an LDS resource file) routes to clusters defined elsewhere. None of them is an
// empty pool or a dangling route; the same shapes without discovery still are.

import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/config/defaults.js';
import { parseEnvoy } from '../../src/formats/envoy.js';
import { runGate } from '../../src/gate.js';

const FILE = 'envoy/envoy.yaml';

function listener(route: string): string[] {
  return [
    '  listeners:',
    '  - name: ingress',
    '    address:',
    '      socket_address: { address: 0.0.0.0, port_value: 10000 }',
    '    filter_chains:',
    '    - filters:',
    '      - name: envoy.filters.network.http_connection_manager',
    '        typed_config:',
    '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    '          stat_prefix: ingress_http',
    '          route_config:',
    '            name: local_route',
    '            virtual_hosts:',
    '            - name: backend',
    '              domains: ["*"]',
    '              routes:',
    '              - match: { prefix: "/api" }',
    `                route: ${route}`,
    '          http_filters:',
    '          - name: envoy.filters.http.router',
    '            typed_config:',
    '              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  ];
}

const xdsCluster = [
  '  - name: xds_cluster',
  '    type: STRICT_DNS',
  '    connect_timeout: 1s',
  '    load_assignment:',
  '      cluster_name: xds_cluster',
  '      endpoints:',
  '      - lb_endpoints:',
  '        - endpoint: { address: { socket_address: { address: xds.internal, port_value: 18000 } } }',
];

const cdsConfig = [
  'dynamic_resources:',
  '  cds_config:',
  '    resource_api_version: V3',
  '    api_config_source:',
  '      api_type: GRPC',
  '      transport_api_version: V3',
  '      grpc_services:',
  '      - envoy_grpc: { cluster_name: xds_cluster }',
];

/** A cluster `api` of the given shape (its lines after `- name: api`), routed to by the listener. */
function withApiCluster(fields: string[]): string {
  return ['static_resources:', ...listener('{ cluster: api }'), '  clusters:', '  - name: api', ...fields.map((f) => `    ${f}`), ...xdsCluster].join('\n') + '\n';
}

function findings(after: string, before: string | null = null): string[] {
  const result = runGate({ policy: defaultPolicy(), files: [{ path: FILE, status: before === null ? 'added' : 'modified', before, after }], textDiff: false });
  return result.files[0]!.findings.map((f) => `${f.rule}: ${f.message}`);
}

const edsConfig = ['eds_cluster_config:', '  eds_config:', '    ads: {}', '    resource_api_version: V3'];

describe('envoy: members discovered at run time', () => {
  it.each([
    ['type: EDS', ['type: EDS', 'connect_timeout: 0.25s', ...edsConfig]],
    ['type: eds, written in lower case', ['type: eds', ...edsConfig]],
    ['type as its number (3)', ['type: 3', ...edsConfig]],
    ['type: ORIGINAL_DST', ['type: ORIGINAL_DST', 'lb_policy: CLUSTER_PROVIDED']],
    [
      'a custom cluster type (aggregate)',
      ['connect_timeout: 0.25s', 'lb_policy: CLUSTER_PROVIDED', 'cluster_type:', '  name: envoy.clusters.aggregate', '  typed_config:', '    "@type": type.googleapis.com/envoy.extensions.clusters.aggregate.v3.ClusterConfig', '    clusters: [xds_cluster]'],
    ],
  ])('a cluster with %s and no endpoints in the file is not an empty pool', (_name, fields) => {
    const text = withApiCluster(fields);
    const api = parseEnvoy(text, { file: FILE }).model.pools.find((p) => p.name === 'api')!;
    expect(api.discoversMembers).toBe(true);
    expect(api.members).toEqual([]);
    expect(findings(text).filter((f) => f.startsWith('no-active-members'))).toEqual([]);
  });

  it.each([
    ['STATIC', ['type: STATIC', 'load_assignment: { cluster_name: api, endpoints: [] }']],
    ['STRICT_DNS', ['type: STRICT_DNS']],
    ['with no type (STATIC)', ['connect_timeout: 1s']],
  ])('a %s cluster with no endpoints is still an empty pool', (_name, fields) => {
    const text = withApiCluster(fields);
    expect(parseEnvoy(text, { file: FILE }).model.pools.find((p) => p.name === 'api')!.discoversMembers).toBeUndefined();
    expect(findings(text)).toEqual([expect.stringMatching(/^no-active-members: Pool 'api' receives traffic but has no members/)]);
  });

  it('an EDS cluster that lists endpoints of its own is judged by them', () => {
    const text = withApiCluster([
      'type: EDS',
      ...edsConfig,
      'load_assignment:',
      '  cluster_name: api',
      '  endpoints:',
      '  - lb_endpoints:',
      '    - endpoint: { address: { socket_address: { address: 10.0.0.1, port_value: 80 } } }',
      '      health_status: DRAINING',
    ]);
    expect(findings(text).filter((f) => f.startsWith('no-active-members'))).toHaveLength(1);
  });
});

describe('envoy: clusters defined elsewhere', () => {
  const cdsBootstrap = (route: string) => [...cdsConfig, 'static_resources:', ...listener(route), '  clusters:', ...xdsCluster].join('\n') + '\n';

  it('a bootstrap with CDS routes to a cluster it does not define without a dangling reference', () => {
    const text = cdsBootstrap('{ cluster: svc_from_cds }');
    expect(findings(text)).toEqual([]);
    const route = parseEnvoy(text, { file: FILE }).model.listeners[0]!.routes[0]!;
    expect(route.targets).toEqual([{ pool: 'svc_from_cds', weight: 1, external: true }]);
  });

  it('a weighted split over CDS clusters keeps its weights and rules, without refs to check', () => {
    const split = (a: number, b: number) =>
      cdsBootstrap(`{ weighted_clusters: { clusters: [ { name: stable, weight: ${a} }, { name: canary, weight: ${b} } ] } }`);
    expect(findings(split(90, 10), split(90, 10))).toEqual([]);
    const model = parseEnvoy(split(90, 10), { file: FILE }).model;
    const pool = model.pools.find((p) => p.virtual)!;
    expect(pool.members.map((m) => [m.name, m.weight, m.ref])).toEqual([
      ['stable', 90, undefined],
      ['canary', 10, undefined],
    ]);
    // Collapsing the split onto one cluster is still the outage pattern.
    expect(findings(split(100, 0), split(90, 10)).some((f) => f.startsWith('traffic-concentration'))).toBe(true);
  });

  it('without CDS the same route is a dangling reference', () => {
    const text = ['static_resources:', ...listener('{ cluster: svc_from_cds }'), '  clusters:', ...xdsCluster].join('\n') + '\n';
    expect(findings(text).filter((f) => f.startsWith('dangling-reference'))).toHaveLength(1);
  });

  it('an LDS resource file routes to clusters kept in its CDS file', () => {
    const lds = [
      'resources:',
      '- "@type": type.googleapis.com/envoy.config.listener.v3.Listener',
      ...listener('{ cluster: api }')
        .slice(1)
        .map((l) => l.slice(2))
        .map((l, i) => (i === 0 ? l.replace('- name:', '  name:') : l)),
    ].join('\n') + '\n';
    const model = parseEnvoy(lds, { file: FILE }).model;
    expect(model.listeners.map((l) => l.name)).toEqual(['ingress']);
    expect(findings(lds)).toEqual([]);
  });

  it('a resource file that has clusters still checks its routes against them', () => {
    const resources = [
      'resources:',
      '- "@type": type.googleapis.com/envoy.config.listener.v3.Listener',
      ...listener('{ cluster: missing }').slice(1).map((l) => l.slice(2)).map((l, i) => (i === 0 ? l.replace('- name:', '  name:') : l)),
      '- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster',
      ...xdsCluster.map((l) => l.slice(2)).map((l, i) => (i === 0 ? l.replace('- name:', '  name:') : l)),
    ].join('\n') + '\n';
    expect(findings(resources).filter((f) => f.startsWith('dangling-reference'))).toHaveLength(1);
  });
});
