// nginx `include`s for the gate: the parser reads includes synchronously, the API is async, so
// the files a config includes are fetched ahead, at each side, and served from memory.
// Only literal paths inside the repository are followed (a glob include is read as absent),
// and the fan-out is bounded so a config cannot make the action fetch without end.

import { posix } from 'node:path';
import { resolveNginxInclude } from '../formats/nginx.js';
import type { GateFile } from '../gate-types.js';
import type { ContentReader } from './contents.js';

type Side = 'before' | 'after';

/** How deep includes of includes are followed, and how many files are fetched per side. */
const MAX_DEPTH = 4;
const MAX_FETCHES_PER_SIDE = 100;

/** `include path;` directives whose path is literal (no glob, no variable). */
const INCLUDE = /(?:^|[\s;{}])include\s+(["']?)([^\s;"'*?[\]{}$]+)\1\s*;/g;

export function literalIncludes(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(INCLUDE)) found.add(match[2]);
  return [...found];
}

/** The repository path an include refers to, or null when it points outside the repository. */
export function resolveInclude(includePath: string, mainFile: string): string | null {
  return repoPath(resolveNginxInclude(includePath, mainFile));
}

function repoPath(path: string): string | null {
  if (posix.isAbsolute(path)) return null;
  const normalized = posix.normalize(path);
  return normalized === '..' || normalized.startsWith('../') ? null : normalized;
}

export type IncludeReader = (side: Side, includePath: string, fromFile: string) => string | null;

/**
 * Fetches what `files` include at each side, then serves it (and the files themselves).
 * nginx resolves every relative include against the main config's directory, also inside
 * included files, so each include is resolved against the gated file it descends from.
 */
export async function prefetchIncludes(
  files: GateFile[],
  reader: ContentReader,
  shas: Record<Side, string>,
): Promise<IncludeReader> {
  const texts: Record<Side, Map<string, string | null>> = { before: new Map(), after: new Map() };
  for (const file of files) {
    if (file.before !== null) texts.before.set(file.previousPath ?? file.path, file.before);
    if (file.after !== null) texts.after.set(file.path, file.after);
  }
  for (const side of ['before', 'after'] as const) {
    const known = texts[side];
    // [main file, text to scan]
    let frontier: Array<[string, string | null]> = [...known.entries()];
    let fetched = 0;
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const wanted = new Map<string, string>();
      for (const [main, text] of frontier) {
        if (text === null) continue;
        for (const include of literalIncludes(text)) {
          const target = resolveInclude(include, main);
          if (target !== null && !known.has(target) && !wanted.has(target)) wanted.set(target, main);
        }
      }
      const batch = [...wanted].slice(0, Math.max(0, MAX_FETCHES_PER_SIDE - fetched));
      fetched += batch.length;
      const read = await Promise.all(batch.map(async ([path, main]) => [path, main, await reader.read(shas[side], path)] as const));
      for (const [path, , text] of read) known.set(path, text);
      frontier = read.map(([, main, text]) => [main, text]);
    }
  }
  // The parser hands over include paths already resolved against the main file.
  return (side, includePath) => {
    const target = repoPath(includePath);
    return target === null ? null : (texts[side].get(target) ?? null);
  };
}
