// The facts rules share are computed with shortcuts for large configs: only splits are indexed
// to follow forwarded traffic, and the share map of an ordinary pool is built in one pass. These
// pin what the shortcuts must keep for repeated names and priority levels.
import { describe, expect, it } from 'vitest';
import { poolShares } from '../../src/model.js';
import { ruleFacts } from '../../src/rules/context.js';
import { cfg, listener, m, pool } from '../helpers/model-builder.js';

const split = (name: string, to: string) => pool(name, [{ ...m(`to-${to}`), ref: to }], { virtual: true });

describe('pools receiving traffic through splits', () => {
  it('follows the last declaration of a repeated split name', () => {
    const config = cfg({
      pools: [split('s', 'a'), split('s', 'b'), pool('a', [m('x')]), pool('b', [m('y')])],
      listeners: [listener('edge', { to: 's' })],
    });
    expect([...ruleFacts(null, config).receivingAfter]).toEqual(['s', 'b']);
  });

  it('follows nothing when the last declaration of the name forwards nowhere', () => {
    const config = cfg({
      pools: [split('s', 'a'), pool('s', [m('z')]), pool('a', [m('x')])],
      listeners: [listener('edge', { to: 's' })],
    });
    expect([...ruleFacts(null, config).receivingAfter]).toEqual(['s']);
  });
});

describe('share maps of ordinary pools', () => {
  it('treats members all on priority NaN as one level, spread by weight', () => {
    const shares = poolShares(pool('web', [m('a', 'a:80', { priority: NaN, weight: 3 }), m('b', 'b:80', { priority: NaN })]));
    expect(shares.basis).toBe('weights');
    expect([...shares.shares]).toEqual([['a', 0.75], ['b', 0.25]]);
  });

  it('keeps the first position and an active share for a repeated name', () => {
    const shares = poolShares(pool('web', [m('a', 'a:80'), m('b'), m('a', 'a2:80', { state: 'backup' })]));
    expect([...shares.shares]).toEqual([['a', 0.5], ['b', 0.5]]);
  });

  it('sums weights in member order, so shares match the general path to the last bit', () => {
    const weights = [0.1, 0.2, 0.3];
    const shares = poolShares(pool('web', weights.map((weight, i) => m(`m${i}`, `m${i}:80`, { weight }))));
    const total = weights.reduce((s, w) => s + w, 0);
    expect([...shares.shares.values()]).toEqual(weights.map((w) => w / total));
  });
});
