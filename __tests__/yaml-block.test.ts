// The block-YAML reader is held to the yaml-library reader: on every file it vouches for, the same
// values and positions for every pointer; it declines (null) what it does not read exactly — and
// must then leave it to the next reader, never guess. Mutated real configs probe the boundary.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBlockYaml, type BlockYamlLimits } from '../src/yaml-block.js';
import type { LoadYamlOptions } from '../src/yaml-source.js';
import { disagreements, realYamlConfigs, seededRandom } from './helpers/yaml-agreement.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

function limitsOf(opts: LoadYamlOptions): BlockYamlLimits {
  return { multi: opts.multi ?? false, maxDepth: opts.maxDepth ?? 100 };
}

/** Null, or docs that agree with the yaml library: the reader may decline, never differ. */
function agreesOrDeclines(text: string, opts: LoadYamlOptions = {}): boolean {
  const fast = readBlockYaml(text, limitsOf(opts));
  if (fast === null) return false;
  expect(fast.problemCount).toBe(fast.problems.length);
  expect(disagreements(text, opts, fast.docs, 5, fast.problems), JSON.stringify(text.slice(0, 400))).toEqual([]);
  return true;
}

function expectRead(text: string, opts: LoadYamlOptions = {}): void {
  expect(agreesOrDeclines(text, opts)).toBe(true);
}

const files = realYamlConfigs();
const isMulti = (file: string, text: string) => /gateway-api|ingress/.test(file) || (text.match(/^---/gm) ?? []).length > 1;

describe('readBlockYaml on real configs', () => {
  it.each(files.map((f) => [path.relative(repoRoot, f), f]))('agrees with the yaml library or declines: %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    agreesOrDeclines(text, { multi: isMulti(file, text) });
  });

  it('reads most of them itself', () => {
    const read = files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return readBlockYaml(text, limitsOf({ multi: isMulti(file, text) })) !== null;
    });
    expect(read.length / files.length).toBeGreaterThan(0.6);
  });

  it('reads a generated Envoy config with flow mappings, quoted keys and comments', () => {
    const lines = ['# generated', 'static_resources:', '  clusters:'];
    for (let c = 0; c < 40; c++) {
      lines.push(`  - name: c${c}  # cluster ${c}`, '    "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster', '    lb_policy: ROUND_ROBIN', '    load_assignment:', '      endpoints:', '      - lb_endpoints:');
      for (let e = 0; e < 3; e++) {
        lines.push('        - endpoint:', `            address: { socket_address: { address: 10.0.${c}.${e}, port_value: 80 } }`, `          load_balancing_weight: ${e + 1}`);
      }
    }
    expectRead(lines.join('\n') + '\n');
  });
});

describe('readBlockYaml reads the usual block style exactly', () => {
  it.each([
    ['scalars of every core type', 'a: 1\nb: -2.5\nc: true\nd: null\ne: ~\nf: 0x1F\ng: 0o17\nh: .inf\ni: -.Inf\nj: .nan\nk: 1e3\nl: plain text\nm: 012\nn: +7\no: "12"\n'],
    ['quoted scalars', "a: 'single ''quoted'''\nb: \"double \\t \\u0041 \\x41 \\\" \\\\ \\/\"\nc: ''\nd: \"\"\n\"quoted key\": 1\n'single key': 2\n"],
    ['comments everywhere', '# head\na: 1 # c\n# c2\nb:\n  # c3\n  c: 2 # c4\nd: "#fff"\ne: x#y\nf: [1, 2] # c5\n'],
    ['empty values', 'a:\nb: 2\nc:\n'],
    ['sequences at the key indentation', 'a:\n- b\n- c\nd: e\n'],
    ['indented sequences', 'a:\n  - b\n  -   c\nd:\n    - e: 1\n      f: 2\n'],
    ['compact nested collections', '- - - x\n  - y\n- a: 1\n  b:\n  - c\n  - d: 2\n    e: 3\n'],
    ['an item whose value starts on the next line', '-\n  a: 1\n  b: 2\n- # note\n  - x\n'],
    ['flow collections', 'a: [a, b, [c, {d: e}]]\nb: {a: [1, 2], "b": {c: d}, \'e\': "f"}\nc: []\nd: {}\ne: [ ]\nf: {"k":"v"}\n'],
    ['plain scalars with indicators inside', 'a: http://x:80/p?q=1&r=2\nb: a,b[c]{d}\nc: -foo\nd: x: y\n'.replace('d: x: y\n', 'd: 10.0.0.1:8080\n')],
    ['keys with odd characters', 'a.b/c-d_e: 1\n"@type": t\nkey with spaces: 2\nx  : 3\n'],
    ['CRLF line breaks', 'a: 1\r\nb:\r\n  c: 2\r\n  d: [1, 2]\r\n'],
    ['a byte-order mark', '\ufeffa: 1\nb:\n  c: 2\n'],
    ['a document start marker', '--- \na: 1\n'],
    ['a marker with a comment', '--- # first\na: 1\n'],
    ['a top-level sequence', '- a\n- b: 1\n'],
    ['trailing spaces and blank lines', 'a: 1   \n\n\nb:   \n  c: x y   \n\n'],
    ['plain scalars with inner spaces and hashes', 'a: one two  three\nb: c#d e\n'],
    ['duplicate keys, reported where the yaml library reports them', 'a: 1\nb:\n  c: 1\n  c: {x: 1}\na: 2\nd: {e: 1, f: 2, e: 3}\na:\n  - z\n'],
    ['duplicates in a large mapping', Array.from({ length: 30 }, (_, i) => `k${i % 12}: ${i}`).join('\n') + '\n'],
  ])('%s', (_name, text) => {
    expectRead(text);
  });

  it('reads every document of a multi-document file', () => {
    expectRead('kind: A\n---\nkind: B\n---\n# empty\n---\nkind: C\nspec: {port: 1}\n', { multi: true });
  });
});

