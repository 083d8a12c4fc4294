import { describe, expect, it } from 'vitest';
import { noActiveMembers } from '../../src/rules/no-active-members.js';
import { bind, cfg, check, edit, listener, m, memberOf, pool, route } from '../helpers/model-builder.js';

const rule = noActiveMembers;

function site() {
  return cfg({
    listeners: [
      listener('http-in', {
        line: 1,
        binds: [bind('*:80', { line: 2 })],
        routes: [route('if is_api', 'api', 3)],
        to: 'web',
      }),
    ],
    pools: [
      pool('web', [m('w1', '10.0.0.1:80', { line: 6 }), m('w2', '10.0.0.2:80', { line: 7 })], { line: 5 }),
      pool('api', [m('a1', '10.0.1.1:80', { line: 10 })], { line: 9 }),
      pool('unused', [m('u1', '10.0.2.1:80', { line: 13, state: 'disabled' })], { line: 12 }),
    ],
  });
}

describe('no-active-members', () => {
  it('fires when every member of a routed pool is disabled or at weight 0', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').state = 'disabled';
      memberOf(c, 'web', 'w2').weight = 0;
    });
    const hits = check(rule, before, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(5);
    expect(hits[0].side).toBeUndefined();
    expect(hits[0].message).toContain("Pool 'web'");
    expect(hits[0].message).toContain('w1: disabled and w2: weight 0');
    expect(hits[0].message).toContain('every request to it will fail');
  });

  it('says requests go to backups only when the pool has usable backups', () => {
    const after = cfg({
      listeners: [listener('fe', { to: 'web' })],
      pools: [
        pool('web', [m('w1', '10.0.0.1:80', { state: 'draining' }), m('bk', '10.0.0.9:80', { state: 'backup' })], {
          line: 4,
        }),
      ],
    });
    const hits = check(rule, null, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(4);
    expect(hits[0].message).toContain('go to backups only (bk)');
    expect(hits[0].message).toContain('w1: draining');
    expect(hits[0].message).not.toContain('every request to it will fail');
  });

  it('treats a backup at weight 0 as no backup at all', () => {
    const after = cfg({
      listeners: [listener('fe', { to: 'web' })],
      pools: [pool('web', [m('bk', '10.0.0.9:80', { state: 'backup', weight: 0 })], { line: 4 })],
    });
    const hits = check(rule, null, after);
    expect(hits.map((h) => h.message)).toEqual([
      "Pool 'web' has no active member with weight above 0 (bk: weight 0): every request to it will fail.",
    ]);
  });

  it('fires for an empty pool in an added file', () => {
    const after = cfg({ listeners: [listener('fe', { to: 'web' })], pools: [pool('web', [], { line: 8 })] });
    const hits = check(rule, null, after);
    expect(hits).toEqual([
      { line: 8, message: "Pool 'web' receives traffic but has no members: every request to it will fail." },
    ]);
  });

  it('checks every pool of a backends-only file', () => {
    const after = cfg({ pools: [pool('orphan', [m('o1', '10.0.0.1:80', { state: 'disabled' })], { line: 2 })] });
    expect(check(rule, null, after).map((h) => h.line)).toEqual([2]);
  });

  it('ignores pools that receive no traffic, including those behind a weight-0 route', () => {
    const after = cfg({
      listeners: [listener('fe', { routes: [route('if canary', [['canary', 0]])], to: 'web' })],
      pools: [
        pool('web', [m('w1')]),
        pool('canary', [m('c1', 'c1:80', { state: 'disabled' })]),
        pool('unused', [m('u1', 'u1:80', { state: 'disabled' })]),
      ],
    });
    expect(check(rule, null, after)).toEqual([]);
  });

  it('does not fire while one active member with weight remains', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').state = 'disabled';
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire when the file is removed', () => {
    expect(check(rule, site(), null)).toEqual([]);
  });
});

describe('no-active-members and proxies that answer requests themselves', () => {
  it('does not fire for a server-less stats or redirect proxy, but does once it has servers that are all down', () => {
    const stats = { ...pool('stats', [], { hc: false, line: 40 }), answersItself: true };
    const config = cfg({ pools: [stats], listeners: [listener('stats', { to: 'stats' })] });
    expect(check(noActiveMembers, null, config)).toEqual([]);
    const down = { ...pool('stats', [m('s1', '10.0.0.1:80', { state: 'disabled' })], { line: 40 }), answersItself: true };
    expect(check(noActiveMembers, null, cfg({ pools: [down], listeners: [listener('stats', { to: 'stats' })] }))).toHaveLength(1);
  });
});
