// A unified text diff of one file, bounded so that a huge rewrite or a giant file cannot
// stall the gate: the edit distance, the input size and the output size all have caps.

import { formatPatch, structuredPatch } from 'diff';
import type { TextDiff } from '../gate-types.js';

export interface TextDiffLimits {
  /** Inputs larger than this (bytes, both sides together) are not line-diffed at all. */
  maxInputBytes: number;
  /** Give up when more than this many lines differ. */
  maxEditLength: number;
  /** Cut the rendered diff after this many lines. */
  maxOutputLines: number;
}

export const DEFAULT_TEXT_DIFF_LIMITS: TextDiffLimits = {
  maxInputBytes: 8 * 1024 * 1024,
  maxEditLength: 4000,
  maxOutputLines: 2000,
};

function countLines(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

export function textDiff(
  oldPath: string,
  newPath: string,
  before: string | null,
  after: string | null,
  limits: TextDiffLimits = DEFAULT_TEXT_DIFF_LIMITS,
): TextDiff {
  const oldText = before ?? '';
  const newText = after ?? '';
  if (oldText === newText) return { text: '', added: 0, removed: 0, truncated: false };

  const tooBig = (reason: string): TextDiff => ({
    text: `(no line diff: ${reason}; ${countLines(oldText)} → ${countLines(newText)} lines)\n`,
    added: before === null ? countLines(newText) : 0,
    removed: after === null ? countLines(oldText) : 0,
    truncated: true,
  });
  if (oldText.length + newText.length > limits.maxInputBytes) return tooBig('the file is too large to diff');

  const patch = structuredPatch(
    before === null ? '/dev/null' : `a/${oldPath}`,
    after === null ? '/dev/null' : `b/${newPath}`,
    oldText,
    newText,
    undefined,
    undefined,
    { context: 3, maxEditLength: limits.maxEditLength },
  );
  if (patch === undefined) return tooBig(`more than ${limits.maxEditLength} lines differ`);

  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  const full = formatPatch(patch).replace(/^=+\n/, '');
  const lines = full.split('\n');
  if (lines.length <= limits.maxOutputLines) return { text: full, added, removed, truncated: false };
  const kept = lines.slice(0, limits.maxOutputLines).join('\n');
  return {
    text: `${kept}\n… (${lines.length - limits.maxOutputLines} more diff lines not shown)\n`,
    added,
    removed,
    truncated: true,
  };
}