describe('readBlockYaml declines what it does not read itself', () => {
  it.each([
    ['a second document', 'a: 1\n---\nb: 2\n', {}],
    ['anchors and aliases', 'a: &x 1\nb: *x\n', {}],
    ['a tag', 'a: !Ref x\n', {}],
    ['a block scalar', 'a: |\n  text\n', {}],
    ['a multi-line plain scalar', 'a: some\n  text\n', {}],
    ['a multi-line quoted scalar', 'a: "some\n  text"\n', {}],
    ['a flow collection over lines', 'a: [1,\n  2]\n', {}],
    ['a syntax error', 'a: [1, 2\n', {}],
    ['a tab', 'a:\n\tb: 1\n', {}],
    ['a directive', '%YAML 1.2\n---\na: 1\n', {}],
    ['a document end marker', 'a: 1\n...\n', {}],
    ['nesting past maxDepth', 'a:\n  b:\n    c: 1\n', { maxDepth: 2 }],
    ['flow nesting past maxDepth', 'a: [[[1]]]\n', { maxDepth: 3 }],
    ['10,000-deep nesting', '['.repeat(10_000) + ']'.repeat(10_000), {}],
    ['a null key', '~: 1\n', {}],
    ['a number key', '1: a\n', {}],
    ['a boolean key', 'true: a\n', {}],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n', {}],
    ['a __proto__ key', '__proto__: {p: 1}\n', {}],
    ['an explicit key', '? a\n: 1\n', {}],
    ['a bare dash item', '-\n- a\n', {}],
    ['a pair in a flow sequence', '[a: 1, b]\n', {}],
    ['a compact nested mapping', 'a: b: c\n', {}],
    ['a block collection after ---', '--- a: 1\n', {}],
    ['a dash after a key', 'a: - b\n', {}],
    ['a scalar document', 'hello\n', {}],
    ['an indented root', '  a: 1\n', {}],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n', {}],
    ['a sequence then a key at the root', '- a\nb: 1\n', {}],
    ['a trailing comma', 'a: [1, 2, ]\n', {}],
    ['a key without a value in a flow mapping', 'a: {b}\n', {}],
    ['text after a quoted scalar', 'a: "x" y\n', {}],
    ['a glued comment after a quoted scalar', 'a: "x"#y\n', {}],
    ['a lone CR line break', 'a: 1\rb: 2\r', {}],
    ['an unknown escape', 'a: "\\q"\n', {}],
    ['a control character in a value', 'a: b\x01c\n', {}],
    ['a control character in a comment', 'a: b # c\x7f\n', {}],
    ['a control character in a comment line', '# \x00\na: 1\n', {}],
    ['a control character after a pending key', 'a: # \x02\n  b: 1\n', {}],
    ['a control character in a quoted scalar', 'a: "x\x1by"\n', {}],
    ['an escaped control character', 'a: "x\\\x01"\n', {}],
    ['a control character in a key', 'a\x01b: 1\n', {}],
    ['a control character starting a value', 'a: \x7f\n', {}],
    ['a control character in a flow collection', 'a: [x\x05]\n', {}],
  ] as Array<[string, string, LoadYamlOptions]>)('%s', (_name, text, opts) => {
    expect(readBlockYaml(text, limitsOf(opts))).toBeNull();
  });
});

// Mutations that hit the reader's boundaries: indentation, indicators, quotes, separators.
const MUTATION_CHARS = [' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '\n', '---\n', '~', '&a ', '*a', '!', '|', '>', '?', '\\', '0', 'x', '\x01', '\x7f', '\x00', '\\\x01'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const r = random();
    if (r < 0.15) {
      // A line copied elsewhere: duplicate keys, repeated items.
      const lines = out.split('\n');
      lines.splice(Math.floor(random() * lines.length), 0, lines[Math.floor(random() * lines.length)]!);
      out = lines.join('\n');
    } else if (r < 0.45) {
      out = out.slice(0, at) + MUTATION_CHARS[Math.floor(random() * MUTATION_CHARS.length)] + out.slice(at);
    } else if (r < 0.8) {
      out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 3));
    } else {
      const lines = out.split('\n');
      const l = Math.floor(random() * lines.length);
      lines[l] = random() < 0.5 ? ` ${lines[l]}` : lines[l]!.replace(/^ /, '');
      out = lines.join('\n');
    }
  }
  return out;
}

describe('readBlockYaml on mutated configs', () => {
  const seeds = files.map((f) => readFileSync(f, 'utf8')).filter((t) => t.length < 6000 && readBlockYaml(t, limitsOf({ multi: true })) !== null);

  it('never disagrees with the yaml library', () => {
    expect(seeds.length).toBeGreaterThan(5);
    const random = seededRandom(20261123);
    let read = 0;
    let withProblems = 0;
    for (let i = 0; i < 1500; i++) {
      const text = mutate(seeds[i % seeds.length]!, random);
      const multi = random() < 0.5;
      const fast = readBlockYaml(text, limitsOf({ multi }));
      if (fast === null) continue;
      read++;
      if (fast.problems.length > 0) withProblems++;
      const problems = disagreements(text, { multi }, fast.docs, 1, fast.problems);
      expect(problems, JSON.stringify(text)).toEqual([]);
    }
    expect(read).toBeGreaterThan(100); // the mutants are not all declined
    expect(withProblems).toBeGreaterThan(5); // some have duplicate keys, reported by the reader
  });
});
