// poolShares builds each pool's share map in one pass over its members; these pin what it must
// keep: every member present in declaration order, and a chosen member's share winning over a
// namesake's 0 when a (hand-built) pool repeats a name.
import { describe, expect, it } from 'vitest';
import { activeWeight, poolShares, poolsReceivingTraffic } from '../src/model.js';
import { cfg, listener, m, pool } from './helpers/model-builder.js';

describe('poolShares', () => {
  it('lists every member in order, by weight among the active ones', () => {
    const shares = poolShares(pool('web', [m('a', 'a:80', { weight: 3 }), m('b', 'b:80', { state: 'backup' }), m('c', 'c:80', { weight: 1 })]));
    expect([...shares.shares]).toEqual([['a', 0.75], ['b', 0], ['c', 0.25]]);
    expect(shares.basis).toBe('weights');
  });

  it('keeps the first position and the active share of a repeated member name', () => {
    const shares = poolShares(pool('web', [m('a', 'a:80', { state: 'disabled' }), m('b'), m('a', 'a2:80', { weight: 3 })]));
    expect([...shares.shares]).toEqual([['a', 0.75], ['b', 0.25]]);
  });

  it('gives everything to the first usable member under balance first, and nothing to the rest', () => {
    const shares = poolShares(pool('web', [m('a', 'a:80', { weight: 0 }), m('b'), m('c')], { algorithm: 'first' }));
    expect([...shares.shares]).toEqual([['a', 0], ['b', 1], ['c', 0]]);
    expect(shares.basis).toBe('first');
  });

  it('takes the lowest priority level only when members have several', () => {
    const levels = poolShares(pool('web', [m('a', 'a:80', { priority: 1 }), m('b', 'b:80', { priority: 0 }), m('c', 'c:80', { priority: 0 })]));
    expect([...levels.shares]).toEqual([['a', 0], ['b', 0.5], ['c', 0.5]]);
    expect(levels.basis).toBe('priority');
    const one = poolShares(pool('web', [m('a', 'a:80', { priority: 2 }), m('b', 'b:80', { priority: 2 })]));
    expect(one.basis).toBe('weights');
  });

  it('falls back to backups, and reports none when nothing can serve', () => {
    const backups = poolShares(pool('web', [m('a', 'a:80', { state: 'disabled' }), m('b', 'b:80', { state: 'backup', weight: 2 })]));
    expect([...backups.shares]).toEqual([['a', 0], ['b', 1]]);
    expect(backups.basis).toBe('backup');
    const none = poolShares(pool('web', [m('a', 'a:80', { weight: 0 })]));
    expect([...none.shares]).toEqual([['a', 0]]);
    expect(none.basis).toBe('none');
  });
});

describe('activeWeight and poolsReceivingTraffic', () => {
  it('sums the weight of active members only', () => {
    expect(activeWeight(pool('web', [m('a', 'a:80', { weight: 3 }), m('b', 'b:80', { state: 'backup', weight: 5 }), m('c', 'c:80', { weight: 2 })]))).toBe(5);
  });

  it('collects routed pools in target order, and every pool when one target is dynamic', () => {
    const pools = [pool('a', [m('x')]), pool('b', [m('y')]), pool('c', [m('z')])];
    const routed = cfg({ pools, listeners: [listener('edge', { to: [['c', 1], ['a', 0], ['b', 2]] })] });
    expect([...poolsReceivingTraffic(routed)]).toEqual(['c', 'b']);
    const dynamic = cfg({ pools, listeners: [listener('edge', { to: [{ pool: '%[var(txn.be)]', weight: 1, dynamic: true }] })] });
    expect([...poolsReceivingTraffic(dynamic)]).toEqual(['a', 'b', 'c']);
  });

  it('follows the members of a split to the pools they name', () => {
    const split = pool('split', [{ ...m('to-b'), ref: 'b' }, { ...m('to-c', 'c:80', { weight: 0 }), ref: 'c' }], { virtual: true });
    const config = cfg({ pools: [split, pool('b', [m('y')]), pool('c', [m('z')])], listeners: [listener('edge', { to: 'split' })] });
    expect([...poolsReceivingTraffic(config)]).toEqual(['split', 'b']);
  });
});
