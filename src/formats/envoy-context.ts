// What the Envoy mapping carries from element to element: the file, the problems found so far,
// and where a JSON pointer into the document was written. Every element is addressed by its
// pointer (`/static_resources/clusters/3`), so locations come from the YAML source, not guesses.

import type { SourceLoc } from '../model.js';
import type { ParseProblem } from './types.js';

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

export function problemAt(ctx: EnvoyContext, pointer: string, message: string): void {
  const at = ctx.lineOf(pointer);
  const problem: ParseProblem = { message, line: at?.line ?? 1 };
  if (at?.column !== undefined) problem.column = at.column;
  ctx.problems.push(problem);
}
