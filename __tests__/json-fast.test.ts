// The JSON reader is held to the yaml-library reader: on strict JSON, the same values and the same
// line and column for every pointer (keys and values, missing children too), the same duplicate
// key and depth problems at the same places; and it declines (null) text that is not strict JSON.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realYamlConfigs } from './helpers/yaml-agreement.js';
import { readJson } from '../src/json-fast.js';
import { escapePointerSegment, loadYamlWithYamlLibrary, parsePointer, type LoadYamlOptions } from '../src/yaml-source.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** Every pointer into a value, plus a missing child of each collection. */
function pointersOf(value: unknown): string[] {
  const out = [''];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0 && out.length < 50_000) {
    const [node, pointer] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    out.push(`${pointer}/missing`, `${pointer}/999`, `${pointer}/0/deeper`);
    for (const key of Object.keys(node)) {
      const child = `${pointer}/${escapePointerSegment(key)}`;
      out.push(child);
      stack.push([(node as Record<string, unknown>)[key], child]);
    }
  }
  return out;
}

/** The yaml library's duplicate-key wording, with the JSON reader's sentence. */
function asJsonProblem(problem: { line: number; column?: number; message: string }) {
  return {
    ...problem,
    message: problem.message.replace(
      'YAML keeps only the last one',
      'JSON readers keep only the last one',
    ),
  };
}

