import { describe, expect, it } from 'vitest';
import { escapePointerSegment, loadYaml, loadYamlWithYamlLibrary, parsePointer } from '../src/yaml-source.js';

function single(text: string) {
  const result = loadYaml(text, {});
  expect(result.problems).toEqual([]);
  expect(result.docs).toHaveLength(1);
  return result.docs[0]!;
}

describe('loadYaml values', () => {
  it('reads a mapping into plain values', () => {
    const doc = single('a: 1\nb: [x, "y"]\nc:\n  d: true\n');
    expect(doc.value).toEqual({ a: 1, b: ['x', 'y'], c: { d: true } });
  });

  it('returns no documents and no problems for empty or comment-only text', () => {
    expect(loadYaml('', {})).toEqual({ docs: [], problems: [] });
    expect(loadYaml('# nothing here\n\n', {})).toEqual({ docs: [], problems: [] });
    expect(loadYaml('---\n', {})).toEqual({ docs: [], problems: [] });
  });

  it('ignores a trailing document separator', () => {
    const result = loadYaml('a: 1\n---\n', {});
    expect(result.problems).toEqual([]);
    expect(result.docs.map((d) => d.value)).toEqual([{ a: 1 }]);
  });

  it('expands merge keys the way Kubernetes and Envoy tooling do', () => {
    const doc = single('base: &base {port: 80, weight: 1}\nserver:\n  <<: *base\n  weight: 5\n');
    expect(doc.value).toEqual({ base: { port: 80, weight: 1 }, server: { port: 80, weight: 5 } });
  });

  it('keeps __proto__ as an ordinary key without touching Object.prototype', () => {
    const doc = single('__proto__: {polluted: 1}\nx: 1\n');
    expect(Object.keys(doc.value as object)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads every document when multi is set', () => {
    const result = loadYaml('kind: A\n---\nkind: B\n---\n# empty\n---\nkind: C\n', { multi: true });
    expect(result.problems).toEqual([]);
    expect(result.docs.map((d) => d.value)).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
  });
});

describe('loadYaml problems', () => {
  it('reports a duplicate key at the second occurrence and names the first line', () => {
    const result = loadYaml('a: 1\nb: 2\na: 3\n', {});
    expect(result.problems).toEqual([
      {
        line: 3,
        column: 1,
        message:
          'duplicate key "a" (first at line 1); YAML keeps only the last one, so the earlier setting is silently lost',
      },
    ]);
    expect(result.docs[0]!.value).toEqual({ a: 3, b: 2 });
  });

  it('treats 1 and "1" as the same key, as the resulting object does', () => {
    const result = loadYaml('outer:\n  1: a\n  "1": b\n', {});
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 3, column: 3 });
  });

  it('reports duplicate keys inside flow mappings and sequences of mappings', () => {
    const result = loadYaml('list:\n  - {name: a, name: b}\n', {});
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([[2, 15]]);
  });

  it('reports tabs used for indentation', () => {
    const result = loadYaml('a:\n\tb: 1\n', {});
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(result.problems[0]!.message).toContain('a tab is used for indentation; YAML only allows spaces there');
  });

  it('refuses a second document in single-document mode, at the separator line', () => {
    const result = loadYaml('a: 1\n# trailing comment\n---\nb: 2\n', {});
    expect(result.problems).toEqual([
      {
        line: 3,
        column: 1,
        message:
          'a second YAML document starts here; this file must hold exactly one (remove the `---` separator or the extra document)',
      },
    ]);
    expect(result.docs.map((d) => d.value)).toEqual([{ a: 1 }]);
  });

  it('refuses a billion-laughs alias bomb quickly, at the first alias', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
    }
    const result = loadYaml(lines.join('\n') + '\n', {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 8,
        message:
          'aliases expand to more than 100 copies of anchored nodes; refusing to expand them (this is how "billion laughs" alias bombs work)',
      },
    ]);
  });

  it('lets maxAliasCount allow more alias uses', () => {
    const text = 'a: &a x\nb: [' + Array(150).fill('*a').join(', ') + ']\n';
    expect(loadYaml(text, {}).problems).toHaveLength(1);
    const relaxed = loadYaml(text, { maxAliasCount: 1000 });
    expect(relaxed.problems).toEqual([]);
    expect((relaxed.docs[0]!.value as { b: string[] }).b).toHaveLength(150);
  });

  it('refuses an alias that points at its own container (circular data)', () => {
    const result = loadYaml('a: &a\n  - *a\n', {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 5,
        message: 'alias *a points at a node that contains it, making the data circular; lb-gate cannot read it',
      },
    ]);
  });

  it('refuses 10,000-deep flow nesting without recursing into it', () => {
    const result = loadYaml('['.repeat(10_000) + ']'.repeat(10_000), {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 1,
        column: 101,
        message: 'nesting is deeper than 100 levels; the file was not read (no load-balancer config nests this deep)',
      },
    ]);
  });

  it('refuses 10,000-deep block nesting', () => {
    // Compact nested sequences (`- - - x`) nest a level per two characters.
    const result = loadYaml('- '.repeat(10_000) + 'x\n', {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 1, column: 201 });
  });

  it('refuses deep block mappings at the first line too deep', () => {
    const text = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    const result = loadYaml(text, {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 101, column: 101 });
  });

  it('reads nesting up to the limit', () => {
    const depth = 100;
    const doc = single('['.repeat(depth) + '1' + ']'.repeat(depth));
    let value: unknown = doc.value;
    let levels = 0;
    while (Array.isArray(value)) {
      value = value[0];
      levels++;
    }
    expect(levels).toBe(100);
    expect(value).toBe(1);
  });

  it('refuses nesting built up through aliases', () => {
    const lines = ['a0: &a0 [x]'];
    for (let i = 1; i <= 60; i++) lines.push(`a${i}: &a${i} [[*a${i - 1}]]`);
    const result = loadYaml(lines.join('\n') + '\n', { maxAliasCount: -1 });
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([
      { line: 2, column: 11, message: 'aliases expand the document deeper than 100 levels; the file was not read' },
    ]);
  });

  it('refuses binary content at the first NUL byte', () => {
    const result = loadYaml('a: 1\nb: x\u0000y\n', {});
    expect(result).toEqual({
      docs: [],
      problems: [{ line: 2, column: 5, message: 'file contains a NUL byte: it looks binary, not YAML, and was not read' }],
    });
  });

  it('refuses other control characters YAML does not allow', () => {
    const result = loadYaml('a: 1\n\u0001\n', {});
    expect(result.problems).toEqual([
      {
        line: 2,
        column: 1,
        message: 'file contains control character U+0001, which YAML does not allow; the file was not read',
      },
    ]);
  });

  it('refuses a 50 MB file without parsing it', () => {
    const line = 'key: value\n';
    const text = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    const result = loadYaml(text, {});
    expect(result.docs).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 1,
        column: 1,
        message: 'file is 50 MB, over the 10 MB lb-gate reads as YAML; it was not checked — split it into smaller files',
      },
    ]);
  });

  it('honours a smaller maxBytes', () => {
    const result = loadYaml('a: 1\n'.repeat(1000), { maxBytes: 1024 });
    expect(result.problems[0]!.message).toBe(
      'file is 5 KB, over the 1 KB lb-gate reads as YAML; it was not checked — split it into smaller files',
    );
  });

  it('reports syntax errors with a line and column', () => {
    const result = loadYaml('a: 1\nb: [1, 2\nc: 3\n', {});
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.line).toBeGreaterThanOrEqual(2);
      expect(p.column).toBeGreaterThanOrEqual(1);
      expect(p.message).toMatch(/^YAML syntax error: /);
    }
  });

  it('reports tags it cannot resolve instead of silently reading them as text', () => {
    const result = loadYaml('a: !Ref other\n', {});
    expect(result.problems).toEqual([
      {
        line: 1,
        column: 4,
        message:
          'YAML problem: a custom tag lb-gate does not know; it reads the value as plain text, which may not be what the consuming tool sees (Unresolved tag: !Ref)',
      },
    ]);
  });

  it('reports a list used as a key', () => {
    const result = loadYaml('? [a, b]\n: 1\n', {});
    expect(result.problems).toEqual([
      { line: 1, column: 3, message: 'a list or mapping is used as a key; lb-gate only reads plain keys' },
    ]);
  });
});

