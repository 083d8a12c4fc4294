// The validators precompiled from lb-gate's own schemas (src/validate/compiled/, written by
// scripts/gen-validators.mjs) must be what the generator makes today, and must answer exactly as
// ajv compiling the schema at run time does — same validity, same errors — on real configs, the
// fixtures, and those documents broken in the usual ways (keys deleted, wrong types and values).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorObject } from 'ajv';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { AJV_OPTIONS, OUT_DIR, SCHEMAS, generate, generateModule } from '../../scripts/gen-validators.mjs';
import { BUILT_IN_SCHEMAS } from '../../src/validate/built-in-schemas.js';
import { validate as envoy } from '../../src/validate/compiled/envoy.js';
import { validate as gatewayApi } from '../../src/validate/compiled/gateway-api.js';
import { validate as ingress } from '../../src/validate/compiled/ingress.js';
import { validate as policy } from '../../src/validate/compiled/lb-gate.js';
import { validate as traefik } from '../../src/validate/compiled/traefik.js';
import { ajvOptions, compileSchema, schemaProblems, type ValidateFn } from '../../src/validate/json-schema.js';
import { loadYaml } from '../../src/yaml-source.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const corpusRoot = path.resolve(repoRoot, '../shared/corpus');
const fixtures = path.join(repoRoot, '__tests__/fixtures');

const STALE = 'the precompiled validators are stale: run `node scripts/gen-validators.mjs`';