/** readJson reads `text` and agrees with the yaml-library reader on values, positions and problems. */
function expectSameAsYamlLibrary(text: string, opts: LoadYamlOptions = {}): void {
  const reference = loadYamlWithYamlLibrary(text, opts);
  const fast = readJson(text, { maxDepth: opts.maxDepth ?? 100 });
  expect(fast).not.toBeNull();
  expect(fast!.problems).toEqual(reference.problems.map(asJsonProblem));
  expect(fast!.docs.length).toBe(reference.docs.length);
  expect(fast!.docs.map((doc) => doc.value)).toEqual(reference.docs.map((doc) => doc.value));
  for (const [index, doc] of fast!.docs.entries()) {
    const expected = reference.docs[index]!;
    const mismatches: string[] = [];
    for (const pointer of pointersOf(expected.value)) {
      for (const part of ['value', 'key'] as const) {
        const want = expected.pointerLine(pointer, part);
        const got = doc.locate(parsePointer(pointer)!, part);
        if (want?.line !== got.line || want?.column !== got.column) {
          mismatches.push(`${pointer} ${part}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
        }
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  }
}

/** Tokens separated by an ever-changing mix of blanks, tabs, LF and CRLF. */
function oddJson(value: unknown): string {
  const gaps = ['', ' ', '\r\n', '\t', '\n    ', ' \r\n\t ', '  ', '\n'];
  let n = 0;
  const gap = () => gaps[n++ % gaps.length]!;
  const render = (v: unknown): string => {
    if (Array.isArray(v)) return `[${gap()}${v.map(render).join(`${gap()},${gap()}`)}${gap()}]`;
    if (v !== null && typeof v === 'object') {
      const members = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${gap()}:${gap()}${render(x)}`);
      return `{${gap()}${members.join(`${gap()},${gap()}`)}${gap()}}`;
    }
    return JSON.stringify(v);
  };
  return `${gap()}${render(value)}${gap()}`;
}

/** Non-ASCII as \u escapes and every `/` as `\/` (`/` is only found inside JSON strings). */
function escapedJson(value: unknown): string {
  return JSON.stringify(value, null, 1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

describe('readJson on JSON renderings of real configs', () => {
  const files = realYamlConfigs();

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(repoRoot, f), f]))('agrees with the yaml library on %s', (_name, file) => {
    const values = loadYamlWithYamlLibrary(readFileSync(file, 'utf8'), { multi: true }).docs.map((doc) => doc.value);
    for (const value of values) {
      expectSameAsYamlLibrary(JSON.stringify(value));
      expectSameAsYamlLibrary(JSON.stringify(value, null, 2));
      expectSameAsYamlLibrary(JSON.stringify(value, null, 2).replace(/\n/g, '\r\n') + '\r\n');
      expectSameAsYamlLibrary(oddJson(value));
      expectSameAsYamlLibrary(escapedJson(value));
      expectSameAsYamlLibrary(`\ufeff${JSON.stringify(value, null, '\t')}\n`);
    }
  });

  it('agrees on a generated Envoy config with 60 clusters', () => {
    const clusters = Array.from({ length: 60 }, (_, c) => ({
      name: `c${c}`,
      lb_policy: 'ROUND_ROBIN',
      load_assignment: {
        cluster_name: `c${c}`,
        endpoints: [
          {
            lb_endpoints: Array.from({ length: 4 }, (_, e) => ({
              endpoint: { address: { socket_address: { address: `10.0.${c}.${e}`, port_value: 80 } } },
            })),
          },
        ],
      },
    }));
    const value = { static_resources: { clusters } };
    expectSameAsYamlLibrary(JSON.stringify(value));
    expectSameAsYamlLibrary(JSON.stringify(value, null, 2));
  });
});

describe('readJson on edge cases', () => {
  it.each([
    ['escapes in keys and strings', String.raw`{"a\"b": "x\"y", "c\\": "\\", "caf\u00e9": "\u00e9", "a\/b": "\/", "\\\"": 1, "t\tn\n": "\b\f\r"}`],
    ['a key ending in an escaped backslash', String.raw`{"a\\": {"b\\\\": [1]}, "c": "\\"}`],
    ['surrogate pairs and raw non-BMP text', String.raw`{"😀": {"x": 1}, "\ud83d\ude00b": "😀😀", "k": [1, "\ud800"]}`],
    ['strings holding JSON punctuation', '{"a": "{[,:]}", "b{": ["]", "}", ":", ","], "c": {"d,": "\\"}"}}'],
    ['a line separator in a string', '{"a": "x\u2028y", "b": 1}'],
    ['empty containers', '{"a": {}, "b": [], "c": [{}], "d": [[]], "e": {"f": {}}, "g": [[], {}, [[]]]}'],
    ['an empty object', '{}'],
    ['an empty array', '[ ]'],
    ['numbers', '[-0, 1e400, -1e400, 0.5, -1e-400, 1E+2, 12345678901234567890, 0, -12.5e-3]'],
    ['keys that look like numbers', '{"0": 1, "1": 2, "10": {"x": 3}, "01": 4, "-1": 5, "1.5": 6, "4294967295": 7}'],
    ['a __proto__ key', '{"__proto__": {"a": 1}, "b": {"__proto__": [2]}, "constructor": 3, "toString": 4}'],
    ['an empty key', '{"": {"": 1}}'],
    ['a top-level array', '[1, "a", null, true, false, {"k": [2]}]'],
    ['a top-level string', '  "str"  \n'],
    ['a top-level number', '\n42'],
    ['a top-level null', 'null'],
    ['a top-level boolean', ' true '],
    ['a byte-order mark', '\ufeff{"a": 1, "b": [2, 3]}'],
    ['a byte-order mark before line breaks', '\ufeff\r\n\r\n  [{"a": 1}]\r\n'],
    ['a byte-order mark before a scalar', '\ufeff"x"'],
    ['CRLF line breaks', '{\r\n  "a": 1,\r\n  "b": [\r\n    2,\r\n    {"c": null}\r\n  ]\r\n}\r\n'],
    ['a key and its value on different lines', '{"a"\n:\n1, "b"\r\n: [\r\n]}'],
    ['tabs', '{\n\t"a":\t1,\n\t"b": [\n\t\t2\n\t]\n}'],
    ['a long key', `{"${'k'.repeat(2000)}": 1, "b": [{"${'q'.repeat(1500)}": 2}]}`],
  ])('%s', (_name, text) => {
    expectSameAsYamlLibrary(text);
  });

  it('gives exactly what JSON.parse gives, -0 and __proto__ included', () => {
    const result = readJson('{"__proto__": {"a": 1}, "z": [-0, 1e400]}', { maxDepth: 100 })!;
    const value = result.docs[0]!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'z']);
    const z = value.z as number[];
    expect(Object.is(z[0], -0)).toBe(true);
    expect(z[1]).toBe(Infinity);
    const reference = loadYamlWithYamlLibrary('{"__proto__": {"a": 1}, "z": [-0, 1e400]}').docs[0]!.value as Record<string, unknown>;
    expect(Object.keys(reference)).toEqual(['__proto__', 'z']);
    expect(Object.is((reference.z as number[])[0], -0)).toBe(true);
  });

  it('counts a byte-order mark as a column, as the yaml path does', () => {
    const doc = readJson('\ufeff{"a": 1}', { maxDepth: 100 })!.docs[0]!;
    expect(doc.locate([], 'value')).toEqual({ line: 1, column: 2 });
    expect(doc.locate(['a'], 'key')).toEqual({ line: 1, column: 3 });
    expect(doc.locate(['a'], 'value')).toEqual({ line: 1, column: 8 });
  });

  it('reads lone CR line breaks as JSON does (the yaml library folds them into keys)', () => {
    const text = '{"a": 1,\r"b": [\r2]}';
    const result = readJson(text, { maxDepth: 100 })!;
    expect(result.docs[0]!.value).toEqual({ a: 1, b: [2] });
    // Lines are counted at LF only, as the yaml-library path counts them.
    expect(result.docs[0]!.locate(['b', '0'], 'value')).toEqual({ line: 1, column: 17 });
    expect(loadYamlWithYamlLibrary(text).docs[0]?.value).not.toEqual({ a: 1, b: [2] });
  });

  it('agrees on an object too big for the linear duplicate check', () => {
    const keys = Array.from({ length: 40 }, (_, k) => `"k${k}": ${k}`);
    expectSameAsYamlLibrary(`{${keys.join(',\n')}}`);
  });
});

