import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import {
  gatewayApiModel,
  gatewayApiParser,
  gatewayDurationMs,
  looksLikeGatewayApi,
  matchText,
  parseGatewayApi,
} from '../../src/formats/gateway-api.js';
import type { LbConfig } from '../../src/model.js';
import { poolShares, trafficShares } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';

const FILE = 'deploy/gateway/checkout.yaml';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/gateway-api/${name}`, import.meta.url), 'utf8');
}

function parse(text: string) {
  return parseGatewayApi(text, { file: FILE });
}

function parsedFixture(name: string) {
  const result = parse(fixture(name));
  expect(result.problems).toEqual([]);
  return result;
}

const at = (line: number) => ({ file: FILE, line });

/** Ids of the built-in rules that fire on a before → after pair, with their default options. */
function firedRules(before: LbConfig, after: LbConfig): string[] {
  const ctx = { file: FILE, before, after, changes: diffConfigs(before, after), sharesBefore: trafficShares(before), sharesAfter: trafficShares(after) };
  return RULES.filter((rule) => !rule.external)
    .filter((rule) => {
      const options = Object.fromEntries(Object.entries(rule.options).map(([k, spec]) => [k, spec.default]));
      return rule.check({ ...ctx, options }).length > 0;
    })
    .map((rule) => rule.id);
}

describe('gateway-api: the checkout canary', () => {
  it('registers under its id', () => {
    expect(gatewayApiParser.id).toBe('gateway-api');
    expect(gatewayApiParser.parse(fixture('canary-before.yaml'), { file: FILE }).model.pools).toHaveLength(2);
  });

  it('reads listeners, routes and the 90/10 split exactly', () => {
    const { model, format } = parsedFixture('canary-before.yaml');
    expect(format).toBe('gateway-api');
    expect(model.format).toBe('gateway-api');
    expect(model.file).toBe(FILE);
    expect(model.listeners).toEqual([
      {
        name: 'infra/prod-web/http',
        binds: [{ address: '*', port: 80, tls: false, loc: at(11) }],
        // The redirect rule forwards to no backend, so it adds no route and no pool.
        routes: [],
        defaultTargets: [],
        loc: at(11),
      },
      {
        name: 'infra/prod-web/https',
        binds: [{ address: '*.example.com', port: 443, tls: true, loc: at(17) }],
        routes: [
          {
            match: 'shop.example.com: PathPrefix /api',
            targets: [{ pool: 'HTTPRoute/shop/checkout#0', weight: 1 }],
            loc: at(61),
          },
          {
            match: 'shop.example.com: PathPrefix /',
            targets: [{ pool: 'HTTPRoute/shop/checkout#1', weight: 1 }],
            loc: at(74),
          },
        ],
        defaultTargets: [],
        loc: at(17),
      },
    ]);
    expect(model.pools).toEqual([
      {
        name: 'HTTPRoute/shop/checkout#0',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: { request: 10_000 },
        members: [
          { name: 'shop/checkout-v1:8080', address: 'checkout-v1', port: 8080, weight: 90, state: 'active', healthChecked: false, loc: at(68) },
          { name: 'shop/checkout-v2:8080', address: 'checkout-v2', port: 8080, weight: 10, state: 'active', healthChecked: false, loc: at(71) },
        ],
        virtual: true,
        loc: at(61),
      },
      {
        name: 'HTTPRoute/shop/checkout#1',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [
          { name: 'shop/storefront:80', address: 'storefront', port: 80, weight: 1, state: 'active', healthChecked: false, loc: at(79) },
        ],
        virtual: true,
        loc: at(74),
      },
    ]);
    const shares = poolShares(model.pools[0]!).shares;
    expect(shares.get('shop/checkout-v1:8080')).toBeCloseTo(0.9);
    expect(shares.get('shop/checkout-v2:8080')).toBeCloseTo(0.1);
  });

  it('exposes every document as raw, with /N/... pointers into document N', () => {
    const result = parsedFixture('canary-before.yaml');
    expect(Array.isArray(result.raw)).toBe(true);
    const raw = result.raw as Array<{ kind: string }>;
    expect(raw.map((d) => d.kind)).toEqual(['Gateway', 'HTTPRoute', 'HTTPRoute', 'Service']);
    expect(result.pointerLine?.('/2/spec/rules/0/backendRefs/1/weight')).toEqual({ line: 73, column: 19 });
    expect(result.pointerLine?.('/0/spec/listeners/1/port')?.line).toBe(19);
    expect(result.pointerLine?.('/3/kind')?.line).toBe(83);
    expect(result.pointerLine?.('/7/kind')).toBeNull();
  });

  it('all weight moved to v1: the canary member stays, active, at weight 0', () => {
    const before = parsedFixture('canary-before.yaml').model;
    const after = parsedFixture('after-all-to-v1.yaml').model;
    const pool = after.pools[0]!;
    expect(pool.members.map((m) => [m.name, m.weight, m.state])).toEqual([
      ['shop/checkout-v1:8080', 100, 'active'],
      ['shop/checkout-v2:8080', 0, 'active'],
    ]);
    expect(poolShares(pool).shares.get('shop/checkout-v1:8080')).toBe(1);
    const changes = diffConfigs(before, after);
    expect(changes.map((c) => [c.entity, c.kind, c.key, c.field, c.before, c.after])).toEqual([
      ['member', 'changed', 'HTTPRoute/shop/checkout#0/shop/checkout-v1:8080', 'weight', 90, 100],
      ['member', 'changed', 'HTTPRoute/shop/checkout#0/shop/checkout-v2:8080', 'weight', 10, 0],
    ]);
  });

  it('canary removed from backendRefs: the split collapses to one member', () => {
    const after = parsedFixture('after-canary-removed.yaml').model;
    expect(after.pools[0]!.members.map((m) => m.name)).toEqual(['shop/checkout-v1:8080']);
    const changes = diffConfigs(parsedFixture('canary-before.yaml').model, after);
    expect(changes.map((c) => [c.entity, c.kind, c.key])).toEqual([
      ['member', 'removed', 'HTTPRoute/shop/checkout#0/shop/checkout-v2:8080'],
    ]);
  });

  it('a backend added at weight 0 only adds a member that takes no traffic', () => {
    const after = parsedFixture('after-added-at-zero.yaml').model;
    const changes = diffConfigs(parsedFixture('canary-before.yaml').model, after);
    expect(changes.map((c) => [c.entity, c.kind, c.key])).toEqual([
      ['member', 'added', 'HTTPRoute/shop/checkout#0/shop/checkout-v3:8080'],
    ]);
    expect(poolShares(after.pools[0]!).shares.get('shop/checkout-v3:8080')).toBe(0);
  });

  it('reordering documents and backendRefs, or editing a comment, changes nothing', () => {
    const before = parsedFixture('canary-before.yaml').model;
    for (const name of ['after-reordered.yaml', 'after-comment.yaml']) {
      expect(diffConfigs(before, parsedFixture(name).model)).toEqual([]);
    }
    const reordered = parsedFixture('after-reordered.yaml').model;
    // Same route order: Gateway API ranks routes by name, not by document order.
    expect(reordered.listeners.find((l) => l.name === 'infra/prod-web/https')!.routes.map((r) => r.match)).toEqual([
      'shop.example.com: PathPrefix /api',
      'shop.example.com: PathPrefix /',
    ]);
  });
});

describe('gateway-api: the rules on the canary pairs', () => {
  const before = () => parsedFixture('canary-before.yaml').model;

  it('moving all weight to one backend, or removing the canary, fires traffic-concentration', () => {
    expect(firedRules(before(), parsedFixture('after-all-to-v1.yaml').model)).toContain('traffic-concentration');
    expect(firedRules(before(), parsedFixture('after-canary-removed.yaml').model)).toContain('traffic-concentration');
  });

  it('safe edits fire nothing', () => {
    for (const name of ['after-added-at-zero.yaml', 'after-reordered.yaml', 'after-comment.yaml']) {
      expect(firedRules(before(), parsedFixture(name).model), name).toEqual([]);
    }
  });
});

describe('gateway-api: attachment of routes to listeners', () => {
  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: edge}
spec:
  listeners:
    - {name: web, protocol: HTTP, port: 80}
    - {name: tls-pass, protocol: TLS, port: 8443, tls: {mode: Passthrough}}
    - {name: db, protocol: TCP, port: 5432}
    - {name: open, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}
`;

  function routesByListener(text: string): Record<string, string[]> {
    const result = parse(text);
    expect(result.problems).toEqual([]);
    return Object.fromEntries(result.model.listeners.map((l) => [l.name, l.routes.flatMap((r) => r.targets.map((t) => t.pool))]));
  }

  it('selects listeners by sectionName, port, protocol and allowed namespaces', () => {
    const text = `${gateway}---
kind: HTTPRoute
apiVersion: gateway.networking.k8s.io/v1
metadata: {name: all-http, namespace: edge}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: a, port: 80}]}]
---
kind: HTTPRoute
apiVersion: gateway.networking.k8s.io/v1
metadata: {name: by-port, namespace: edge}
spec:
  parentRefs: [{name: gw, port: 8080}]
  rules: [{backendRefs: [{name: b, port: 80}]}]
---
kind: HTTPRoute
apiVersion: gateway.networking.k8s.io/v1
metadata: {name: other-ns}
spec:
  parentRefs: [{name: gw, namespace: edge}]
  rules: [{backendRefs: [{name: c, port: 80}]}]
---
kind: TLSRoute
apiVersion: gateway.networking.k8s.io/v1alpha2
metadata: {name: sni, namespace: edge}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: d, port: 443}]}]
---
kind: TCPRoute
apiVersion: gateway.networking.k8s.io/v1alpha2
metadata: {name: pg, namespace: edge}
spec:
  parentRefs: [{name: gw, sectionName: db}]
  rules: [{backendRefs: [{name: postgres, port: 5432}]}]
`;
    expect(routesByListener(text)).toEqual({
      'edge/gw/web': ['HTTPRoute/edge/all-http#0'],
      'edge/gw/tls-pass': ['TLSRoute/edge/sni#0'],
      'edge/gw/db': ['TCPRoute/edge/pg#0'],
      // Only this listener admits routes from other namespaces.
      'edge/gw/open': ['HTTPRoute/default/other-ns#0', 'HTTPRoute/edge/all-http#0', 'HTTPRoute/edge/by-port#0'],
    });
    const binds = parse(text).model.listeners.map((l) => [l.name, l.binds[0]!.port, l.binds[0]!.tls]);
    expect(binds).toEqual([
      ['edge/gw/web', 80, false],
      ['edge/gw/tls-pass', 8443, false],
      ['edge/gw/db', 5432, false],
      ['edge/gw/open', 8080, false],
    ]);
  });

  it('keeps the pools of a route whose Gateway lives in another file, with no listener', () => {
    const result = parse(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: foo-route}
spec:
  parentRefs: [{name: prod-web-gw}]
  rules:
    - backendRefs:
        - {name: foo-v1, port: 8080, weight: 90}
        - {name: foo-v2, port: 8080, weight: 10}
`);
    expect(result.problems).toEqual([]);
    expect(result.model.listeners).toEqual([]);
    expect(result.model.pools.map((p) => [p.name, p.virtual, p.members.map((m) => `${m.name}=${m.weight}`)])).toEqual([
      ['HTTPRoute/default/foo-route#0', true, ['default/foo-v1:8080=90', 'default/foo-v2:8080=10']],
    ]);
  });

  it('reads GRPCRoute matches, ListenerSet listeners and List items', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: gateway.networking.k8s.io/v1
    kind: ListenerSet
    metadata: {name: team-a, namespace: team-a}
    spec:
      parentRef: {name: gw, namespace: edge}
      listeners: [{name: grpc, protocol: HTTPS, port: 443, hostname: grpc.example.com}]
  - apiVersion: gateway.networking.k8s.io/v1
    kind: GRPCRoute
    metadata: {name: users, namespace: team-a}
    spec:
      parentRefs: [{kind: ListenerSet, name: team-a}]
      rules:
        - matches:
            - method: {service: users.v1.Users, method: Get}
              headers: [{name: x-tenant, value: acme}]
          backendRefs: [{name: users, namespace: users, port: 9000}]
`;
    const result = parse(text);
    expect(result.problems).toEqual([]);
    expect(result.model.listeners.map((l) => [l.name, l.binds[0]!.address, l.binds[0]!.tls, l.binds[0]!.loc.line])).toEqual([
      ['team-a/team-a/grpc', 'grpc.example.com', true, 9],
    ]);
    expect(result.model.listeners[0]!.routes).toEqual([
      {
        match: 'grpc users.v1.Users/Get header x-tenant=acme',
        targets: [{ pool: 'GRPCRoute/team-a/users#0', weight: 1 }],
        loc: at(16),
      },
    ]);
    expect(result.model.pools[0]!.members.map((m) => [m.name, m.loc.line])).toEqual([['users/users:9000', 19]]);
  });
});

