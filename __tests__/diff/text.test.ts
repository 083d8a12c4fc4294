import { describe, expect, it } from 'vitest';
import { textDiff } from '../../src/diff/text.js';

describe('textDiff', () => {
  it('produces a unified diff with counts', () => {
    const d = textDiff('haproxy.cfg', 'haproxy.cfg', 'a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d.text).toContain('--- a/haproxy.cfg');
    expect(d.text).toContain('-b\n+B');
    expect(d).toMatchObject({ added: 2, removed: 1, truncated: false });
  });

  it('labels added and removed files with /dev/null', () => {
    expect(textDiff('x.cfg', 'x.cfg', null, 'a\n').text).toContain('--- /dev/null');
    expect(textDiff('x.cfg', 'x.cfg', 'a\n', null).text).toContain('+++ /dev/null');
  });

  it('is empty for identical texts', () => {
    expect(textDiff('x', 'x', 'same\n', 'same\n')).toEqual({ text: '', added: 0, removed: 0, truncated: false });
  });

  it('gives up, saying why, when too many lines differ', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `other ${i}`).join('\n');
    const d = textDiff('x', 'x', a, b, { maxInputBytes: 1e9, maxEditLength: 100, maxOutputLines: 1000 });
    expect(d.truncated).toBe(true);
    expect(d.text).toContain('more than 100 lines differ');
  });

  it('refuses inputs over the size cap without diffing', () => {
    const d = textDiff('x', 'x', 'a'.repeat(100), 'b'.repeat(100), { maxInputBytes: 50, maxEditLength: 10, maxOutputLines: 10 });
    expect(d.text).toContain('too large');
  });

  it('cuts long output and says how much was cut', () => {
    const a = Array.from({ length: 500 }, (_, i) => `l${i}`).join('\n');
    const b = Array.from({ length: 500 }, (_, i) => (i % 2 ? `x${i}` : `l${i}`)).join('\n');
    const d = textDiff('x', 'x', a, b, { maxInputBytes: 1e9, maxEditLength: 5000, maxOutputLines: 50 });
    expect(d.truncated).toBe(true);
    expect(d.text.split('\n').length).toBeLessThanOrEqual(53);
    expect(d.text).toMatch(/more diff lines not shown/);
  });
});
