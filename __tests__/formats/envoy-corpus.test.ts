// The Envoy parser and schema on the bootstrap configs the Envoy project itself runs
// (/work/shared/corpus/envoy, see its README): each must parse without a problem, validate against
// schemas/envoy.schema.json, and give a model that matches what the file declares.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseEnvoy } from '../../src/formats/envoy.js';
import { envoyToModel } from '../../src/formats/envoy-map.js';
import { loadYaml, loadYamlWithYamlLibrary } from '../../src/yaml-source.js';
import type { ParseResult } from '../../src/formats/types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const corpusDir = path.resolve(repoRoot, '../shared/corpus/envoy');
const files = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/envoy.schema.json'), 'utf8'));

const parsed = new Map<string, ParseResult>();
function parseCorpus(name: string): ParseResult {
  let result = parsed.get(name);
  if (!result) {
    result = parseEnvoy(readFileSync(path.join(corpusDir, name), 'utf8'), { file: name });
    parsed.set(name, result);
  }
  return result;
}

interface RawCluster {
  name?: string;
}

describe.skipIf(files.length === 0)('envoy corpus', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('holds the files the README lists', () => {
    expect(files.length).toBe(58);
  });

  it.each(files)('%s parses without problems and validates against the schema', (name) => {
    const result = parseCorpus(name);
    expect(result.problems).toEqual([]);
    expect(validate(result.raw), JSON.stringify(validate.errors)).toBe(true);

    // Every named cluster the file declares is a pool, at the line where it is declared.
    const raw = result.raw as { static_resources?: { clusters?: RawCluster[] } };
    const declared = (raw.static_resources?.clusters ?? []).map((c) => c.name);
    const real = result.model.pools.filter((p) => !p.virtual);
    expect(real.map((p) => p.name)).toEqual(declared);
    for (const [i, pool] of real.entries()) {
      expect(pool.loc.line).toBe(result.pointerLine!(`/static_resources/clusters/${i}`)!.line);
    }
    // Every route and default target that names a cluster names one the file declares.
    for (const listener of result.model.listeners) {
      for (const target of [...listener.routes.flatMap((r) => r.targets), ...listener.defaultTargets]) {
        if (!target.dynamic) expect(declared, `${listener.name} → ${target.pool}`).toContain(target.pool);
      }
    }
  });

  it('reads locality priorities and the health check of the locality load-balancing example', () => {
    const { model } = parseCorpus('locality-load-balancing_envoy.yaml');
    const backend = model.pools[0]!;
    expect(backend.healthCheck).toEqual({
      enabled: true,
      kind: 'http',
      path: '/',
      intervalMs: 2000,
      loc: { file: 'locality-load-balancing_envoy.yaml', line: 41 },
    });
    expect(backend.members.map((m) => [m.name, m.priority, m.weight, m.loc.line])).toEqual([
      ['backend-local-1:8080', 0, 1, 59],
      ['backend-local-2:8080', 1, 1, 73],
      ['backend-remote-1:8080', 1, 1, 87],
      ['backend-remote-2:8080', 2, 1, 101],
    ]);
    expect(model.listeners).toEqual([
      {
        name: 'backend',
        binds: [{ address: '0.0.0.0', port: 3000, tls: false, loc: { file: 'locality-load-balancing_envoy.yaml', line: 9 } }],
        routes: [{ match: 'vhost * prefix /', targets: [{ pool: 'backend', weight: 1 }], loc: { file: 'locality-load-balancing_envoy.yaml', line: 27 } }],
        defaultTargets: [{ pool: 'backend', weight: 1 }],
        loc: { file: 'locality-load-balancing_envoy.yaml', line: 8 },
      },
    ]);
  });

  it('sees TLS on the front proxy 8443 listener only, and names unnamed listeners by address', () => {
    const { model } = parseCorpus('front-proxy_envoy.yaml');
    expect(model.listeners.map((l) => [l.name, l.binds.map((b) => [b.address, b.port, b.tls])])).toEqual([
      ['0.0.0.0:8080', [['0.0.0.0', 8080, false]]],
      ['0.0.0.0:8443', [['0.0.0.0', 8443, true]]],
    ]);
    expect(model.listeners[1]!.routes.map((r) => [r.match, r.targets.map((t) => t.pool)])).toEqual([
      ['vhost * prefix /service/1', ['service1-envoy']],
      ['vhost * prefix /service/2', ['service2-envoy']],
    ]);
  });

  it('routes TLS-inspector filter chains by transport and ALPN', () => {
    const { model } = parseCorpus('tls-inspector_envoy.yaml');
    const listener = model.listeners[0]!;
    expect(listener.routes.map((r) => [r.match, r.targets])).toEqual([
      ['transport tls alpn h2 tcp_proxy', [{ pool: 'service-https1', weight: 1 }]],
      ['transport tls alpn http/1.1 tcp_proxy', [{ pool: 'service-https0', weight: 1 }]],
    ]);
    expect(listener.defaultTargets).toEqual([{ pool: 'service-http', weight: 1 }]);
  });

  it('treats a Lua cluster specifier as a run-time choice and a UDP proxy route as a default', () => {
    expect(parseCorpus('lua-cluster-specifier_envoy.yaml').model.listeners[0]!.defaultTargets).toEqual([
      { pool: 'cluster_specifier_plugin', weight: 1, dynamic: true },
    ]);
    expect(parseCorpus('udp_envoy.yaml').model.listeners[0]!.defaultTargets).toEqual([{ pool: 'service_udp', weight: 1 }]);
    expect(parseCorpus('redis_envoy.yaml').model.pools[0]!.algorithm).toBe('maglev');
  });

  it('finds no clusters in a dynamic-only bootstrap', () => {
    expect(parseCorpus('dynamic-config-fs_envoy.yaml').model).toEqual({
      format: 'envoy',
      file: 'dynamic-config-fs_envoy.yaml',
      listeners: [],
      pools: [],
    });
  });
});

describe('envoy lines found by stepping down from the root agree with lines found by pointers', () => {
  const fixtureDir = path.join(repoRoot, '__tests__/fixtures/envoy');
  const all = [
    ...files.map((f) => path.join(corpusDir, f)),
    ...(existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(fixtureDir, f)) : []),
  ];

  it.each(all.map((f) => [path.relative(repoRoot, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    for (const form of [text, JSON.stringify(loadYamlWithYamlLibrary(text).docs[0]?.value ?? null)]) {
      const doc = loadYaml(form).docs[0];
      if (!doc) continue;
      expect(doc.root).toBeDefined();
      const byCursor = envoyToModel(doc.value, 'f', doc.pointerLine, doc.root!());
      const byPointer = envoyToModel(doc.value, 'f', doc.pointerLine);
      const reference = loadYamlWithYamlLibrary(form).docs[0]!;
      const byLibrary = envoyToModel(reference.value, 'f', reference.pointerLine);
      expect(byCursor).toEqual(byPointer);
      expect(byCursor).toEqual(byLibrary);
    }
  });
});
