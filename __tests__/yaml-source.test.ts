import { describe, expect, it } from 'vitest';
import { escapePointerSegment, loadYaml, parsePointer } from '../src/yaml-source.js';

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

describe('pointer helpers', () => {
  it('parses and escapes JSON pointers', () => {
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
    expect(parsePointer('a')).toBeNull();
    expect(escapePointerSegment('a/b~c')).toBe('a~1b~0c');
  });
});
