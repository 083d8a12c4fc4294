import { describe, expect, it } from 'vitest';
import { singlePointOfFailure } from '../../src/rules/single-point-of-failure.js';
import { cfg, check, edit, listener, m, memberOf, pool, poolOf } from '../helpers/model-builder.js';

const rule = singlePointOfFailure;

function site(members = 3) {
  return cfg({
    listeners: [listener('fe', { to: 'web' })],
    pools: [
      pool(
        'web',
        Array.from({ length: members }, (_, i) => m(`w${i + 1}`, `10.0.0.${i + 1}:80`, { line: 3 + i })),
        { line: 2 },
      ),
      pool('idle', [m('i1'), m('i2')], { line: 20 }),
    ],
  });
}

describe('single-point-of-failure', () => {
  it('fires when a busy pool drops to one active member', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').state = 'disabled';
      memberOf(c, 'web', 'w3').state = 'backup';
    });
    const hits = check(rule, before, after);
    expect(hits).toEqual([
      {
        line: 2,
        message:
          "Pool 'web' drops from 3 active members to 1 (w2): a single server failure or restart now takes down " +
          'all of its traffic. The policy asks for at least 2.',
      },
    ]);
  });

  it('counts weight 0 and removed members as gone', () => {
    const before = site(2);
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w2').weight = 0;
    });
    expect(check(rule, before, after).map((h) => h.line)).toEqual([2]);
    const removed = edit(before, (c) => {
      poolOf(c, 'web').members.pop();
    });
    expect(check(rule, before, removed)[0].message).toContain('from 2 active members to 1 (w1)');
  });

  it('says nothing is left when the pool drops to zero', () => {
    const before = site(2);
    const after = edit(before, (c) => {
      for (const member of poolOf(c, 'web').members) member.state = 'draining';
    });
    const hits = check(rule, before, after);
    expect(hits[0].message).toContain('from 2 active members to 0 (none left): nothing is left to serve its requests');
  });

  it('honours min-active-members from the policy', () => {
    const before = site(4);
    const after = edit(before, (c) => {
      poolOf(c, 'web').members.splice(0, 2);
    });
    expect(check(rule, before, after)).toEqual([]);
    const hits = check(rule, before, after, { 'min-active-members': 3 });
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain('from 4 active members to 2 (w3 and w4)');
    expect(hits[0].message).toContain('losing 2 servers at once');
    expect(hits[0].message).toContain('at least 3');
  });

  it('does not fire when the pool already had that few members', () => {
    const before = site(1);
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').weight = 5;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for new pools or added files', () => {
    const after = edit(site(), (c) => {
      c.pools.push(pool('solo', [m('s1')], { line: 30 }));
      c.listeners[0].defaultTargets = [{ pool: 'solo', weight: 1 }];
    });
    expect(check(rule, site(), after)).toEqual([]);
    expect(check(rule, null, site(1))).toEqual([]);
  });

  it('does not fire for pools that receive no traffic', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'idle', 'i1').state = 'disabled';
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire when the file is removed', () => {
    expect(check(rule, site(), null)).toEqual([]);
  });
});
