import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import { ingressModel, ingressParser, looksLikeIngress, parseIngress } from '../../src/formats/ingress.js';
import type { LbConfig } from '../../src/model.js';
import { poolShares, trafficShares } from '../../src/model.js';
import { RULES } from '../../src/rules/index.js';
import { compileSchema, schemaProblems } from '../../src/validate/json-schema.js';

const FILE = 'k8s/shop/ingress.yaml';
const at = (line: number) => ({ file: FILE, line });
const schema = JSON.parse(readFileSync(new URL('../../schemas/ingress.schema.json', import.meta.url), 'utf8')) as object;

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

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ingress/${name}`, import.meta.url), 'utf8');
}

function parse(text: string) {
  return parseIngress(text, { file: FILE });
}

function parsedFixture(name: string) {
  const result = parse(fixture(name));
  expect(result.problems).toEqual([]);
  return result;
}

const member = (name: string, port: number | null, weight: number, line: number) => ({
  name: `shop/${name}:${port ?? 'http'}`,
  address: name,
  port,
  weight,
  state: 'active',
  healthChecked: false,
  loc: at(line),
});

describe('ingress: the shop Ingress and its canary twin', () => {
  it('registers under its id', () => {
    expect(ingressParser.id).toBe('ingress');
    expect(ingressParser.parse(fixture('canary-before.yaml'), { file: FILE }).format).toBe('ingress');
  });

  it('reads one listener, host+path routes, and the canary joined into the main pool', () => {
    const { model } = parsedFixture('canary-before.yaml');
    expect(model.format).toBe('ingress');
    expect(model.listeners).toEqual([
      {
        name: 'ingress/shop/shop',
        binds: [
          { address: '*', port: 80, tls: false, loc: at(3) },
          { address: '*', port: 443, tls: true, loc: at(13) },
        ],
        routes: [
          { match: 'shop.example.com /api Prefix', targets: [{ pool: 'ingress/shop/shop#shop.example.com/api', weight: 1 }], loc: at(26) },
          { match: 'shop.example.com / Prefix', targets: [{ pool: 'ingress/shop/shop#shop.example.com/', weight: 1 }], loc: at(33) },
        ],
        defaultTargets: [{ pool: 'ingress/shop/shop#default', weight: 1 }],
        loc: at(3),
      },
    ]);
    expect(model.pools).toEqual([
      {
        name: 'ingress/shop/shop#shop.example.com/api',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [member('checkout', 8080, 90, 28), member('checkout-canary', 8080, 10, 57)],
        virtual: true,
        loc: at(26),
      },
      {
        name: 'ingress/shop/shop#shop.example.com/',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: {},
        // A named port: the number is only known from the Service.
        members: [member('storefront', null, 1, 35)],
        virtual: true,
        loc: at(33),
      },
      {
        name: 'ingress/shop/shop#default',
        algorithm: 'weighted',
        healthCheck: { enabled: false },
        timeouts: {},
        members: [member('not-found', 80, 1, 17)],
        virtual: true,
        loc: at(17),
      },
    ]);
  });

  it('raw is the list of documents; /N/... points into document N', () => {
    const result = parsedFixture('canary-before.yaml');
    expect((result.raw as Array<{ metadata: { name: string } }>).map((d) => d.metadata.name)).toEqual(['shop', 'shop-canary']);
    expect(result.pointerLine?.('/1/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight')?.line).toBe(48);
  });

  it('canary-weight 10 → 100 moves all /api traffic to the canary', () => {
    const before = parsedFixture('canary-before.yaml').model;
    const after = parsedFixture('after-canary-100.yaml').model;
    const pool = after.pools[0]!;
    expect(pool.members.map((m) => [m.name, m.weight, m.state])).toEqual([
      ['shop/checkout:8080', 0, 'active'],
      ['shop/checkout-canary:8080', 100, 'active'],
    ]);
    expect(poolShares(pool).shares.get('shop/checkout-canary:8080')).toBe(1);
    expect(diffConfigs(before, after).map((c) => [c.kind, c.key, c.field, c.before, c.after, c.loc.line])).toEqual([
      ['changed', 'ingress/shop/shop#shop.example.com/api/shop/checkout:8080', 'weight', 90, 0, 28],
      ['changed', 'ingress/shop/shop#shop.example.com/api/shop/checkout-canary:8080', 'weight', 10, 100, 57],
    ]);
  });

  it('putting the canary document first or editing a comment changes nothing', () => {
    const before = parsedFixture('canary-before.yaml').model;
    expect(diffConfigs(before, parsedFixture('after-reordered.yaml').model)).toEqual([]);
    expect(diffConfigs(before, parsedFixture('after-comment.yaml').model)).toEqual([]);
  });

  it('the canary at 100 fires traffic-concentration; reordering and comments fire nothing', () => {
    const before = parsedFixture('canary-before.yaml').model;
    expect(firedRules(before, parsedFixture('after-canary-100.yaml').model)).toContain('traffic-concentration');
    expect(firedRules(before, parsedFixture('after-reordered.yaml').model)).toEqual([]);
    expect(firedRules(before, parsedFixture('after-comment.yaml').model)).toEqual([]);
  });

  it('recognises Ingress manifests by kind and apiVersion, not IngressClass', () => {
    expect(looksLikeIngress(fixture('canary-before.yaml'))).toBe(true);
    expect(looksLikeIngress('{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "spec": {}}')).toBe(true);
    expect(looksLikeIngress('apiVersion: networking.k8s.io/v1\nkind: IngressClass\n')).toBe(false);
    expect(looksLikeIngress('apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n')).toBe(false);
  });

  it('fixtures pass the Ingress schema', () => {
    const validate = compileSchema(schema);
    for (const name of ['canary-before.yaml', 'after-canary-100.yaml', 'after-reordered.yaml']) {
      const result = parsedFixture(name);
      (result.raw as unknown[]).forEach((doc, i) => {
        expect(schemaProblems(validate, doc, (p) => result.pointerLine!(`/${i}${p}`))).toEqual([]);
      });
    }
  });
});

describe('ingress: canaries and odd shapes', () => {
  const ingress = (name: string, annotations: string, host: string, path: string, service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  annotations: {${annotations}}
spec:
  rules:
    - host: ${host}
      http:
        paths:
          - {path: ${path}, pathType: Prefix, backend: {service: {name: ${service}, port: {number: 80}}}}
`;
  const canary = (weight: string, extra = '') =>
    `nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-weight: "${weight}"${extra}`;

  it('a canary without a main Ingress in the file is an Ingress of its own', () => {
    const { model, problems } = parse(ingress('lonely', canary('30'), 'a.example.com', '/', 'svc-canary'));
    expect(problems).toEqual([]);
    expect(model.listeners.map((l) => l.name)).toEqual(['ingress/default/lonely']);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => [m.name, m.weight])])).toEqual([
      ['ingress/default/lonely#a.example.com/', [['default/svc-canary:80', 1]]],
    ]);
  });

  it('a canary for another path does not join; canary-weight-total is honoured', () => {
    const text = [
      ingress('main', '', 'a.example.com', '/', 'app'),
      ingress('c1', canary('5', ', nginx.ingress.kubernetes.io/canary-weight-total: "1000"'), 'a.example.com', '/', 'app-canary'),
      ingress('c2', canary('50'), 'a.example.com', '/other', 'other-canary'),
    ].join('---\n');
    const { model, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => [m.name, m.weight])])).toEqual([
      ['ingress/default/main#a.example.com/', [['default/app:80', 995], ['default/app-canary:80', 5]]],
      ['ingress/default/c2#a.example.com/other', [['default/other-canary:80', 1]]],
    ]);
    expect(model.listeners.map((l) => l.name)).toEqual(['ingress/default/main', 'ingress/default/c2']);
  });

  it('a header-only canary (no weight) gets weight 0 and the main keeps everything', () => {
    const text = [
      ingress('main', '', 'a.example.com', '/', 'app'),
      ingress('c', 'nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-by-header: x-canary', 'a.example.com', '/', 'app-canary'),
    ].join('---\n');
    const pool = parse(text).model.pools[0]!;
    expect(pool.members.map((m) => [m.name, m.weight])).toEqual([
      ['default/app:80', 100],
      ['default/app-canary:80', 0],
    ]);
  });

  it('bad canary weights are problems on the annotation line', () => {
    const text = [ingress('main', '', 'a.example.com', '/', 'app'), ingress('c', canary('ten'), 'a.example.com', '/', 'app-canary'), ingress('d', canary('150'), 'b.example.com', '/', 'b')].join('---\n');
    expect(parse(text).problems).toEqual([
      {
        line: 17,
        message:
          'Ingress default/c: annotation nginx.ingress.kubernetes.io/canary-weight is "ten", expected a whole number; ingress-nginx ignores the canary\'s traffic split',
      },
      {
        line: 29,
        message: 'Ingress default/d: canary-weight 150 is more than canary-weight-total 100; ingress-nginx sends all traffic to the canary',
      },
    ]);
  });

  it('reads pre-v1 serviceName/servicePort and resource backends', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: legacy, namespace: web}
