import { describe, expect, it } from 'vitest';
import { healthCheckMissing } from '../../src/rules/health-check-missing.js';
import { healthCheckRemoved } from '../../src/rules/health-check-removed.js';
import { cfg, check, edit, m, memberOf, pool, poolOf } from '../helpers/model-builder.js';

function site() {
  return cfg({
    pools: [
      pool('web', [m('w1', '10.0.0.1:80', { line: 4 }), m('w2', '10.0.0.2:80', { line: 5 })], {
        line: 2,
        hc: { kind: 'http', path: '/health', intervalMs: 2000 },
      }),
      pool('legacy', [m('l1', 'l1:80', { hc: false, line: 9 }), m('l2', 'l2:80', { hc: false, line: 10 })], {
        line: 8,
        hc: false,
      }),
    ],
  });
}

describe('health-check-removed', () => {
  const rule = healthCheckRemoved;

  it('fires once for the pool when its health check is disabled', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').healthCheck = { enabled: false };
      for (const member of poolOf(c, 'web').members) member.healthChecked = false;
      poolOf(c, 'web').loc.line = 3;
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 3,
        message:
          "Pool 'web' no longer has a health check (was http /health every 2s): a dead server keeps receiving " +
          'its share of requests, and they fail until someone takes it out by hand.',
      },
    ]);
  });

  it('fires for each member that stops being checked while the pool keeps its check', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w2').healthChecked = false;
    });
    const hits = check(rule, before, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(5);
    expect(hits[0].message).toContain("Member 'w2' of pool 'web' is no longer health-checked");
  });

  it('does not fire for pools that never had a check, members removed, or new pools', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').members.pop();
      memberOf(c, 'legacy', 'l1').weight = 3;
      c.pools.push(pool('fresh', [m('f1'), m('f2')], { hc: false }));
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for added or removed files', () => {
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});

describe('health-check-missing', () => {
  const rule = healthCheckMissing;

  it('fires for a new pool of two members without a check', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.pools.push(pool('fresh', [m('f1', 'f1:80', { hc: false }), m('f2', 'f2:80', { hc: false })], { line: 12, hc: false }));
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 12,
        message:
          "New pool 'fresh' has 2 members and no health check: when one of them dies, the balancer keeps sending " +
          'it its share of requests, and they fail.',
      },
    ]);
  });

  it('fires for a changed pool without a check, and in an added file', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'legacy', 'l2').weight = 2;
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([8]);
    expect(hits[0].message).toContain("Changed pool 'legacy' has 2 members and no health check");
    expect(check(rule, null, site()).map((h) => h.line)).toEqual([8]);
  });

  it('does not fire for an unchanged pool, even when its lines moved or members were reordered', () => {
    const before = site();
    const after = edit(before, (c) => {
      const legacy = poolOf(c, 'legacy');
      legacy.loc.line = 40;
      legacy.members.reverse();
      legacy.members[0].loc.line = 41;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for single-member pools or pools checked on their members only', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.pools.push(pool('one', [m('o1', 'o1:80', { hc: false })], { hc: false }));
      c.pools.push(pool('per-member', [m('p1'), m('p2')], { hc: false }));
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('leaves a removed check to health-check-removed', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'web').healthCheck = { enabled: false };
      for (const member of poolOf(c, 'web').members) member.healthChecked = false;
    });
    expect(check(rule, before, after)).toEqual([]);
    expect(check(healthCheckRemoved, before, after)).toHaveLength(1);
  });

  it('does not fire when the file is removed', () => {
    expect(check(rule, site(), null)).toEqual([]);
  });
});
