// Offsets to 1-based line/column positions, by binary search over the offsets where lines start.

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(lineStarts: number[], offset: number): { line: number; column: number } {
  const line = lineAt(lineStarts, offset);
  return { line, column: offset - lineStarts[line - 1]! + 1 };
}

/** The 1-based line of `offset`. */
export function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
