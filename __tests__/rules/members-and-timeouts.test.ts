import { describe, expect, it } from 'vitest';
import { duplicateMember } from '../../src/rules/duplicate-member.js';
import { timeoutChange } from '../../src/rules/timeout-change.js';
import { cfg, check, edit, m, pool, poolOf } from '../helpers/model-builder.js';

describe('duplicate-member', () => {
  const rule = duplicateMember;

  it('fires at the second member, naming both', () => {
    const after = cfg({
      pools: [
        pool('web', [
          m('w1', '10.0.0.1:80', { line: 3 }),
          m('w2', '10.0.0.2:80', { line: 4 }),
          m('w3', '10.0.0.1:80', { line: 5, state: 'disabled' }),
        ]),
      ],
    });
    expect(check(rule, null, after)).toEqual([
      {
        line: 5,
        message:
          "Members 'w1' (line 3) and 'w3' of pool 'web' both point at 10.0.0.1:80: that server gets a double share " +
          'of requests, and the pool has one server fewer than it looks.',
      },
    ]);
  });

  it('fires for every later copy and for endpoints without a port', () => {
    const after = cfg({
      pools: [
        pool('dns', [m('a', 'app.internal', { line: 2 }), m('b', 'app.internal', { line: 3 }), m('c', 'app.internal', { line: 4 })]),
      ],
    });
    const hits = check(rule, null, after);
    expect(hits.map((h) => h.line)).toEqual([3, 4]);
    expect(hits[1].message).toContain("Members 'a' (line 2) and 'c'");
  });

  it('does not fire for different ports, a port versus none, or the same server in two pools', () => {
    const after = cfg({
      pools: [
        pool('web', [m('w1', '10.0.0.1:80'), m('w2', '10.0.0.1:8080'), m('w3', '10.0.0.1')]),
        pool('api', [m('a1', '10.0.0.1:80')]),
      ],
    });
    expect(check(rule, null, after)).toEqual([]);
  });

  it('does not fire when the file is removed', () => {
    const before = cfg({ pools: [pool('web', [m('w1', 'x:1'), m('w2', 'x:1')])] });
    expect(check(rule, before, null)).toEqual([]);
  });
});

describe('timeout-change', () => {
  const rule = timeoutChange;

  function site() {
    return cfg({
      pools: [pool('web', [m('w1')], { line: 6, timeouts: { server: 5_000, connect: 30_000, queue: 600 } })],
    });
  }

  it('fires for a timeout that grows by the factor or more', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').timeouts.server = 60_000;
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 6,
        message:
          "Timeout 'server' of pool 'web' grows from 5s to 1m (12×): hung servers hold connections far longer " +
          'before the balancer gives up, so requests pile up instead of failing fast.',
      },
    ]);
  });

  it('fires for a timeout that shrinks, at exactly the factor', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').timeouts.connect = 10_000;
      poolOf(c, 'web').timeouts.queue = 90_000;
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.message.slice(0, h.message.indexOf(':')))).toEqual([
      "Timeout 'connect' of pool 'web' shrinks from 30s to 10s (3× shorter)",
      "Timeout 'queue' of pool 'web' grows from 600ms to 1m 30s (150×)",
    ]);
    expect(hits[0].message).toContain('requests that legitimately take longer will be cut off with errors');
  });

  it('treats 0 as no limit', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').timeouts.server = 0;
    });
    expect(check(rule, before, after)[0].message).toContain("Timeout 'server' of pool 'web' changes from 5s to 0 (no limit)");
    expect(check(rule, after, before)[0].message).toContain('changes from 0 to 5s (was no limit)');
  });

  it('does not fire below the factor, and honours the option', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').timeouts.server = 14_000;
      poolOf(c, 'web').timeouts.connect = 60_000;
    });
    expect(check(rule, before, after)).toEqual([]);
    const hits = check(rule, before, after, { factor: 2 });
    expect(hits.map((h) => h.message.slice(0, h.message.indexOf(':')))).toEqual([
      "Timeout 'server' of pool 'web' grows from 5s to 14s (2.8×)",
      "Timeout 'connect' of pool 'web' grows from 30s to 1m (2×)",
    ]);
    expect(check(rule, before, edit(before, (c) => void (poolOf(c, 'web').timeouts.server = 50_000)), { factor: 20 })).toEqual([]);
  });

  it('does not fire for timeouts on one side only, new pools, or added and removed files', () => {
    const before = site();
    const after = edit(before, (c) => {
      delete poolOf(c, 'web').timeouts.server;
      poolOf(c, 'web').timeouts.tunnel = 3_600_000;
      c.pools.push(pool('new', [m('n1')], { timeouts: { server: 1 } }));
    });
    expect(check(rule, before, after)).toEqual([]);
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});