describe('pointerLine', () => {
  const text = [
    'rules:', // 1
    '  traffic-concentration:', // 2
    '    severity: error', // 3
    '    max-member-share: 0.5', // 4
    'list:', // 5
    '  - name: a', // 6
    '    port: 80', // 7
    '  - { name: b, port: 81 }', // 8
    '"we/ird": { "ti~lde": 1 }', // 9
    'empty:', // 10
    'anchored: &srv { port: 9000 }', // 11
    'alias: *srv', // 12
    'merged:', // 13
    '  <<: *srv', // 14
    '  weight: 2', // 15
    '',
  ].join('\n');
  const doc = single(text);

  it('maps nested mapping keys to the value node', () => {
    expect(doc.pointerLine('/rules/traffic-concentration/max-member-share')).toEqual({ line: 4, column: 23 });
    expect(doc.pointerLine('/rules/traffic-concentration/severity')).toEqual({ line: 3, column: 15 });
  });

  it('maps a block collection to where it starts, or to its key on request', () => {
    expect(doc.pointerLine('/rules/traffic-concentration')).toEqual({ line: 3, column: 5 });
    expect(doc.pointerLine('/rules/traffic-concentration', 'key')).toEqual({ line: 2, column: 3 });
  });

  it('maps sequence indexes in block and flow style', () => {
    expect(doc.pointerLine('/list/0/port')).toEqual({ line: 7, column: 11 });
    expect(doc.pointerLine('/list/1')).toEqual({ line: 8, column: 5 });
    expect(doc.pointerLine('/list/1/port')).toEqual({ line: 8, column: 22 });
    expect(doc.pointerLine('/list/1/port', 'key')).toEqual({ line: 8, column: 16 });
  });

  it('unescapes ~1 and ~0', () => {
    expect(doc.pointerLine('/we~1ird/ti~0lde')).toEqual({ line: 9, column: 23 });
    expect(doc.pointerLine('/we~1ird/ti~0lde', 'key')).toEqual({ line: 9, column: 13 });
  });

  it('maps an empty value to its key', () => {
    expect(doc.pointerLine('/empty')).toEqual({ line: 10, column: 1 });
  });

  it('maps a missing node to its nearest existing parent', () => {
    expect(doc.pointerLine('/rules/traffic-concentration/nope')).toEqual({ line: 3, column: 5 });
    expect(doc.pointerLine('/list/7/port')).toEqual({ line: 6, column: 3 });
    expect(doc.pointerLine('/list/x')).toEqual({ line: 6, column: 3 });
    expect(doc.pointerLine('/nope/deeper')).toEqual({ line: 1, column: 1 });
  });

  it('follows aliases and merge keys to where the data is written', () => {
    expect(doc.pointerLine('/alias/port')).toEqual({ line: 11, column: 24 });
    expect(doc.pointerLine('/merged/port')).toEqual({ line: 11, column: 24 });
    expect(doc.pointerLine('/merged/weight')).toEqual({ line: 15, column: 11 });
  });

  it('maps the root pointer to the document start and rejects non-pointers', () => {
    expect(doc.pointerLine('')).toEqual({ line: 1, column: 1 });
    expect(doc.pointerLine('rules')).toBeNull();
  });

  it('maps lines across documents of a multi-document file', () => {
    const result = loadYaml('kind: A\n---\nkind: B\nspec:\n  port: 1\n', { multi: true });
    expect(result.docs[1]!.pointerLine('/spec/port')).toEqual({ line: 5, column: 9 });
    expect(result.docs[0]!.pointerLine('/kind')).toEqual({ line: 1, column: 7 });
  });

  it('answers repeated lookups in a large mapping consistently', () => {
    const big = Array.from({ length: 5000 }, (_, i) => `key${i}: ${i}`).join('\n') + '\n';
    const bigDoc = single(big);
    for (const i of [0, 2500, 4999]) expect(bigDoc.pointerLine(`/key${i}`)).toEqual({ line: i + 1, column: String(i).length + 6 });
  });
});