describe('generated validators', () => {
  const generated = generate((file) => readFileSync(path.join(repoRoot, file), 'utf8'));

  it('are up to date with schemas/ and the installed ajv', () => {
    const onDisk = readdirSync(path.join(repoRoot, OUT_DIR)).map((f) => `${OUT_DIR}/${f}`).sort();
    expect(onDisk, STALE).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) {
      // Not toBe(text): a 100 kB diff would bury the message.
      expect(readFileSync(path.join(repoRoot, file), 'utf8') === text, `${file}: ${STALE}`).toBe(true);
    }
  });

  it('come out byte for byte the same on every run', () => {
    const again = generate((file) => readFileSync(path.join(repoRoot, file), 'utf8'));
    expect([...again]).toEqual([...generated]);
  });

  it('are compiled with the options compileSchema uses for strict schemas', () => {
    expect(AJV_OPTIONS).toEqual(ajvOptions(true));
  });

  it('cover every built-in schema, and compileSchema hands them out instead of compiling', () => {
    const modules: Record<string, unknown> = { envoy, 'gateway-api': gatewayApi, ingress, 'lb-gate': policy, traefik };
    expect(SCHEMAS.map((s) => s.module).sort()).toEqual(Object.keys(modules).sort());
    expect(SCHEMAS.map((s) => s.schema).sort()).toEqual(Object.values(BUILT_IN_SCHEMAS).map((b) => b.name).sort());
    for (const { module, schema } of SCHEMAS) {
      const builtIn = Object.values(BUILT_IN_SCHEMAS).find((b) => b.name === schema)!;
      const validate = modules[module] as ValidateFn;
      expect(compileSchema(builtIn.schema), schema).toBe(validate);
      expect(validate.schema, schema).toBe(builtIn.schema);
      expect(builtIn.schema, schema).toEqual(JSON.parse(readFileSync(path.join(repoRoot, schema), 'utf8')));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Documents: the shared corpus, the fixtures, and policies.

interface Doc {
  label: string;
  /** The built-in schema this document is written for (its mutations are checked against it). */
  schema: keyof typeof BUILT_IN_SCHEMAS;
  value: unknown;
}

function listFiles(dir: string, pattern: RegExp): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f)) : [];
}

function readDocs(file: string, schema: Doc['schema']): Doc[] {
  const text = readFileSync(file, 'utf8');
  const label = path.relative(path.dirname(repoRoot), file);
  if (file.endsWith('.toml')) return [{ label, schema, value: parseToml(text) }];
  const { docs } = loadYaml(text, { multi: true });
  return docs.map((d, i) => ({ label: docs.length > 1 ? `${label}#${i}` : label, schema, value: d.value }));
}

const RICH_POLICY = {
  paths: ['lb/**/*.cfg', 'envoy/*.yaml'],
  'fail-on': 'warning',
  rules: {
    'parse-error': 'error',
    schema: { severity: 'warning' },
    'traffic-concentration': { severity: 'error', 'max-member-share': 0.6 },
    'single-point-of-failure': { 'min-active-members': 2 },
    'capacity-drop': { 'max-drop': 0.25 },
    'timeout-change': { factor: 4 },
    'tls-removed': 'off',
  },
  approvals: {
    required: 1,
    'by-risk': { none: 0, low: 1, medium: 1, high: 2, critical: 3 },
    'dismiss-stale': false,
    associations: ['OWNER', 'MEMBER'],
  },
  schemas: [{ files: 'lb/**/*.yaml', schema: 'schemas/our-lb.schema.json' }],
};

const DOCS: Doc[] = [
  ...listFiles(path.join(corpusRoot, 'envoy'), /\.(ya?ml|json)$/).flatMap((f) => readDocs(f, 'envoy')),
  ...listFiles(path.join(corpusRoot, 'gateway-api'), /\.ya?ml$/).flatMap((f) => readDocs(f, 'gateway-api')),
  ...listFiles(path.join(fixtures, 'envoy'), /\.(ya?ml|json)$/).flatMap((f) => readDocs(f, 'envoy')),
  ...listFiles(path.join(fixtures, 'gateway-api'), /\.ya?ml$/).flatMap((f) => readDocs(f, 'gateway-api')),
  ...listFiles(path.join(fixtures, 'ingress'), /\.ya?ml$/).flatMap((f) => readDocs(f, 'ingress')),
  ...listFiles(path.join(fixtures, 'traefik'), /\.(ya?ml|toml)$/).flatMap((f) => readDocs(f, 'traefik')),
  ...listFiles(path.join(repoRoot, '__tests__/e2e/fixtures/policy'), /\.ya?ml$/).flatMap((f) => readDocs(f, 'policy')),
  { label: 'a policy using every section', schema: 'policy', value: RICH_POLICY },
];

// ---------------------------------------------------------------------------------------------
// Mutations: each replaces the value at one path, validated in place and put back.

type Segment = string | number;
type Container = Record<string, unknown> | unknown[];

interface Mutation {
  label: string;
  /** Path of the value replaced; [] is the document itself. */
  at: Segment[];
  value: unknown;
}

/** Paths of every value in the document, parents before children. */
function valuePaths(value: unknown, at: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => valuePaths(v, [...at, i], out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) valuePaths(v, [...at, k], out);
  return out;
}

/** At most `max` of `items`, spread evenly (always the first): big documents stay affordable. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

function wrongValues(value: unknown): unknown[] {
  if (typeof value === 'string') return ['not-a-valid-value', '', 42, null, { value }];
  if (typeof value === 'number') return [-1, 1.5, 1e12, String(value), true];
  if (typeof value === 'boolean') return [String(value), 0];
  if (value === null) return [{}, 'null'];
  if (Array.isArray(value)) return value.length > 0 ? [[], [...value, value[0]], {}, 'text'] : [{}, [null]];
  if (isRecord(value)) return [{}, [], 'text', 7, { ...value, unexpectedKey: true }, { ...value, constructor: 'x' }];
  return [];
}

function mutations(doc: unknown, maxPaths: number): Mutation[] {
  const out: Mutation[] = [];
  for (const at of spread(valuePaths(doc), maxPaths)) {
    const value = get(doc, at);
    for (const wrong of wrongValues(value)) out.push({ label: `${pointer(at)} → ${JSON.stringify(wrong)?.slice(0, 40)}`, at, value: wrong });
    // A deleted key is the parent without it, keys in their order.
    const key = at[at.length - 1];
    const parentAt = at.slice(0, -1);
    const parent = at.length > 0 ? get(doc, parentAt) : undefined;
    if (typeof key === 'string' && isRecord(parent)) {
      const { [key]: _, ...rest } = parent;
      out.push({ label: `${pointer(at)} deleted`, at: parentAt, value: rest });
    }
  }
  return out;
}

/** Validates `doc` with `value` in place of the value at `at` (put back afterwards). */
function withMutation<T>(doc: unknown, m: Mutation, run: (data: unknown) => T): T {
  if (m.at.length === 0) return run(m.value);
  const parent = get(doc, m.at.slice(0, -1)) as Container;
  const key = m.at[m.at.length - 1]!;
  const saved = (parent as Record<Segment, unknown>)[key];
  (parent as Record<Segment, unknown>)[key] = m.value;
  try {
    return run(doc);
  } finally {
    (parent as Record<Segment, unknown>)[key] = saved;
  }
}

function get(value: unknown, at: Segment[]): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<Segment, unknown>)[k], value);
}

