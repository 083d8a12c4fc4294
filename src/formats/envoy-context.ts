// What the Envoy mapping carries from element to element: the file, the problems found so far,
// and where a JSON pointer into the document was written. Every element is addressed by its
// pointer (`/static_resources/clusters/3`), so locations come from the YAML source, not guesses.

import type { SourceLoc } from '../model.js';
import type { ParseProblem } from './types.js';
import type { NodeCursor } from '../yaml-positions.js';

/** `part: 'key'` asks for the line of the key holding the node (`address:`), not its value. */
export type LineOf = (pointer: string, part?: 'key' | 'value') => { line: number; column?: number } | null;

export interface EnvoyContext {
  file: string;
  problems: ParseProblem[];
  lineOf: LineOf;
}

export function newContext(file: string, lineOf: LineOf): EnvoyContext {
  return { file, problems: [], lineOf };
}

export function locAt(ctx: EnvoyContext, pointer: string, part: 'key' | 'value' = 'value'): SourceLoc {
  return { file: ctx.file, line: ctx.lineOf(pointer, part)?.line ?? 1 };
}

/**
 * locAt for a node the mapping reached by stepping down from the root (cheap for the ~30,000
 * endpoints of a large file); by its pointer when there is no cursor.
 */
export function cursorLoc(ctx: EnvoyContext, cursor: NodeCursor | null, pointer: string, part: 'key' | 'value' = 'value'): SourceLoc {
  return cursor ? { file: ctx.file, line: cursor.line(part) } : locAt(ctx, pointer, part);
}

/**
 * cursorLoc for the child `key` of `parent`, without a cursor for the child (one per endpoint
 * adds up); `pointerOf(key)` is only built when there is no parent cursor or no such child.
 */
export function childLoc<K extends string | number>(
  ctx: EnvoyContext,
  parent: NodeCursor | null,
  key: K,
  pointerOf: (key: K) => string,
  part: 'key' | 'value' = 'value',
): SourceLoc {
  const line = parent?.childLine(key, part) ?? -1;
  return line > 0 ? { file: ctx.file, line } : locAt(ctx, pointerOf(key), part);
}

export function problemAt(ctx: EnvoyContext, pointer: string, message: string): void {
  const at = ctx.lineOf(pointer);
  const problem: ParseProblem = { message, line: at?.line ?? 1 };
  if (at?.column !== undefined) problem.column = at.column;
  ctx.problems.push(problem);
}