describe('gateway-api: structurally wrong routes are problems with lines', () => {
  const route = (rules: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
  namespace: shop
spec:
  rules:
${rules}`;

  it('backendRefs that is not a list', () => {
    const result = parse(route('    - backendRefs:\n        name: api\n        port: 80\n'));
    expect(result.problems).toEqual([
      { line: 8, message: 'HTTPRoute shop/api rule 0: backendRefs is a mapping, expected a list of backends' },
    ]);
    expect(result.model.pools).toEqual([]);
  });

  it('a non-numeric, a negative and a too-large weight, a missing name, a bad port', () => {
    const result = parse(
      route(`    - backendRefs:
        - {name: a, port: 80, weight: "90"}
        - {name: b, port: 80, weight: -1}
        - {name: c, port: 80, weight: 2000000}
        - {port: 80}
        - {name: d, port: 70000}
        - {name: e}
        - {name: ok, port: 80, weight: 5}
`),
    );
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [9, 'HTTPRoute shop/api rule 0 backendRef 0 ("a") has weight "90", expected a whole number from 0 to 1000000; the traffic split cannot be read'],
      [10, 'HTTPRoute shop/api rule 0 backendRef 1 ("b") has weight -1, expected a whole number from 0 to 1000000; the traffic split cannot be read'],
      [11, 'HTTPRoute shop/api rule 0 backendRef 2 ("c") has weight 2000000, expected a whole number from 0 to 1000000; the traffic split cannot be read'],
      [12, 'HTTPRoute shop/api rule 0 backendRef 3 has no name: Kubernetes rejects it, and no backend would get this share of traffic'],
      [13, 'HTTPRoute shop/api rule 0 backendRef 4 ("d") has port 70000, expected a port number from 1 to 65535'],
      [14, 'HTTPRoute shop/api rule 0 backendRef 5 ("e") has no port; a Service backend needs one, or Kubernetes rejects the route'],
    ]);
    expect(result.model.pools[0]!.members.map((m) => m.name)).toEqual(['shop/ok:80']);
  });

  it('rules that is not a list, and a rule that is not a mapping', () => {
    expect(parse(route('    backendRefs: []\n')).problems).toEqual([
      { line: 7, message: 'HTTPRoute shop/api: rules is a mapping, expected a list of rules' },
    ]);
    expect(parse(route('    - just-a-string\n')).problems).toEqual([
      { line: 8, message: 'HTTPRoute shop/api: rule 0 is "just-a-string", expected a mapping' },
    ]);
  });

  it('the same route defined twice', () => {
    const doc = route('    - backendRefs: [{name: a, port: 80}]\n');
    const result = parse(`${doc}---\n${doc}`);
    expect(result.problems.map((p) => p.line)).toEqual([10]);
    expect(result.problems[0]!.message).toContain('HTTPRoute shop/api is defined twice');
    expect(result.model.pools.map((p) => p.name)).toEqual(['HTTPRoute/shop/api#0', 'HTTPRoute/shop/api#0 #2']);
  });

  it('ignores unknown kinds, unknown fields and non-object documents', () => {
    const result = parse(`kind: Whatever\nspec: {rules: 5}\n---\n- a list document\n---\nplain scalar\n---\n${route('    - backendRefs: [{name: a, port: 80, futureField: {x: 1}}]\n      somethingNew: true\n')}`);
    expect(result.problems).toEqual([]);
    expect(result.model.pools.map((p) => p.name)).toEqual(['HTTPRoute/shop/api#0']);
  });
});

describe('gateway-api: bad input never crashes', () => {
  it('duplicate keys are a problem with the line', () => {
    const result = parse('apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nkind: Gateway\n');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(3);
    expect(result.problems[0]!.message).toContain('duplicate key "kind"');
  });

  it('an alias bomb is refused quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const result = parse(`${lines.join('\n')}\n`);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]!.message).toContain('alias');
    expect(result.problems[0]!.line).toBeGreaterThan(1);
  });

  it('10,000-deep nesting, binary bytes and truncated YAML give problems with lines', () => {
    const deep = parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep.problems[0]!.message).toContain('nesting is deeper');
    expect(deep.model.pools).toEqual([]);
    const binary = parse('kind: HTTPRoute\nspec: \u0000\u0001\u0002');
    expect(binary.problems).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('NUL byte') })]);
    const truncated = parse(fixture('canary-before.yaml').slice(0, fixture('canary-before.yaml').indexOf('        - name: checkout-v2') + 20).replace(/checkout-v2$/, '"checkout-v2'));
    expect(truncated.problems.length).toBeGreaterThan(0);
    expect(truncated.problems[0]!.line).toBeGreaterThan(60);
  });
});

describe('gateway-api: helpers', () => {
  it('recognises Gateway API manifests by apiVersion, in YAML and JSON', () => {
    expect(looksLikeGatewayApi(fixture('canary-before.yaml'))).toBe(true);
    expect(looksLikeGatewayApi('items:\n  - apiVersion: "gateway.networking.k8s.io/v1beta1"\n')).toBe(true);
    expect(looksLikeGatewayApi('{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute"}')).toBe(true);
    expect(looksLikeGatewayApi('apiVersion: networking.k8s.io/v1\nkind: Ingress\n')).toBe(false);
    expect(looksLikeGatewayApi('static_resources:\n  clusters: []\n')).toBe(false);
  });

  it('reads Gateway API durations', () => {
    expect(gatewayDurationMs('10s')).toBe(10_000);
    expect(gatewayDurationMs('1h30m')).toBe(5_400_000);
    expect(gatewayDurationMs('250ms')).toBe(250);
    expect(gatewayDurationMs('1.5s')).toBeNull();
    expect(gatewayDurationMs('forever')).toBeNull();
  });

  it('describes matches in words', () => {
    expect(matchText('HTTPRoute', [], undefined)).toBe('all requests');
    expect(matchText('HTTPRoute', ['a.com', 'b.com'], [{ path: { value: '/v2' } }, { method: 'POST' }])).toBe(
      'a.com,b.com: PathPrefix /v2 or method POST',
    );
    expect(matchText('HTTPRoute', [], [{ headers: [{ type: 'RegularExpression', name: 'x-user', value: '^beta-' }] }])).toBe(
      'header x-user~^beta-',
    );
  });

  it('maps plain documents with a line callback', () => {
    const docs = [
      { kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { rules: [{ backendRefs: [{ name: 's', port: 80, weight: 0 }] }] } },
    ];
    const lines: string[] = [];
    const { model, problems } = gatewayApiModel(docs, (p) => (lines.push(p), 42), 'x.yaml');
    expect(problems).toEqual([]);
    expect(model.pools[0]!.members[0]).toEqual({
      name: 'default/s:80',
      address: 's',
      port: 80,
      weight: 0,
      state: 'active',
      healthChecked: false,
      loc: { file: 'x.yaml', line: 42 },
    });
    expect(lines).toContain('/0/spec/rules/0/backendRefs/0');
  });
});
