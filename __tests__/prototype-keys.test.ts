// Names a PR author controls that are also Object.prototype's members (`__proto__`,
// `constructor`, `toString`, …): as backend, server, upstream, service, cluster and route names
// in every format, as policy rule ids and options, and as schema paths and schema keys. Each must
// be an ordinary name: no crash, no function or foreign object in the result, sensible findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import envoySchema from '../schemas/envoy.schema.json' with { type: 'json' };
import gatewayApiSchema from '../schemas/gateway-api.schema.json' with { type: 'json' };
import ingressSchema from '../schemas/ingress.schema.json' with { type: 'json' };
import policySchema from '../schemas/lb-gate.schema.json' with { type: 'json' };
import traefikSchema from '../schemas/traefik.schema.json' with { type: 'json' };
import { defaultPolicy } from '../src/config/defaults.js';
import { loadPolicy } from '../src/config/load-policy.js';
import type { Policy } from '../src/config/types.js';
import type { GateFile, GateInput, GateResult } from '../src/gate-types.js';
import { runGate } from '../src/gate.js';
import { renderJson } from '../src/report/json.js';
import { renderSummary } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import { parseUserSchemas } from '../src/validate/file-schemas.js';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const PROTOTYPE_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

const read = (path: string) => readFileSync(join(__dirname, '..', path), 'utf8');

function gate(files: GateFile[], overrides: Partial<GateInput> = {}): GateResult {
  return runGate({ files, policy: defaultPolicy(), ...overrides });
}

/** Paths in a result holding a function or an object that is not a plain object, array, Map or Set. */
function foreignValues(value: unknown, path = '', seen = new Set<unknown>()): string[] {
  if (typeof value === 'function') return [path];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Map) return [...value].flatMap(([k, v]) => foreignValues(v, `${path}<${String(k)}>`, seen));
  if (value instanceof Set) return [];
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype) return [path];
  return Object.keys(value).flatMap((k) => foreignValues((value as Record<string, unknown>)[k], `${path}.${k}`, seen));
}

