// How the YAML, JSON and TOML readers word the problems they share, so every reader reports a
// file the same way: duplicate keys (at the later key, naming the first one's line, since both
// the yaml library and JSON.parse silently keep only the last value) and too deep nesting.

import type { ParseProblem } from './formats/types.js';
import type { SourcePosition } from './yaml-source.js';

/** Who keeps the last value: the wording's subject. */
export type KeptBy = 'YAML' | 'JSON readers';

export function duplicateKeyMessage(name: string, firstLine: number, keptBy: KeptBy): string {
  const clipped = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  const keep = keptBy === 'YAML' ? 'keeps' : 'keep';
  return `duplicate key "${clipped}" (first at line ${firstLine}); ${keptBy} ${keep} only the last one, so the earlier setting is silently lost`;
}

/**
 * The problems of duplicates recorded by a reader as offset pairs (the duplicate key's, then the
 * first key's) with their names.
 */
export function duplicateKeyProblems(
  pairs: readonly number[],
  names: readonly string[],
  at: (offset: number) => SourcePosition,
  keptBy: KeptBy,
): ParseProblem[] {
  const problems: ParseProblem[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    problems.push({ ...at(pairs[i]!), message: duplicateKeyMessage(names[i >> 1]!, at(pairs[i + 1]!).line, keptBy) });
  }
  return problems;
}

/** A file nested deeper than the readers' limit: refused unread. */
export function tooDeepMessage(maxDepth: number): string {
  return `nesting is deeper than ${maxDepth} levels; the file was not read (no load-balancer config nests this deep)`;
}
