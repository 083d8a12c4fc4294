// The js-yaml reader behind loadYaml is held to the yaml-library reader: on every file it vouches
// for, the same values and the same line and column for every pointer (keys and values); and it
// must decline (null) every file the yaml library has something to report about.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCleanYaml, type CleanYamlLimits } from '../src/yaml-fast.js';
import type { LoadYamlOptions } from '../src/yaml-source.js';
import { disagreements, realYamlConfigs } from './helpers/yaml-agreement.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

function limitsOf(opts: LoadYamlOptions): CleanYamlLimits {
  return { multi: opts.multi ?? false, maxAliasCount: opts.maxAliasCount ?? 100, maxDepth: opts.maxDepth ?? 100 };
}

/** The fast reader vouches for `text` and agrees with the yaml-library reader on it. */
function expectSameAsYamlLibrary(text: string, opts: LoadYamlOptions = {}): void {
  const fast = readCleanYaml(text, limitsOf(opts));
  expect(fast).not.toBeNull();
  expect(disagreements(text, opts, fast!)).toEqual([]);
}

describe('readCleanYaml on real configs', () => {
  const files = realYamlConfigs();

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(repoRoot, f), f]))('agrees with the yaml library on %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const multi = /gateway-api|ingress/.test(file) || (text.match(/^---/gm) ?? []).length > 1;
    expectSameAsYamlLibrary(text, { multi });
  });

  it('agrees on a generated Envoy config with 60 clusters', () => {
    const lines = ['static_resources:', '  clusters:'];
    for (let c = 0; c < 60; c++) {
      lines.push(`  - name: c${c}`, '    lb_policy: ROUND_ROBIN', '    load_assignment:', '      endpoints:', '      - lb_endpoints:');
      for (let e = 0; e < 4; e++) {
        lines.push('        - endpoint:', '            address:', `              socket_address: {address: 10.0.${c}.${e}, port_value: 80}`);
      }
    }
    expectSameAsYamlLibrary(lines.join('\n') + '\n');
  });
});

describe('readCleanYaml on tricky clean input', () => {
  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\nc: [*x, *x]\nd: &m {p: 1}\ne: *m\n'],
    ['an anchor on a block mapping', 'a: &x\n  k: v\nb: *x\n'],
    ['an anchored key', '- &a k: v\n- *a\n'],
    ['merge keys', 'a: &a {x: 1}\nb: &b {y: 2, x: 3}\nc:\n  <<: [*a, *b]\n  z: 1\nd:\n  z: 1\n  <<: *a\n'],
    ['an inline merge', 'c:\n  <<: {x: 1, y: 2}\n  z: 3\n'],
    ['explicit keys', '? a\n: 1\n? b\n'],
    ['flow collections', '- [a, b, [c, {d: e}]]\n- {a: [1, 2], b: {c: d}}\n- {a, b: 1}\n'],
    ['flow collections over lines', 'a: [\n  1, 2,\n  3]\nb: {x: 1,\n  y: 2}\n'],
    ['nodes on the line after their key', 'a:\n  [1, 2]\nb:\n  {x: 1}\nq: &q 1\nc:\n  *q\nd:\n  plain\n  scalar\n'],
    ['block scalars', 'a: |\n  line1\n  line2\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\nd: x\n'],
    ['quoted scalars', "a: 'single ''quoted'''\nb: \"double \\t \\u0041\"\nc: \"multi\n  line\"\nd: plain\n  multi line\n"],
    ['comments everywhere', 'a: 1 # c\n# c2\nb:\n  # c3\n  c: 2 # c4\nd: "#fff"\ne: x#y\n'],
    ['empty values', 'a:\nb: 2\nc:\n'],
    ['sequences at the key indentation', 'a:\n- b\n- c\nd: e\n'],
    ['compact nested sequences', '- - - x\n- a: 1\n  b:\n  - c\n  - d: 2\n    e: 3\n'],
    ['odd keys', '__proto__: {p: 1}\nconstructor: 1\n1: a\n"01": c\n1.5: d\ntrue: e\n'],
    ['CRLF line breaks', 'a: 1\r\nb:\r\n  c: 2\r\n'],
    ['a byte-order mark', '\ufeffa: 1\nb: 2\n'],
    ['a document start marker', '--- \na: 1\n'],
    ['a scalar document', '--- |\n  block doc\n'],
  ])('%s', (_name, text) => {
    expectSameAsYamlLibrary(text);
  });

  it('reads every document of a multi-document file', () => {
    expectSameAsYamlLibrary('kind: A\n---\nkind: B\n---\n# empty\n---\nkind: C\nspec: {port: 1}\n', { multi: true });
  });

  it('reads aliases up to the limit', () => {
    expectSameAsYamlLibrary('a: &a x\nb: [' + Array(99).fill('*a').join(', ') + ']\n');
    expectSameAsYamlLibrary('a: &a {k: x}\nb: [' + Array(20).fill('*a').join(', ') + ']\n', { maxAliasCount: 21 });
  });
});