describe('loadYaml YAML 1.2 scalars', () => {
  it('reads plain scalars by the YAML 1.2 core schema, not YAML 1.1', () => {
    const doc = single(
      [
        'a: on', 'b: off', 'c: yes', 'd: no', 'e: 0o17', 'f: 017', 'g: 0x1F', 'h: -0o17', 'i: 0b11',
        'j: 2001-12-14', 'k: -.5', 'l: .inf', 'm: 1e3', 'n: ~', 'o: True', 'p: "12"', 'q: 1_000',
      ].join('\n') + '\n',
    );
    expect(doc.value).toEqual({
      a: 'on', b: 'off', c: 'yes', d: 'no', e: 15, f: 17, g: 31, h: '-0o17', i: '0b11',
      j: '2001-12-14', k: -0.5, l: Infinity, m: 1000, n: null, o: true, p: '12', q: '1_000',
    });
  });

  it('reads explicit core tags', () => {
    expect(single('a: !!str 123\nb: !!int "12"\n').value).toEqual({ a: '123', b: 12 });
  });
});

describe('loadYaml aliases', () => {
  it('shares the anchored value instead of copying it', () => {
    const value = single('base: &b {port: 80}\nx: *b\ny: [*b]\n').value as Record<string, unknown>;
    expect(value.x).toEqual({ port: 80 });
    expect(value.x).toBe(value.base);
    expect((value.y as unknown[])[0]).toBe(value.base);
  });

  it('counts each alias use, the anchor itself counting as one', () => {
    const uses = (n: number) => 'a: &a x\nb: [' + Array(n).fill('*a').join(', ') + ']\n';
    expect(loadYaml(uses(99), {}).problems).toEqual([]);
    expect(loadYaml(uses(100), {}).problems).toEqual([
      {
        line: 2,
        column: 5,
        message:
          'aliases expand to more than 100 copies of anchored nodes; refusing to expand them (this is how "billion laughs" alias bombs work)',
      },
    ]);
  });

  it('counts what a shared reference stands for: an alias to aliases weighs their uses', () => {
    // *b stands for 3 uses of a (the anchor and the two inside b): 32 uses of b are 33 × 3 = 99,
    // 33 uses are 102, past the limit of 100.
    const uses = (n: number) => 'a: &a [x]\nb: &b [*a, *a]\nc: [' + Array(n).fill('*b').join(', ') + ']\n';
    expect(loadYaml(uses(32), {}).problems).toEqual([]);
    expect(loadYaml(uses(33), {}).problems.map((p) => [p.line, p.column])).toEqual([[2, 8]]);
  });

  it('refuses a bomb of shared mappings that js-style sharing would make cheap to build', () => {
    const text = [
      'a: &a {k0: x, k1: x}',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      '',
    ].join('\n');
    const refused = loadYaml(text, {});
    expect(refused.docs).toEqual([]);
    expect(refused.problems.map((p) => [p.line, p.column])).toEqual([[2, 8]]);
    const relaxed = loadYaml(text, { maxAliasCount: 1000 });
    expect(relaxed.problems).toEqual([]);
    const value = relaxed.docs[0]!.value as { a: object; b: object[]; c: object[] };
    expect(value.c).toHaveLength(10);
    expect(value.c[9]).toBe(value.b);
    expect(value.b[0]).toBe(value.a);
  });

  it('refuses any alias when maxAliasCount is 0', () => {
    const result = loadYaml('a: &a []\nb: *a\n', { maxAliasCount: 0 });
    expect(result.docs).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });
});

