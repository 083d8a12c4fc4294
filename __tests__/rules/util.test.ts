import { describe, expect, it } from 'vitest';
import {
  equalIgnoringLoc,
  formatDuration,
  formatFactor,
  formatPercent,
  listenKey,
  listNames,
  numberOption,
  samePoolIgnoringLoc,
} from '../../src/rules/util.js';
import { m, pool } from '../helpers/model-builder.js';

describe('rule helpers', () => {
  it('formats percentages', () => {
    expect([0, 0.5, 1 / 3, 2 / 3, 1, 0.999].map(formatPercent)).toEqual(['0%', '50%', '33.3%', '66.7%', '100%', '99.9%']);
  });

  it('formats durations in human units', () => {
    expect([0, 250, 1000, 1500, 60_000, 90_000, 61_500, 3_600_000, 5_400_000].map(formatDuration)).toEqual([
      '0',
      '250ms',
      '1s',
      '1.5s',
      '1m',
      '1m 30s',
      '1m 1.5s',
      '1h',
      '1h 30m',
    ]);
  });

  it('formats factors and bounded name lists', () => {
    expect(formatFactor(12)).toBe('12×');
    expect(formatFactor(2.54)).toBe('2.5×');
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
  });

  it('falls back to the option default for missing or non-numeric values', () => {
    const spec = { type: 'number' as const, default: 0.5, description: 'x' };
    expect(numberOption({ x: 0.2 }, 'x', spec)).toBe(0.2);
    expect(numberOption({ x: 'lots' }, 'x', spec)).toBe(0.5);
    expect(numberOption({}, 'x', spec)).toBe(0.5);
  });

  it('treats the IPv4 wildcard spellings as one socket', () => {
    expect(listenKey({ address: '0.0.0.0', port: 80 })).toBe('*:80');
    expect(listenKey({ address: '', port: 80 })).toBe('*:80');
    expect(listenKey({ address: '10.0.0.1', port: null })).toBe('10.0.0.1');
  });

  it('compares pools ignoring locations and member order, but not values', () => {
    const a = pool('web', [m('w1', 'w1:80', { line: 2 }), m('w2', 'w2:80', { line: 3 })], { line: 1 });
    const moved = pool('web', [m('w2', 'w2:80', { line: 9 }), m('w1', 'w1:80', { line: 8 })], { line: 7 });
    expect(samePoolIgnoringLoc(a, moved)).toBe(true);
    const heavier = pool('web', [m('w1', 'w1:80', { weight: 2 }), m('w2')]);
    expect(samePoolIgnoringLoc(a, heavier)).toBe(false);
    const fewer = pool('web', [m('w1')]);
    expect(samePoolIgnoringLoc(a, fewer)).toBe(false);
    const timed = pool('web', [m('w1'), m('w2')], { timeouts: { server: 1 } });
    expect(samePoolIgnoringLoc(a, timed)).toBe(false);
  });

  it('stops comparing at a bounded depth instead of recursing without end', () => {
    let deepA: Record<string, unknown> = {};
    let deepB: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) {
      deepA = { next: deepA };
      deepB = { next: deepB };
    }
    expect(equalIgnoringLoc(deepA, deepB)).toBe(false);
    expect(equalIgnoringLoc({ a: 1, loc: { line: 1 } }, { a: 1, loc: { line: 2 } })).toBe(true);
    expect(equalIgnoringLoc({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});
