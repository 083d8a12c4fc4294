// The Gateway API project's own examples (examples/standard/**, copied unchanged into the shared
// corpus) must read without a problem and pass the Gateway API schema, document by document.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeGatewayApi, parseGatewayApi } from '../../src/formats/gateway-api.js';
import { compileSchema, schemaProblems } from '../../src/validate/json-schema.js';

const CORPUS = '/work/shared/corpus/gateway-api/';
const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort() : [];
const schema = JSON.parse(readFileSync(new URL('../../schemas/gateway-api.schema.json', import.meta.url), 'utf8')) as object;

function parseCorpus(name: string) {
  return parseGatewayApi(readFileSync(CORPUS + name, 'utf8'), { file: name });
}

describe.skipIf(files.length === 0)('gateway-api corpus', () => {
  it('holds the 81 upstream examples', () => {
    expect(files.length).toBe(81);
  });

  it.each(files)('%s parses with no problem and every document passes the schema', (name) => {
    const result = parseCorpus(name);
    expect(result.problems).toEqual([]);
    const docs = result.raw as unknown[];
    expect(docs.length).toBeGreaterThan(0);
    const validate = compileSchema(schema);
    docs.forEach((doc, i) => {
      const problems = schemaProblems(validate, doc, (p) => result.pointerLine!(`/${i}${p}`));
      expect(problems, `document ${i}`).toEqual([]);
    });
  });

  it('recognises every file with a Gateway API object by its content', () => {
    const undetected = files.filter((f) => !looksLikeGatewayApi(readFileSync(CORPUS + f, 'utf8')));
    // These hold only `kind: Namespace` objects: nothing of the Gateway API to detect.
    expect(undetected).toEqual(['0-namespaces.yaml', 'cross-namespace-routing_0-namespaces.yaml', 'multicluster_0-namespaces.yaml']);
  });

  it('reads the upstream traffic split as a 90/10 virtual pool', () => {
    const { model } = parseCorpus('traffic-splitting_traffic-split-2.yaml');
    expect(model.listeners).toEqual([]);
    expect(model.pools.map((p) => [p.name, p.virtual, p.members.map((m) => [m.name, m.weight, m.loc.line])])).toEqual([
      [
        'HTTPRoute/default/foo-route#0',
        true,
        [
          ['default/foo-v1:8080', 90, 15],
          ['default/foo-v2:8080', 10, 18],
        ],
      ],
    ]);
  });

  it('attaches TCP routes to the listener their sectionName selects', () => {
    const { model } = parseCorpus('basic-tcp.yaml');
    expect(model.listeners.map((l) => [l.name, l.binds[0]!.port, l.routes.map((r) => r.targets[0]!.pool)])).toEqual([
      ['default/my-tcp-gateway/foo', 8080, ['TCPRoute/default/tcp-app-1#0']],
      ['default/my-tcp-gateway/bar', 8090, ['TCPRoute/default/tcp-app-2#0']],
    ]);
  });

  it('reads TLS passthrough as no TLS termination and Terminate as TLS', () => {
    const { model } = parseCorpus('tls-routing_gateway.yaml');
    expect(model.listeners.map((l) => [l.name, l.binds[0]!.tls])).toEqual([
      ['default/example-gateway/tls', false],
      ['default/example-gateway/tls-terminate', true],
    ]);
  });

  it('skips redirect-only rules and keeps the mirrored route to its one real backend', () => {
    const redirect = parseCorpus('simple-http-https_tls-redirect-route.yaml').model;
    expect(redirect.pools).toEqual([]);
    const mirror = parseCorpus('http-request-mirroring_httproute-mirroring.yaml').model;
    expect(mirror.pools.map((p) => p.members.map((m) => m.name))).toEqual([['default/foo-v1:8080']]);
  });
});

describe('gateway-api schema on bad documents', () => {
  const validate = compileSchema(schema);
  const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api}
spec:
  parentRefs:
    - sectionName: https
  rules:
    - timeouts: {request: 10 seconds}
      backendRefs:
        - name: api-v1
          port: 8080
          weight: "90"
        - name: api-v2
          weight: 10
        - name: api-v3
          port: 0
`;

  it('names each offending node with its line', () => {
    const result = parseGatewayApi(text, { file: 'route.yaml' });
    const problems = schemaProblems(validate, (result.raw as unknown[])[0], (p) => result.pointerLine!(`/0${p}`));
    expect(problems.map((p) => [p.pointer, p.line])).toEqual([
      ['/spec/parentRefs/0', 6],
      ['/spec/rules/0/timeouts/request', 8],
      ['/spec/rules/0/backendRefs/0/weight', 12],
      ['/spec/rules/0/backendRefs/1', 13],
      ['/spec/rules/0/backendRefs/2/port', 16],
    ]);
  });

  it('requires apiVersion and kind, and lets unknown kinds and fields through', () => {
    expect(validate({ kind: 'Gateway' })).toBe(false);
    expect(validate({ apiVersion: 'v1', kind: 'ConfigMap', data: { x: '1' } })).toBe(true);
    expect(validate({ apiVersion: 'v1', kind: 'HTTPRoute', spec: { rules: [{ backendRefs: [{ name: 'x', kind: 'ServiceImport', extra: 1 }] }] } })).toBe(true);
  });
});