function expectSane(result: GateResult): void {
  expect(foreignValues(result)).toEqual([]);
  const reports = [renderText(result), renderJson(result), renderSummary(result, {})].join('\n');
  expect(reports).not.toMatch(/native code|\[object Object\]|function \w*\(/);
}

// One config per format with `N` as every name it has; the after side takes one of two servers
// out (or shifts a split), so the same findings must come whatever `N` is.
const CONFIGS: Array<{ path: string; before: (n: string) => string; after: (n: string) => string }> = [
  {
    path: 'lb/haproxy.cfg',
    before: (n) =>
      `defaults ${n}\n  mode http\n  timeout server 30s\n\nfrontend ${n}\n  bind *:80\n  use_backend ${n} if { path_beg /${n} }\n` +
      `  default_backend ${n}\n\nbackend ${n} from ${n}\n  server ${n} 10.0.0.1:80 check\n  server b 10.0.0.2:80 check\n`,
    after: (n) =>
      `defaults ${n}\n  mode http\n  timeout server 300s\n\nfrontend ${n}\n  bind *:80\n  use_backend ${n} if { path_beg /${n} }\n` +
      `  default_backend ${n}\n\nbackend ${n} from ${n}\n  server ${n} 10.0.0.1:80 check\n  server b 10.0.0.2:80 check disabled\n`,
  },
  {
    path: 'lb/nginx.conf',
    before: (n) =>
      `http {\n  upstream ${n} { server 10.0.0.1:80; server 10.0.0.2:80; }\n` +
      `  server { listen 80; server_name ${n}; location /${n} { proxy_pass http://${n}; proxy_read_timeout 10s; } }\n}\n`,
    after: (n) =>
      `http {\n  upstream ${n} { server 10.0.0.1:80; server 10.0.0.2:80 down; }\n` +
      `  server { listen 80; server_name ${n}; location /${n} { proxy_pass http://${n}; proxy_read_timeout 100s; } }\n}\n`,
  },
  {
    path: 'lb/envoy.yaml',
    before: (n) => envoy(n, 50, '1s'),
    after: (n) => envoy(n, 0, '10s'),
  },
  {
    path: 'lb/traefik.yaml',
    before: (n) => traefikYaml(n, ['http://10.0.0.1:80', 'http://10.0.0.2:80']),
    after: (n) => traefikYaml(n, ['http://10.0.0.1:80']),
  },
  {
    path: 'lb/traefik.toml',
    before: (n) => traefikToml(n, ['http://10.0.0.1:80', 'http://10.0.0.2:80']),
    after: (n) => traefikToml(n, ['http://10.0.0.1:80']),
  },
  {
    path: 'k8s/httproute.yaml',
    before: (n) => gatewayApi(n, 90),
    after: (n) => gatewayApi(n, 0),
  },
  {
    path: 'k8s/ingress.yaml',
    before: (n) => ingress(n, 20),
    after: (n) => ingress(n, 100),
  },
  {
    path: 'conf/lb.yaml',
    before: (n) => `${n}:\n  ${n}: 1\n  other: 2\n`,
    after: (n) => `${n}:\n  ${n}: 2\n  other: 2\n`,
  },
  {
    path: 'conf/lb.json',
    before: (n) => `{"${n}": {"${n}": 1}}\n`,
    after: (n) => `{"${n}": {"${n}": 2}}\n`,
  },
];

function envoy(n: string, weight: number, timeout: string): string {
  const endpoint = (ip: string) => `        - endpoint: {address: {socket_address: {address: ${ip}, port_value: 80}}}\n`;
  return (
    'static_resources:\n  listeners:\n' +
    `  - name: ${n}\n    address: {socket_address: {address: 0.0.0.0, port_value: 80}}\n    filter_chains:\n    - filters:\n` +
    '      - name: envoy.filters.network.http_connection_manager\n        typed_config:\n' +
    '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager\n' +
    `          stat_prefix: ${n}\n          route_config:\n            virtual_hosts:\n            - name: ${n}\n` +
    `              domains: ["*"]\n              routes:\n              - match: {prefix: "/${n}"}\n` +
    `                route: {weighted_clusters: {clusters: [{name: ${n}, weight: 50}, {name: web, weight: ${weight}}]}}\n` +
    '  clusters:\n' +
    `  - name: ${n}\n    connect_timeout: ${timeout}\n    lb_policy: ROUND_ROBIN\n    load_assignment:\n      endpoints:\n      - lb_endpoints:\n` +
    endpoint('10.0.0.1') +
    endpoint('10.0.0.2') +
    `  - name: web\n    connect_timeout: 1s\n    load_assignment:\n      endpoints:\n      - lb_endpoints:\n` +
    endpoint('10.0.0.3') +
    endpoint('10.0.0.4')
  );
}

function traefikYaml(n: string, urls: string[]): string {
  return (
    `http:\n  routers:\n    ${n}:\n      rule: "PathPrefix(\`/${n}\`)"\n      service: ${n}@file\n      entryPoints: [${n}]\n` +
    `  services:\n    ${n}:\n      loadBalancer:\n        servers:\n${urls.map((u) => `          - url: "${u}"\n`).join('')}` +
    `    split:\n      weighted:\n        services:\n          - {name: ${n}, weight: 3}\n` +
    `entryPoints:\n  ${n}:\n    address: ":80"\n`
  );
}

function traefikToml(n: string, urls: string[]): string {
  return (
    `[http.routers.${n}]\nrule = "PathPrefix(\`/${n}\`)"\nservice = "${n}"\nentryPoints = ["${n}"]\n\n` +
    `[http.services.${n}.loadBalancer]\n${urls.map((u) => `[[http.services.${n}.loadBalancer.servers]]\nurl = "${u}"\n`).join('')}\n` +
    `[http.services.split.weighted]\n[[http.services.split.weighted.services]]\nname = "${n}"\nweight = 1\n`
  );
}

function gatewayApi(n: string, weight: number): string {
  return (
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${n}, namespace: ${n}}\n` +
    `spec:\n  gatewayClassName: ${n}\n  listeners:\n  - {name: ${n}, port: 80, protocol: HTTP}\n---\n` +
    `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${n}, namespace: ${n}}\n` +
    `spec:\n  parentRefs: [{name: ${n}, sectionName: ${n}}]\n  hostnames: [${n}]\n  rules:\n` +
    `  - matches: [{path: {type: PathPrefix, value: /${n}}, headers: [{name: ${n}, value: ${n}}]}]\n` +
    `    backendRefs:\n    - {name: ${n}, port: 80, weight: ${weight}}\n    - {name: web, port: 80, weight: 10}\n`
  );
}

function ingress(n: string, canaryWeight: number): string {
  const doc = (name: string, service: string, annotations: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${n}\n${annotations}` +
    `spec:\n  rules:\n  - host: ${n}\n    http:\n      paths:\n` +
    `      - {path: /${n}, pathType: Prefix, backend: {service: {name: ${service}, port: {number: 80}}}}\n`;
  const canary =
    `  annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${canaryWeight}", ${n}: "x"}\n`;
  return `${doc(n, n, '')}---\n${doc('canary', 'web', canary)}`;
}