describe('readCleanYaml declines what the yaml library has to report or reads its own way', () => {
  it.each([
    ['a duplicate key', 'a: 1\na: 2\n', {}],
    ['a second document', 'a: 1\n---\nb: 2\n', {}],
    ['a custom tag', 'a: !Ref x\n', {}],
    ['an explicit tag', 'a: !!str 1\n', {}],
    ['a syntax error', 'a: [1, 2\n', {}],
    ['tab indentation', 'a:\n\tb: 1\n', {}],
    ['a tab after a sequence dash', '-\t&b x\n', {}],
    ['a directive', '%YAML 1.1\n---\na: yes\n', {}],
    ['aliases past the limit', 'a: &a x\nb: [' + Array(100).fill('*a').join(', ') + ']\n', {}],
    ['an alias past a lower limit', 'a: &a {k: x}\nb: [*a, *a]\n', { maxAliasCount: 2 }],
    ['any alias when aliases are off', 'a: &a []\nb: *a\n', { maxAliasCount: 0 }],
    ['a circular alias', 'a: &a\n  - *a\n', {}],
    ['a merge of a node holding aliases', 'a: &a {x: 1}\nb: &b\n  <<: *a\nc:\n  <<: *b\n', {}],
    ['nesting past maxDepth', 'a:\n  b:\n    c: 1\n', { maxDepth: 2 }],
    ['nesting past maxDepth through aliases', 'a: &a [[1]]\nb: [[*a]]\n', { maxDepth: 3 }],
    ['10,000-deep nesting', '['.repeat(10_000) + ']'.repeat(10_000), {}],
    ['a null key', '~: 1\n', {}],
    ['a collection key', '? [a, b]\n: 1\n', {}],
    ['a bare dash item', '-\n- a\n', {}],
    ['a pair in a flow sequence', '[a: 1, b]\n', {}],
    ['a compact nested mapping', 'a: b: c\n', {}],
    ['a block collection after ---', '--- a: 1\n', {}],
    ['a glued comment', 'a: [1,#c\n 2]\n', {}],
    ['a glued anchor', 'a: &x{b: 1}\n', {}],
    ['an anchor ending in a colon', '&k: v\n', {}],
    ['a reused anchor name inside its node', 'ax: &x\n\n- ax: &x\nb: *x\n', {}],
    ['two anchors on one node', '&x\n&a x\n', {}],
    ['a flow line not indented past its block', 'a: [1,\n2]\n', {}],
    ['a block scalar indentation indicator', '--- >1\n fo lded\n', {}],
    ['a marker glued to text', '------\n x\n', {}],
    ['a lone CR line break', 'a: 1\rb: 2\r', {}],
    ['a plain value behind a comment line', 'a:\n#c\n  1\nb: 2\n', {}],
    ['a plain item behind a comment line', '-\n#c\n 1\n- 2\n', {}],
    ['a plain explicit key behind a comment line', '?\n#c\n a\n? b\n: 1\n', {}],
    ['a document end marker', 'a: 1\n...\n', {}],
    ['a marker followed by a tab', '...\t.\n', {}],
    ['an unindented comment in a top-level flow mapping', '{"a":1\n#c\n}\n', {}],
  ] as Array<[string, string, LoadYamlOptions]>)('%s', (_name, text, opts) => {
    expect(readCleanYaml(text, limitsOf(opts))).toBeNull();
  });
});