describe('loadYaml nesting limits', () => {
  const blockMappings = (depth: number) =>
    Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';

  it('reads a block mapping nested exactly as deep as the limit', () => {
    let value = single(blockMappings(100)).value;
    let levels = 0;
    while (value !== null && typeof value === 'object') {
      value = (value as { k: unknown }).k;
      levels++;
    }
    expect(levels).toBe(100);
    expect(value).toBe(1);
  });

  it('refuses one level more, at the mapping that is too deep', () => {
    const result = loadYaml(blockMappings(101), {});
    expect(result.docs).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([[101, 101]]);
  });

  it('honours a smaller maxDepth', () => {
    expect(loadYaml('a:\n  b:\n    c: 1\n', { maxDepth: 3 }).problems).toEqual([]);
    expect(loadYaml('a:\n  b:\n    c: 1\n', { maxDepth: 2 }).problems).toEqual([
      {
        line: 3,
        column: 5,
        message: 'nesting is deeper than 2 levels; the file was not read (no load-balancer config nests this deep)',
      },
    ]);
  });

  it('refuses deep nesting in a later document of a multi-document file', () => {
    const result = loadYaml('kind: A\n---\n' + '['.repeat(5000) + ']'.repeat(5000) + '\n', { multi: true });
    expect(result.docs).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([[3, 101]]);
  });
});

