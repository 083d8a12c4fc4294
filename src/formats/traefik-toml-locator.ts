// Where things are written in a TOML file, for line-accurate findings on Traefik TOML configs.
//
// smol-toml returns plain values without positions, so this module does one linear pass over the
// source (already known to be valid TOML: smol-toml parsed it) and records, for every table
// header (`[a.b]`, `[[a.b]]`), key (`x = …`, dotted and quoted keys too) and array element, the
// JSON pointer of the node it defines and the line/column where it starts. Arrays of tables are
// numbered in order of appearance, like the parser does. A pointer that was never recorded (an
// implicit table, say) maps to its nearest recorded parent, and finally to line 1.

import { parsePointer } from '../yaml-source.js';
import { lineStartsOf, positionAt } from '../line-index.js';

export interface TomlPosition {
  line: number;
  column: number;
}

export function tomlLocator(text: string): (pointer: string) => TomlPosition | null {
  const index = buildIndex(text);
  return (pointer) => {
    const segments = parsePointer(pointer);
    if (segments === null) return null;
    for (let n = segments.length; n >= 0; n--) {
      const hit = index.get(keyOf(segments.slice(0, n)));
      if (hit) return hit;
    }
    return { line: 1, column: 1 };
  };
}

function isBareKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

// Segments joined by a character no TOML key can hold unescaped inside a map key here.
function keyOf(segments: string[]): string {
  return segments.join('\u0000');
}

function buildIndex(text: string): Map<string, TomlPosition> {
  const lineStarts = lineStartsOf(text);
  const positionOf = (offset: number): TomlPosition => positionAt(lineStarts, offset);

  const index = new Map<string, TomlPosition>();
  const record = (path: string[], offset: number): void => {
    // Every prefix too: implicit parent tables start where their first child is written.
    let key = '';
    for (let n = 0; n < path.length; n++) {
      key = n === 0 ? path[0]! : `${key}\u0000${path[n]}`;
      if (!index.has(key)) index.set(key, positionOf(offset));
    }
  };
  // Pointer of an array of tables → index of its last element so far.
  const tableArrays = new Map<string, number>();
  const resolveTable = (keys: string[]): string[] => {
    const out: string[] = [];
    let key = '';
    for (const k of keys) {
      out.push(k);
      key = out.length === 1 ? k : `${key}\u0000${k}`;
      const last = tableArrays.get(key);
      if (last !== undefined) {
        out.push(String(last));
        key = `${key}\u0000${last}`;
      }
    }
    return out;
  };

  const n = text.length;
  let i = 0;

  const skipSpace = (newlines: boolean): void => {
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) i++;
      else if (c === '#') {
        const end = text.indexOf('\n', i);
        i = end === -1 ? n : end;
      } else break;
    }
  };

  const readBasicString = (): string => {
    const start = i;
    i++;
    while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const readLiteralString = (): string => {
    const start = ++i;
    while (i < n && text[i] !== "'" && text[i] !== '\n') i++;
    return text.slice(start, i++);
  };
  const readKey = (): string[] => {
    const keys: string[] = [];
    for (;;) {
      skipSpace(false);
      const c = text[i];
      if (c === '"') keys.push(readBasicString());
      else if (c === "'") keys.push(readLiteralString());
      else {
        const start = i;
        while (i < n && isBareKeyChar(text.charCodeAt(i))) i++;
        if (i === start) break;
        keys.push(text.slice(start, i));
      }
      skipSpace(false);
      if (text[i] !== '.') break;
      i++;
    }
    return keys;
  };
  const skipMultiline = (quote: string): void => {
    const fence = quote.repeat(3);
    i += 3;
    for (;;) {
      const end = text.indexOf(fence, i);
      if (end === -1) {
        i = n;
        return;
      }
      let slashes = 0;
      for (let k = end - 1; quote === '"' && k >= i && text[k] === '\\'; k--) slashes++;
      i = end + 3;
      if (slashes % 2 === 0) break;
    }
    // Up to two quotes may close the content right before the fence.
    for (let extra = 0; extra < 2 && text[i] === quote; extra++) i++;
  };

  // Values nest only as deep as smol-toml allowed (it parsed this text), so recursion is bounded.
  const readValue = (path: string[]): void => {
    const c = text[i];
    if (text.startsWith('"""', i)) skipMultiline('"');
    else if (text.startsWith("'''", i)) skipMultiline("'");
    else if (c === '"') readBasicString();
    else if (c === "'") readLiteralString();
    else if (c === '[') {
      i++;
      for (let item = 0; i < n; item++) {
        skipSpace(true);
        if (text[i] === ']') break;
        const before = i;
        record([...path, String(item)], i);
        readValue([...path, String(item)]);
        skipSpace(true);
        if (text[i] === ',') i++;
        if (i === before) i++;
      }
      i++;
    } else if (c === '{') {
      i++;
      while (i < n) {
        skipSpace(true);
        if (text[i] === '}') break;
        const before = i;
        const keys = readKey();
        skipSpace(false);
        if (text[i] === '=') i++;
        skipSpace(false);
        record([...path, ...keys], before);
        readValue([...path, ...keys]);
        skipSpace(true);
        if (text[i] === ',') i++;
        if (i === before) i++;
      }
      i++;
    } else {
      while (i < n && !',]}\n#'.includes(text[i]!)) i++;
    }
  };

  let table: string[] = [];
  while (i < n) {
    skipSpace(true);
    if (i >= n) break;
    const start = i;
    if (text[i] === '[') {
      const isArray = text[i + 1] === '[';
      i += isArray ? 2 : 1;
      const keys = readKey();
      if (isArray) {
        const parent = resolveTable(keys.slice(0, -1));
        const arrayPath = [...parent, ...keys.slice(-1)];
        const arrayKey = keyOf(arrayPath);
        const next = (tableArrays.get(arrayKey) ?? -1) + 1;
        tableArrays.set(arrayKey, next);
        table = [...arrayPath, String(next)];
      } else {
        table = resolveTable(keys);
      }
      record(table, start);
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end;
      continue;
    }
    const keys = readKey();
    if (keys.length === 0) {
      // Not a key: skip the line rather than loop (cannot happen in valid TOML).
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    skipSpace(false);
    if (text[i] === '=') i++;
    skipSpace(false);
    const path = [...table, ...keys];
    record(path, start);
    readValue(path);
  }
  return index;
}
