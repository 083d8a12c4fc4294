import { describe, expect, it } from 'vitest';
import { algorithmChange } from '../../src/rules/algorithm-change.js';
import { cfg, check, edit, m, pool, poolOf } from '../helpers/model-builder.js';

const rule = algorithmChange;

function site() {
  return cfg({
    pools: [
      pool('web', [m('w1'), m('w2')], { line: 3 }),
      pool('cache', [m('c1'), m('c2')], { line: 9, algorithm: 'hash', hashKey: '$request_uri' }),
    ],
  });
}

describe('algorithm-change', () => {
  it('fires for a switch to first, with a note that it concentrates traffic', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').algorithm = 'first';
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 3,
        message:
          "Pool 'web' changes its balancing algorithm from roundrobin to first: balance first sends every request " +
          "to the first server; the others only take its overflow. One server now carries the whole pool's load.",
      },
    ]);
  });

  it('fires for a hash key change, noting caches start over', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'cache').hashKey = '$remote_addr';
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([9]);
    expect(hits[0].message).toContain('from hash $request_uri to hash $remote_addr');
    expect(hits[0].message).toContain('caches and sticky sessions start over');
  });

  it('notes a constant hash key', () => {
    const before = site();
    const after = edit(before, (c) => {
      Object.assign(poolOf(c, 'cache'), { hashKey: '"x"', hashKeyConstant: true });
    });
    expect(check(rule, before, after)[0].message).toContain('a hash on a constant key ("x") sends every request to the same server');
  });

  it('fires plainly for a spreading algorithm', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').algorithm = 'leastconn';
    });
    const [hit] = check(rule, before, after);
    expect(hit.message).toBe(
      "Pool 'web' changes its balancing algorithm from roundrobin to leastconn. Check the new algorithm spreads load the way this pool needs.",
    );
  });

  it('does not fire when the algorithm stays, for new pools, or for added and removed files', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').members.pop();
      c.pools.push(pool('new', [m('n1')], { algorithm: 'first' }));
    });
    expect(check(rule, before, after)).toEqual([]);
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});
