import { describe, expect, it } from 'vitest';
import { capacityDrop } from '../../src/rules/capacity-drop.js';
import { cfg, check, edit, m, memberOf, pool, poolOf } from '../helpers/model-builder.js';

const rule = capacityDrop;

function site(weights = [1, 1, 1, 1]) {
  return cfg({
    pools: [pool('web', weights.map((w, i) => m(`w${i + 1}`, `10.0.0.${i + 1}:80`, { weight: w })), { line: 7 })],
  });
}

describe('capacity-drop', () => {
  it('fires when most of the active weight goes away', () => {
    const before = site();
    const after = edit(before, (c) => {
      for (const name of ['w1', 'w2', 'w3']) memberOf(c, 'web', name).state = 'disabled';
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 7,
        message:
          "Pool 'web' loses 75% of its active capacity (active weight 4 → 1): the servers left must carry " +
          'about 4× the requests each. Check they can take the peak load (limit: 50%).',
      },
    ]);
  });

  it('says when no active capacity is left', () => {
    const before = site([10, 10]);
    const after = edit(before, (c) => {
      poolOf(c, 'web').members = [];
    });
    const hits = check(rule, before, after);
    expect(hits[0].message).toContain('loses 100% of its active capacity (active weight 20 → 0): no active capacity is left');
  });

  it('does not fire at exactly max-drop, and honours the option', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').weight = 0;
      memberOf(c, 'web', 'w2').state = 'backup';
    });
    expect(check(rule, before, after)).toEqual([]);
    const hits = check(rule, before, after, { 'max-drop': 0.25 });
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain('loses 50%');
    expect(hits[0].message).toContain('about 2× the requests each');
    expect(hits[0].message).toContain('(limit: 25%)');
  });

  it('does not fire when every weight is rescaled by one factor', () => {
    const before = site([10, 20, 30]);
    const after = edit(before, (c) => {
      for (const member of poolOf(c, 'web').members) member.weight /= 10;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('fires when one weight is cut even though the members stay', () => {
    const before = site([10, 10, 10]);
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').weight = 1;
      memberOf(c, 'web', 'w2').weight = 1;
    });
    expect(check(rule, before, after).map((h) => h.line)).toEqual([7]);
  });

  it('does not fire for pools without active weight before, new pools, or added and removed files', () => {
    const before = site([0, 0]);
    const after = edit(before, (c) => {
      c.pools.push(pool('new', [m('n1')]));
    });
    expect(check(rule, before, after)).toEqual([]);
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});