describe('pointerLine keys and values', () => {
  it('maps an anchored value past its anchor, an alias to itself and its insides to the anchor', () => {
    const doc = single('a: &x {port: 1}\nb: *x\nc: &y 5\n');
    expect(doc.pointerLine('/a')).toEqual({ line: 1, column: 7 });
    expect(doc.pointerLine('/a', 'key')).toEqual({ line: 1, column: 1 });
    expect(doc.pointerLine('/b')).toEqual({ line: 2, column: 4 });
    expect(doc.pointerLine('/b/port')).toEqual({ line: 1, column: 14 });
    expect(doc.pointerLine('/b/port', 'key')).toEqual({ line: 1, column: 8 });
    expect(doc.pointerLine('/c')).toEqual({ line: 3, column: 7 });
  });

  it('maps quoted keys, block scalars and a collection on the line after its key', () => {
    const doc = single('"k": |\n  text\nlist:\n  [1, 2]\nanchored: &e\nnext: 1\n');
    expect(doc.pointerLine('/k')).toEqual({ line: 1, column: 6 });
    expect(doc.pointerLine('/k', 'key')).toEqual({ line: 1, column: 1 });
    expect(doc.pointerLine('/list')).toEqual({ line: 4, column: 3 });
    expect(doc.pointerLine('/list/1')).toEqual({ line: 4, column: 7 });
    expect(doc.pointerLine('/anchored')).toEqual({ line: 5, column: 1 });
  });

  it('counts lines across CRLF line breaks and columns after a byte-order mark', () => {
    expect(single('a: 1\r\nb:\r\n  c: 2\r\n').pointerLine('/b/c')).toEqual({ line: 3, column: 6 });
    expect(single('\ufeffa: 1\nb: 2\n').pointerLine('/a')).toEqual({ line: 1, column: 5 });
    expect(single('\ufeffa: 1\nb: 2\n').pointerLine('/b')).toEqual({ line: 2, column: 4 });
  });

  it('follows merge keys: own keys first, then the sources in order, to where each value is written', () => {
    const doc = single(
      ['a: &a {x: 1, y: 1}', 'b: &b {y: 2, z: 2}', 'c:', '  <<: [*a, *b]', '  x: 3', ''].join('\n'),
    );
    expect((doc.value as { c: unknown }).c).toEqual({ x: 3, y: 1, z: 2 });
    expect(doc.pointerLine('/c/x')).toEqual({ line: 5, column: 6 });
    expect(doc.pointerLine('/c/y')).toEqual({ line: 1, column: 17 });
    expect(doc.pointerLine('/c/y', 'key')).toEqual({ line: 1, column: 14 });
    expect(doc.pointerLine('/c/z')).toEqual({ line: 2, column: 17 });
    expect(doc.pointerLine('/c/nope')).toEqual({ line: 4, column: 3 });
  });

  it('follows a merge of a mapping that itself merges another', () => {
    const doc = single(['a: &a {x: 1}', 'b: &b', '  <<: *a', '  y: 2', 'c:', '  <<: *b', ''].join('\n'));
    expect((doc.value as { c: unknown }).c).toEqual({ x: 1, y: 2 });
    expect(doc.pointerLine('/c/x')).toEqual({ line: 1, column: 11 });
    expect(doc.pointerLine('/c/y')).toEqual({ line: 4, column: 6 });
  });
});

describe('loadYaml problems that lenient parsers let through', () => {
  it.each([
    ['a: b: c\n', 1, 4, 'Nested mappings are not allowed in compact mappings'],
    ['--- a: 1\n', 1, 5, 'Block collection cannot start on same line with directives-end marker'],
    ['a: [1,#c\n 2]\n', 1, 7, 'Comments must be separated from other tokens by white space characters'],
    ['a: &x{b: 1}\n', 1, 6, 'Tags and anchors must be separated from the next token by white space'],
    ['a: [1,\n2]\n', 2, 1, 'Flow sequence in block collection must be sufficiently indented'],
  ])('reports %j', (text, line, column, message) => {
    const result = loadYaml(text, {});
    expect(result.problems[0]).toMatchObject({ line, column });
    expect(result.problems[0]!.message).toContain(message);
  });
});