describe('readJson reports duplicate keys', () => {
  it('at each later duplicate, naming the first', () => {
    const text = '{"a": 1,\n"a": 2, "a": 3}';
    const result = readJson(text, { maxDepth: 100 })!;
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 1,
        message:
          'duplicate key "a" (first at line 1); JSON readers keep only the last one, so the earlier setting is silently lost',
      },
      {
        line: 2,
        column: 9,
        message:
          'duplicate key "a" (first at line 1); JSON readers keep only the last one, so the earlier setting is silently lost',
      },
    ]);
    expect(result.docs[0]!.value).toEqual({ a: 3 });
    expectSameAsYamlLibrary(text);
  });

  it.each([
    ['nested, in position order', '{"x": {"b": 1,\n "b": 2},\n "x": [{"c": 1, "c": 2}],\n"y": 1}'],
    ['written differently', String.raw`{"é": 1, "\u00e9": 2, "a/b": 3, "a\/b": 4}`],
    ['escaped backslashes', String.raw`{"a\\": 1, "a\\": 2, "a\\\\": 3}`],
    ['with a byte-order mark and CRLF', '\ufeff{\r\n"a": 1,\r\n  "a": {"b": [1]}\r\n}'],
    ['a clipped long name', `{"${'n'.repeat(80)}": 1, "${'n'.repeat(80)}": 2}`],
    ['a __proto__ key twice', '{"__proto__": 1, "__proto__": {"x": 2}}'],
  ])('%s', (_name, text) => {
    expect(readJson(text, { maxDepth: 100 })!.problems.length).toBeGreaterThan(0);
    expectSameAsYamlLibrary(text);
  });

  it('in big objects, past the linear check (the first occurrence is named)', () => {
    const keys = Array.from({ length: 40 }, (_, k) => `"k${k}": ${k}`);
    keys.splice(5, 0, '"k3": "early duplicate"'); // before the switch to a Map
    keys.splice(30, 0, '"k3": "late duplicate"', '"k25": "later"', '"k39": "before the first"');
    const text = `{${keys.join(',\n')}}`;
    const result = readJson(text, { maxDepth: 100 })!;
    expect(result.problems.map((p) => [p.line, p.message.slice(0, 40)])).toEqual([
      [6, 'duplicate key "k3" (first at line 4); JS'],
      [31, 'duplicate key "k3" (first at line 4); JS'],
      [32, 'duplicate key "k25" (first at line 27); '],
      [44, 'duplicate key "k39" (first at line 33); '],
    ]);
    expectSameAsYamlLibrary(text);
  });
});