/** A result with `n` written as NAME, to compare runs over different names. */
function shape(result: GateResult, n: string): string {
  const summary = {
    result: result.result,
    risk: result.risk,
    findings: result.findings.map((f) => `${f.severity} ${f.rule} ${f.line} ${f.message}`),
    changes: result.files.flatMap((f) => f.changes.map((c) => JSON.stringify(c))),
    traffic: result.traffic.map((t) => `${t.pool} ${t.member} ${t.before} ${t.after}`),
  };
  return JSON.stringify(summary).split(n).join('NAME');
}

describe('prototype member names in configs', () => {
  for (const config of CONFIGS) {
    it(`${config.path}: such names behave like any other name`, () => {
      const run = (n: string) => gate([{ path: config.path, status: 'modified', before: config.before(n), after: config.after(n) }]);
      const plain = run('shop');
      expect(plain.files[0]!.findings.filter((f) => f.rule === 'parse-error')).toEqual([]);
      for (const n of NAMES) {
        const result = run(n);
        expectSane(result);
        expect(shape(result, n)).toBe(shape(plain, 'shop'));
      }
    });
  }

  it('reads an Envoy lb_policy or load_balancing_policy named after a prototype member as an unknown algorithm', () => {
    const cluster = (policy: string) =>
      'static_resources:\n  clusters:\n  - name: web\n' +
      `${policy}\n` +
      '    load_assignment:\n      endpoints:\n      - lb_endpoints:\n' +
      '        - endpoint: {address: {socket_address: {address: 10.0.0.1, port_value: 80}}}\n' +
      '        - endpoint: {address: {socket_address: {address: 10.0.0.2, port_value: 80}}}\n';
    const before = cluster('    lb_policy: ROUND_ROBIN');
    for (const n of NAMES) {
      for (const policy of [
        `    lb_policy: ${n}`,
        `    load_balancing_policy: {policies: [{typed_extension_config: {name: envoy.load_balancing_policies.${n}}}]}`,
      ]) {
        const result = gate([{ path: 'envoy.yaml', status: 'modified', before, after: cluster(policy) }]);
        expectSane(result);
        const change = result.files[0]!.changes.find((c) => c.field === 'algorithm');
        expect(change).toMatchObject({ before: 'roundrobin', after: n.toLowerCase() });
      }
    }
  });
});

describe('prototype member names in the policy', () => {
  const outage = (policy: Policy) =>
    gate(
      [{ path: 'lb/haproxy.cfg', status: 'modified', before: read('examples/outage/haproxy.before.cfg'), after: read('examples/outage/haproxy.after.cfg') }],
      { policy },
    );
  const byDefault = outage(defaultPolicy());

  it('ignores rule ids named after prototype members, in either form, and leaves the rules map plain', () => {
    for (const n of NAMES) {
      for (const text of [`rules:\n  ${n}:\n    severity: off\n`, `rules:\n  ${n}: off\n`]) {
        const { policy, findings } = loadPolicy(text);
        expect(Object.getPrototypeOf(policy.rules)).toBe(Object.prototype);
        expect(policy.rules).toEqual({});
        expect(findings.map((f) => [f.rule, f.line, f.message])).toEqual([
          ['schema', 2, expect.stringContaining(`/rules: unknown key "${n}"`)],
        ]);
        const result = outage(policy);
        expectSane(result);
        expect(result.findings).toEqual(byDefault.findings);
      }
    }
  });

  it('ignores an unknown rule id written as a mapping, as it does the shorthand', () => {
    const { policy } = loadPolicy('rules:\n  tls-remove: {severity: off}\n  algorithm-change: off\n');
    expect(policy.rules).toEqual({ 'algorithm-change': { severity: 'off', options: {} } });
  });

  it('ignores rule options named after prototype members and keeps the rest of the rule', () => {
    for (const n of NAMES) {
      const { policy, findings } = loadPolicy(`rules:\n  traffic-concentration:\n    severity: warning\n    ${n}: {max-member-share: 1}\n`);
      expect(findings).toHaveLength(1);
      expect(policy.rules['traffic-concentration']).toEqual({ severity: 'warning', options: {} });
      expect(Object.getPrototypeOf(policy.rules['traffic-concentration']!.options)).toBe(Object.prototype);
      const result = outage(policy);
      expectSane(result);
      expect(result.findings.find((f) => f.rule === 'traffic-concentration')).toMatchObject({ severity: 'warning' });
    }
  });
});