describe('pointer helpers', () => {
  it('parses and escapes JSON pointers', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
    expect(parsePointer('a')).toBeNull();
    expect(escapePointerSegment('a/b~c')).toBe('a~1b~0c');
  });
});

describe('long lines', () => {
  it('reads a compact one-line JSON document like the yaml library does, with positions', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ name: `c${i}`, port: 8000 + i }));
    const text = JSON.stringify({ clusters: items });
    const fast = loadYaml(text);
    const reference = loadYamlWithYamlLibrary(text);
    expect(fast.problems).toEqual([]);
    expect(fast.docs[0].value).toEqual(reference.docs[0].value);
    expect(fast.docs[0].pointerLine('/clusters/1999/port')).toEqual(reference.docs[0].pointerLine('/clusters/1999/port'));
  });
});

describe('JSON files', () => {
  const bigJson = (bytes: number) => {
    const items: string[] = [];
    let size = 20;
    for (let i = 0; size < bytes; i++) {
      const item = `  {"name": "svc_${i}", "endpoints": [{"address": "10.0.${i & 255}.1", "port": 8080}]}`;
      items.push(item);
      size += item.length + 2;
    }
    return `{"clusters": [\n${items.join(',\n')}\n]}\n`;
  };

  it('reads indented JSON larger than the YAML size limit, with positions', () => {
    const text = bigJson(12 * 1024 * 1024);
    const loaded = loadYaml(text);
    expect(loaded.problems).toEqual([]);
    const clusters = (loaded.docs[0]!.value as { clusters: unknown[] }).clusters;
    expect(clusters.length).toBeGreaterThan(100_000);
    const line1002 = text.split('\n')[1001]!;
    expect(line1002).toContain('"svc_1000"');
    expect(loaded.docs[0]!.pointerLine('/clusters/1000/endpoints/0/port')).toEqual({ line: 1002, column: line1002.indexOf('8080') + 1 });
  });

  it('refuses a large file that starts like JSON but is not, naming where JSON.parse stopped', () => {
    const text = bigJson(12 * 1024 * 1024).replace('"svc_5"', "'svc_5'");
    const loaded = loadYaml(text);
    expect(loaded.docs).toEqual([]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]!.message).toMatch(/^file is 12 MB and not valid JSON; .*not checked \(.*(JSON|token)/);
    expect(loaded.problems[0]!.line).toBe(1);
  });

  it('reports duplicate keys of compact JSON at the duplicate, as the YAML path does', () => {
    const text = '{"clusters":[{"name":"a","lb_policy":"ROUND_ROBIN","name":"b"}]}';
    const loaded = loadYaml(text);
    expect(loaded.problems).toEqual([expect.objectContaining({ line: 1, column: 52, message: expect.stringContaining('duplicate key "name"') })]);
    expect(loaded.docs[0]!.value).toEqual({ clusters: [{ name: 'b', lb_policy: 'ROUND_ROBIN' }] });
  });

  it('refuses control characters in JSON strings as it does in YAML', () => {
    const loaded = loadYaml('{\n  "name": "a\u007fb"\n}\n'.replace('\\u007f', '\x7f'));
    expect(loaded.docs).toEqual([]);
    expect(loaded.problems).toEqual([expect.objectContaining({ line: 2, column: 13, message: expect.stringContaining('U+007F') })]);
  });

  it('leaves YAML flow mappings that are not JSON to the YAML readers', () => {
    const loaded = loadYaml('{a: 1, b: [x, y]}\n');
    expect(loaded.problems).toEqual([]);
    expect(loaded.docs[0]!.value).toEqual({ a: 1, b: ['x', 'y'] });
  });
});

describe('files with very many problems', () => {
  it('lists the first problems and counts the rest, in YAML and in JSON', () => {
    const yaml = Array.from({ length: 20_000 }, (_, i) => `k: ${i}`).join('\n') + '\n';
    const json = `{${Array.from({ length: 20_000 }, (_, i) => `"k": ${i}`).join(',\n')}}`;
    for (const text of [yaml, json]) {
      const loaded = loadYaml(text);
      expect(loaded.problems).toHaveLength(101);
      expect(loaded.problems[0]!.message).toContain('duplicate key "k"');
      expect(loaded.problems[100]!.message).toBe('19899 more problems after this one are not listed');
    }
  });
});