describe('readJson refuses deep nesting', () => {
  it.each([
    ['past a low limit', '{"a": {"b": [{"c": 1}]}, "d": 2}', 2],
    ['at the limit', '{"a": {"b": [{"c": 1}]}}', 4],
    ['on the line where it happens', '[\n [\n  [\n   {"x": []}\n  ]\n ]\n]', 3],
    ['with a duplicate before it (only the depth is reported)', '{"a": 1, "a": {"b": {"c": {}}}}', 2],
  ] as Array<[string, string, number]>)('%s', (_name, text, maxDepth) => {
    expectSameAsYamlLibrary(text, { maxDepth });
  });

  it('10,000-deep arrays and objects: no crash, the problem at the first container too deep', () => {
    const arrays = '['.repeat(10_000) + ']'.repeat(10_000);
    const objects = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const text of [arrays, objects]) {
      const result = readJson(text, { maxDepth: 100 })!;
      expect(result.docs).toEqual([]);
      expect(result.problems).toEqual(loadYamlWithYamlLibrary(text).problems);
      expect(result.problems[0]!.column).toBe(text === arrays ? 101 : 501);
      expect(result.problems[0]!.message).toMatch(/^nesting is deeper than 100 levels/);
    }
  });

  it('reads 10,000-deep nesting within the limit without recursing', () => {
    const text = '{"a":['.repeat(5_000) + '1' + ']}'.repeat(5_000);
    const result = readJson(text, { maxDepth: 10_000 })!;
    expect(result.problems).toEqual([]);
    const segments = Array.from({ length: 10_000 }, (_, k) => (k % 2 === 0 ? 'a' : '0'));
    expect(result.docs[0]!.locate(segments, 'value')).toEqual({ line: 1, column: 6 * 5_000 + 1 });
    expect(result.docs[0]!.locate([...segments.slice(0, -1), 'x'], 'key')).toEqual({ line: 1, column: 6 * 4_999 + 2 });
  });
});

describe('readJson declines text that is not strict JSON', () => {
  it.each([
    ['YAML flow', '{a: 1}'],
    ['a single-quoted string', "{'a': 1}"],
    ['a trailing comma in an object', '{"a": 1,}'],
    ['a trailing comma in an array', '[1, 2,]'],
    ['a line comment', '{"a": 1} // c'],
    ['a block comment', '/* c */ {"a": 1}'],
    ['a YAML comment', '# c\n{"a": 1}'],
    ['a document marker', '---\n{"a": 1}\n'],
    ['a second document', '{"a": 1}\n---\n{"b": 2}\n'],
    ['block YAML', 'a: 1\nb: [1, 2]\n'],
    ['an empty text', ''],
    ['blanks only', ' \n\t\r\n'],
    ['a byte-order mark only', '\ufeff'],
    ['a byte-order mark after a blank', ' \ufeff{"a": 1}'],
    ['two values', '{"a": 1} {"b": 2}'],
    ['NaN', '[NaN]'],
    ['a leading zero', '[01]'],
    ['a bare fraction', '[.5]'],
    ['a raw tab in a string', '{"a": "x\ty"}'],
    ['an unclosed object', '{"a": [1, 2]'],
    ['a plain scalar', 'hello'],
  ])('%s', (_name, text) => {
    expect(readJson(text, { maxDepth: 100 })).toBeNull();
  });
});