describe('prototype member names as schema paths', () => {
  const file = (after: string): GateFile => ({ path: 'conf/lb.yaml', status: 'modified', before: 'a: 1\n', after });
  const withSchemas = (paths: string[]): Policy => ({
    ...defaultPolicy(),
    schemas: paths.map((schema) => ({ files: 'conf/*.yaml', schema })),
  });

  it('keeps a schema read at a path named __proto__ as an ordinary entry', () => {
    const schemas = parseUserSchemas([
      ['__proto__', '{"type": "object", "required": ["port"]}'],
      ['constructor', null],
      ['toString', 'not json'],
    ]);
    expect(Object.getPrototypeOf(schemas)).toBe(Object.prototype);
    expect(Object.keys(schemas)).toEqual(['__proto__']);
    const result = gate([file('a: 2\n')], { policy: withSchemas(['__proto__']), userSchemas: schemas });
    expect(result.findings.map((f) => f.message)).toEqual(['top level: missing required key "port" (schema __proto__)']);
  });

  it('reports a mapped schema named after a prototype member that the base does not have', () => {
    for (const n of NAMES) {
      const result = gate([file('a: 2\n')], { policy: withSchemas([n]), userSchemas: parseUserSchemas([]) });
      expectSane(result);
      expect(result.findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
        ['schema', 'error', `The policy maps this file to the schema ${n}, which could not be read from the base commit.`],
      ]);
    }
  });
});

describe('prototype member names as keys of users\' schemas', () => {
  const schemaText = JSON.stringify({
    type: 'object',
    required: ['valueOf'],
    properties: {
      constructor: { type: 'integer' },
      toString: { type: 'string' },
      nested: { type: 'object', properties: { hasOwnProperty: { type: 'boolean' } } },
    },
  });
  const check = (after: string) =>
    gate([{ path: 'conf/lb.yaml', status: 'modified', before: 'a: 1\n', after }], {
      policy: { ...defaultPolicy(), schemas: [{ files: 'conf/*.yaml', schema: 'schemas/lb.json' }] },
      userSchemas: parseUserSchemas([['schemas/lb.json', schemaText]]),
    }).findings.map((f) => f.message);

  it('finds a key the config leaves out missing, not Object.prototype standing in for it', () => {
    expect(check('nested: {}\n')).toEqual(['top level: missing required key "valueOf" (schema schemas/lb.json)']);
  });

  it('checks keys the config does write', () => {
    expect(check('valueOf: 1\nconstructor: 2\ntoString: x\nnested: {hasOwnProperty: true}\n')).toEqual([]);
    expect(check('valueOf: 1\nconstructor: two\nnested: {hasOwnProperty: 1}\n')).toEqual([
      '/constructor: must be an integer, got "two" (schema schemas/lb.json)',
      '/nested/hasOwnProperty: must be true or false, got 1 (schema schemas/lb.json)',
    ]);
  });

  it("lb-gate's own schemas, compiled without the own-key check, name no prototype member", () => {
    const named: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => visit(item, `${path}/${i}`));
        // `required` and the like list key names.
        for (const item of node) if (typeof item === 'string' && PROTOTYPE_MEMBERS.has(item)) named.push(`${path}: ${item}`);
      } else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (PROTOTYPE_MEMBERS.has(key)) named.push(`${path}/${key}`);
          visit(value, `${path}/${key}`);
        }
      }
    };
    for (const [name, schema] of Object.entries({ envoySchema, gatewayApiSchema, ingressSchema, policySchema, traefikSchema })) {
      visit(schema, name);
    }
    expect(named).toEqual([]);
  });
});
