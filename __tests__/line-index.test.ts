import { describe, expect, it } from 'vitest';
import { lineAt, lineFinder, lineStartsOf, positionAt } from '../src/line-index.js';
import { seededRandom } from './helpers/yaml-agreement.js';

const text = Array.from({ length: 500 }, (_, i) => 'x'.repeat(i % 7) + (i % 11 === 0 ? '' : ' y')).join('\n');
const starts = lineStartsOf(text);

/** The line of `offset` counted the slow way. */
const countedLine = (offset: number) => text.slice(0, offset).split('\n').length;

describe('line-index', () => {
  it('lineAt and positionAt count lines and columns from 1', () => {
    for (const offset of [0, 1, 5, 100, text.length - 1, text.length]) {
      expect(lineAt(starts, offset)).toBe(countedLine(offset));
      const { line, column } = positionAt(starts, offset);
      expect(line).toBe(countedLine(offset));
      expect(column).toBe(offset === 0 ? 1 : offset - text.lastIndexOf('\n', offset - 1));
    }
  });

  it('lineFinder agrees with lineAt whatever the order of lookups', () => {
    const random = seededRandom(7);
    const find = lineFinder(starts);
    const offsets: number[] = [];
    // Forward runs with small and large steps, jumps back, repeats, the ends of the text.
    for (let o = 0; o < text.length; o += 1 + Math.floor(random() * 40)) offsets.push(o);
    for (let i = 0; i < 300; i++) offsets.push(Math.floor(random() * (text.length + 1)));
    offsets.push(0, 0, text.length, text.length, 3, ...starts, ...starts.map((s) => s - 1).filter((s) => s >= 0));
    for (const offset of offsets) expect(find(offset)).toBe(lineAt(starts, offset));
  });

  it('lineFinder handles a text of one line', () => {
    const find = lineFinder(lineStartsOf('abc'));
    expect([find(2), find(0), find(3)]).toEqual([1, 1, 1]);
  });
});