function pointer(at: Segment[]): string {
  return at.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '(document)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Comparing: validity, and each error's fields including the schema parts the messages are
// worded from (compared by content: the precompiled code carries its own copy of the schema).

const schemaDigests = new WeakMap<object, string>();
/** A schema part by content, shortened so that a failure stays readable. */
function schemaDigest(node: unknown): string {
  if (typeof node !== 'object' || node === null) return JSON.stringify(node) ?? 'undefined';
  let digest = schemaDigests.get(node);
  if (digest === undefined) {
    digest = createHash('sha256').update(JSON.stringify(node)).digest('hex').slice(0, 12);
    schemaDigests.set(node, digest);
  }
  return digest;
}

function outcome(validate: ValidateFn, data: unknown): { valid: boolean; errors: string[] } {
  const valid = validate(data) as boolean;
  const errors = (validate.errors ?? []).map((e: ErrorObject) =>
    JSON.stringify({
      instancePath: e.instancePath,
      schemaPath: e.schemaPath,
      keyword: e.keyword,
      params: e.params,
      message: e.message,
      propertyName: (e as { propertyName?: string }).propertyName,
      schema: schemaDigest(e.schema),
      parentSchema: schemaDigest(e.parentSchema),
    }),
  );
  return { valid, errors };
}

interface Pair {
  name: Doc['schema'];
  precompiled: ValidateFn;
  runtime: ValidateFn;
}

const PAIRS: Pair[] = (Object.keys(BUILT_IN_SCHEMAS) as Array<Doc['schema']>).map((name) => {
  const { schema } = BUILT_IN_SCHEMAS[name];
  // A copy is not registered, so compileSchema compiles it with ajv, exactly as it would the original.
  const runtime = compileSchema(structuredClone(schema));
  const precompiled = compileSchema(schema);
  return { name, precompiled, runtime };
});

/** Differences between the two validators on `data`, as readable lines (none expected). */
function compare(pair: Pair, data: unknown, label: string): string[] {
  const a = outcome(pair.precompiled, data);
  const aErrors = pair.precompiled.errors ?? [];
  const b = outcome(pair.runtime, data);
  const bErrors = pair.runtime.errors ?? [];
  const diffs: string[] = [];
  if (a.valid !== b.valid) diffs.push(`${pair.name} on ${label}: precompiled says ${a.valid}, runtime ${b.valid}`);
  if (a.errors.join('\n') !== b.errors.join('\n')) {
    const i = a.errors.findIndex((e, i) => e !== b.errors[i]);
    const at = i === -1 ? b.errors.length : i;
    diffs.push(
      `${pair.name} on ${label}: ${a.errors.length} errors precompiled, ${b.errors.length} runtime; error ${at} is\n` +
        `  precompiled ${a.errors[at] ?? 'missing'}\n  runtime     ${b.errors[at] ?? 'missing'}`,
    );
  } else if (aErrors.some((e, i) => e.data !== bErrors[i]!.data)) {
    // The same input both times, so the very same nodes.
    diffs.push(`${pair.name} on ${label}: errors point at different data`);
  }
  return diffs;
}

describe('precompiled and runtime-compiled validators agree', () => {
  it('has documents of every kind to compare on', () => {
    for (const name of Object.keys(BUILT_IN_SCHEMAS)) {
      expect(DOCS.some((d) => d.schema === name), name).toBe(true);
    }
    // The fixtures alone give ~40; the shared corpus, where present, ~180 more.
    expect(DOCS.length).toBeGreaterThan(30);
    // Valid to start with, so that each mutation is what breaks a document.
    const invalid = DOCS.filter((d) => !PAIRS.find((p) => p.name === d.schema)!.runtime(d.value)).map((d) => d.label);
    expect(invalid).toEqual([]);
  });

  it('on every document, against every built-in schema, with the same problem messages', () => {
    const diffs: string[] = [];
    let invalid = 0;
    for (const doc of DOCS) {
      for (const pair of PAIRS) {
        diffs.push(...compare(pair, doc.value, doc.label));
        const a = schemaProblems(pair.precompiled, doc.value, null, { max: Infinity });
        const b = schemaProblems(pair.runtime, doc.value, null, { max: Infinity });
        if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${pair.name} on ${doc.label}: problems differ`);
        if (a.length > 0) invalid++;
      }
    }
    expect(diffs).toEqual([]);
    // Against the other formats' schemas most documents fail: the errors were compared too.
    expect(invalid).toBeGreaterThan(DOCS.length);
  });

  it('on the documents broken: keys deleted, types, enum values and numbers wrong', () => {
    const diffs: string[] = [];
    let compared = 0;
    let invalid = 0;
    const keywords = new Set<string>();
    documents: for (const doc of DOCS) {
      const pair = PAIRS.find((p) => p.name === doc.schema)!;
      for (const m of mutations(doc.value, 60)) {
        withMutation(doc.value, m, (data) => {
          const found = compare(pair, data, `${doc.label} ${m.label}`);
          diffs.push(...found);
          compared++;
          if (pair.runtime.errors) {
            invalid++;
            for (const e of pair.runtime.errors) keywords.add(e.keyword);
            // The wording, on a sample: it follows from the errors, compared above.
            if (compared % 25 === 0) {
              const a = schemaProblems(pair.precompiled, data, null, { max: Infinity });
              const b = schemaProblems(pair.runtime, data, null, { max: Infinity });
              if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${pair.name} on ${doc.label} ${m.label}: problems differ`);
            }
          }
        });
        if (diffs.length >= 10) break documents;
      }
    }
    expect(diffs).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
    expect(invalid).toBeGreaterThan(compared / 4);
    // The mutations reach the keywords the schemas use.
    for (const k of ['type', 'required', 'enum', 'minimum', 'minLength', 'anyOf', 'additionalProperties']) {
      expect(keywords, k).toContain(k);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// What today's schemas do not use yet: ajv's standalone code reaches ajv-formats' formats and
// ajv's deep-equality helper through require(), which the generator must turn into imports.

describe('generated code for keywords the built-in schemas do not use yet', () => {
  const scratch = path.join(repoRoot, 'build');
  mkdirSync(scratch, { recursive: true });
  const dir = mkdtempSync(path.join(scratch, 'gen-validators-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['when', 'tags'],
    properties: {
      when: { type: 'string', format: 'date-time' },
      site: { type: 'string', format: 'uri' },
      tags: { type: 'array', uniqueItems: true, items: { type: 'object' } },
      mode: { const: { a: [1, 2] } },
      name: { type: 'string', minLength: 2, maxLength: 5 },
    },
  };

  it('imports them and answers as the runtime-compiled schema does', async () => {
    const code = generateModule('synthetic.schema.json', schema);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).toContain('from "ajv-formats/dist/formats.js"');
    expect(code).toContain('from "ajv/dist/runtime/equal.js"');
    const file = path.join(dir, 'synthetic.ts');
    writeFileSync(file, code);
    const { validate } = (await import(pathToFileURL(file).href)) as { validate: ValidateFn };
    const runtime = compileSchema(structuredClone(schema));
    const pair: Pair = { name: 'envoy', precompiled: validate, runtime };
    const cases: unknown[] = [
      { when: '2024-01-02T03:04:05Z', site: 'https://example.com/x', tags: [{ a: 1 }, { a: 2 }], mode: { a: [1, 2] }, name: 'abc' },
      { when: 'yesterday', site: 'not a uri', tags: [{ a: 1 }, { a: 1 }], mode: { a: [2, 1] }, name: '😀' },
      { when: '2024-13-40T99:00:00Z', tags: [], name: 'abcdef' },
      {},
    ];
    const diffs = cases.flatMap((c, i) => compare(pair, c, `case ${i}`));
    expect(diffs).toEqual([]);
    expect(validate(cases[0])).toBe(true);
    expect(validate(cases[1])).toBe(false);
    expect(new Set(validate.errors!.map((e) => e.keyword))).toEqual(new Set(['format', 'uniqueItems', 'const', 'minLength']));
  });
});
