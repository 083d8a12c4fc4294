// Holds a fast YAML/JSON reader to the yaml-library reader: the same values, and the same line and
// column for every pointer (keys and values, and missing children of every collection).

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { ParseProblem } from '../../src/formats/types.js';
import type { CleanYamlDoc } from '../../src/yaml-fast.js';
import type { NodeCursor } from '../../src/yaml-positions.js';
import { escapePointerSegment, loadYamlWithYamlLibrary, type LoadYamlOptions } from '../../src/yaml-source.js';

/** Every pointer into a value, plus a missing child of each collection. */
export function pointersOf(value: unknown): string[] {
  const out = [''];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0 && out.length < 50_000) {
    const [node, pointer] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    out.push(`${pointer}/missing`, `${pointer}/999`);
    for (const key of Object.keys(node)) {
      const child = `${pointer}/${escapePointerSegment(key)}`;
      out.push(child);
      stack.push([(node as Record<string, unknown>)[key], child]);
    }
  }
  return out;
}

/**
 * Where the fast docs disagree with the yaml-library reader on `text` (at most `max`). A fast
 * reader that reports problems passes them as `problems`; they must be the reference's.
 */
export function disagreements(text: string, opts: LoadYamlOptions, fast: CleanYamlDoc[], max = 5, problems: ParseProblem[] = []): string[] {
  const reference = loadYamlWithYamlLibrary(text, opts);
  const out: string[] = [];
  try {
    expect(problems).toEqual(reference.problems);
  } catch {
    return [`problems differ: ${JSON.stringify(problems.slice(0, 2))} ≠ ${JSON.stringify(reference.problems.slice(0, 2))}`];
  }
  try {
    expect(fast.map((doc) => doc.value)).toEqual(reference.docs.map((doc) => doc.value));
  } catch {
    return [`values differ: ${JSON.stringify(fast.map((d) => d.value)).slice(0, 300)} ≠ ${JSON.stringify(reference.docs.map((d) => d.value)).slice(0, 300)}`];
  }
  for (const [index, doc] of fast.entries()) {
    const expected = reference.docs[index]!;
    // Nodes reached by stepping down from the root, as the Envoy mapping reaches them.
    const stack: Array<[unknown, string, NodeCursor]> = [[doc.value, '', doc.root()]];
    let checked = 0;
    while (stack.length > 0 && checked < 20_000) {
      const [node, pointer, cursor] = stack.pop()!;
      if (node === null || typeof node !== 'object') continue;
      const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      for (const key of keys) {
        const child = cursor.child(key);
        const childPointer = `${pointer}/${escapePointerSegment(String(key))}`;
        if (child === null) {
          out.push(`doc ${index} ${childPointer}: no cursor`);
          return out;
        }
        for (const part of ['value', 'key'] as const) {
          checked++;
          const want = expected.pointerLine(childPointer, part);
          const got = child.position(part);
          if (want?.line !== got.line || want?.column !== got.column) {
            out.push(`doc ${index} cursor ${childPointer} ${part}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
            if (out.length >= max) return out;
          }
        }
        stack.push([(node as Record<string | number, unknown>)[key], childPointer, child]);
      }
    }
    for (const pointer of pointersOf(expected.value)) {
      for (const part of ['value', 'key'] as const) {
        const want = expected.pointerLine(pointer, part);
        const got = doc.locate(pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')), part);
        if (want?.line !== got.line || want?.column !== got.column) {
          out.push(`doc ${index} ${pointer} ${part}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
          if (out.length >= max) return out;
        }
      }
    }
  }
  return out;
}

/** A deterministic pseudo-random generator (mulberry32), for reproducible fuzzing. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The YAML fixtures of every YAML format and the shared Envoy and Gateway API corpus. */
export function realYamlConfigs(): string[] {
  return [
    ...['envoy', 'gateway-api', 'ingress', 'traefik'].flatMap((d) => yamlFiles(path.join(repoRoot, '__tests__/fixtures', d))),
    ...['envoy', 'gateway-api'].flatMap((d) => yamlFiles(path.resolve(repoRoot, '../shared/corpus', d))),
  ];
}
