// Offsets to 1-based line/column positions, by binary search over the offsets where lines start.

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(lineStarts: ArrayLike<number>, offset: number): { line: number; column: number } {
  const line = lineAt(lineStarts, offset);
  return { line, column: offset - lineStarts[line - 1]! + 1 };
}

/** The 1-based line of `offset`. */
export function lineAt(lineStarts: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * lineAt for lookups that mostly move forward through the text, as a mapping walking a document
 * does: each starts from the line found last and steps ahead a few lines before falling back to
 * the binary search (~17 scattered reads on a 100,000-line file).
 */
export function lineFinder(lineStarts: ArrayLike<number>): (offset: number) => number {
  let last = 0;
  return (offset) => {
    let i = last;
    if (lineStarts[i]! <= offset) {
      const end = Math.min(lineStarts.length, i + 16);
      while (i + 1 < end && lineStarts[i + 1]! <= offset) i++;
      if (i + 1 === end && end < lineStarts.length && lineStarts[end]! <= offset) i = lineAt(lineStarts, offset) - 1;
    } else {
      i = lineAt(lineStarts, offset) - 1;
    }
    last = i;
    return i + 1;
  };
}