spec:
  backend: {serviceName: fallback, servicePort: 8080}
  rules:
    - http:
        paths:
          - path: /static
            backend:
              resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}
`;
    const { model, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(model.listeners[0]!.routes.map((r) => r.match)).toEqual(['* /static ImplementationSpecific']);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => [m.name, m.address, m.port])])).toEqual([
      ['ingress/web/legacy#*/static', [['web/StorageBucket/static-assets', 'static-assets', null]]],
      ['ingress/web/legacy#default', [['web/fallback:8080', 'fallback', 8080]]],
    ]);
  });

  it('structurally wrong backends are problems with lines; unknown kinds are ignored', () => {
    const text = `apiVersion: v1
kind: ConfigMap
data: {x: "1"}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: broken}
spec:
  rules:
    - host: a.example.com
      http:
        paths:
          - path: /a
            backend: {service: {port: {number: 80}}}
          - path: /b
            backend: {service: {name: b, port: {number: 99999}}}
          - path: /c
            backend: {}
          - path: /d
            backend: {service: {name: d, port: {number: 80}}}
    - host: b.example.com
      http:
        paths: {path: /}
`;
    const { model, problems } = parse(text);
    expect(problems).toEqual([
      { line: 14, message: 'Ingress default/broken: host a.example.com path /a: backend service has no name (found nothing)' },
      {
        line: 16,
        message: 'Ingress default/broken: host a.example.com path /b: backend service "b" has port 99999, expected a port number from 1 to 65535 or a port name',
      },
      { line: 18, message: 'Ingress default/broken: host a.example.com path /c: backend names no service, so requests there have nowhere to go' },
      { line: 23, message: 'Ingress default/broken: rule 1 (host b.example.com) has no list of http.paths' },
    ]);
    expect(model.pools.map((p) => p.name)).toEqual(['ingress/default/broken#a.example.com/d']);
  });

  it('maps plain documents with a line callback', () => {
    const docs = [{ kind: 'Ingress', metadata: { name: 'x' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } }];
    const { model } = ingressModel(docs, () => 7, 'f.yaml');
    expect(model.listeners[0]!.defaultTargets).toEqual([{ pool: 'ingress/default/x#default', weight: 1 }]);
    expect(model.pools[0]!.loc).toEqual({ file: 'f.yaml', line: 7 });
  });
});

describe('ingress: schema and bad input', () => {
  const validate = compileSchema(schema);

  it('flags an unquoted canary weight, a bad pathType and a backend without a service', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: 10
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Regex
            backend: {}
`;
    const result = parse(text);
    const problems = schemaProblems(validate, (result.raw as unknown[])[0], (p) => result.pointerLine!(`/0${p}`));
    expect(problems.map((p) => [p.pointer, p.line])).toEqual([
      ['/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight', 7],
      ['/spec/rules/0/http/paths/0/pathType', 13],
      ['/spec/rules/0/http/paths/0/backend', 14],
    ]);
  });

  it('duplicate keys, binary, deep nesting and a truncated file give problems with lines', () => {
    const dup = parse('apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nmetadata: {name: b}\n');
    expect(dup.problems.map((p) => p.line)).toEqual([4]);
    expect(parse('\u0000\u0001binary').problems[0]).toMatchObject({ line: 1, message: expect.stringContaining('NUL') });
    expect(parse(`a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}`).problems[0]!.message).toContain('nesting is deeper');
    const text = fixture('canary-before.yaml');
    const truncated = parse(text.slice(0, text.indexOf('name: storefront') + 10) + '\n              - [');
    expect(truncated.problems.length).toBeGreaterThan(0);
    expect(truncated.problems[0]!.line).toBeGreaterThan(30);
  });
});
