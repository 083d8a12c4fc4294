import { describe, expect, it } from 'vitest';
import { trafficConcentration } from '../../src/rules/traffic-concentration.js';
import { cfg, check, edit, listener, m, memberOf, pool, poolOf, route } from '../helpers/model-builder.js';

const rule = trafficConcentration;

function site() {
  return cfg({
    listeners: [listener('http-in', { routes: [route('if is_api', 'api', 2)], to: 'web' })],
    pools: [
      pool('web', [m('w1', '10.0.0.1:80', { line: 6 }), m('w2', '10.0.0.2:80', { line: 7 }), m('w3', '10.0.0.3:80', { line: 8 })], {
        line: 5,
      }),
      pool('api', [m('a1', '10.0.1.1:80', { line: 11 }), m('a2', '10.0.1.2:80', { line: 12 })], { line: 10 }),
      pool('spare', [m('s1', '10.0.2.1:80', { line: 15 }), m('s2', '10.0.2.2:80', { line: 16 })], { line: 14 }),
    ],
  });
}

describe('traffic-concentration', () => {
  it('fires when balance first sends everything to the first server', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'api').algorithm = 'first';
    });
    const hits = check(rule, before, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(11);
    expect(hits[0].message).toContain("Member 'a1' (10.0.1.1:80) of pool 'api'");
    expect(hits[0].message).toContain('receive 100% of the pool\'s requests, up from 50%');
    expect(hits[0].message).toContain('balance first sends every request to the first server');
    expect(hits[0].message).toContain('(limit: 50%)');
  });

  it('fires for a hash on a constant key', () => {
    const before = site();
    const after = edit(before, (c) => {
      Object.assign(poolOf(c, 'web'), { algorithm: 'hash', hashKey: '"static"', hashKeyConstant: true });
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([6]);
    expect(hits[0].message).toContain('up from 33.3%');
    expect(hits[0].message).toContain('a hash on a constant key ("static")');
  });

  it('fires when every other server is set to weight 0 or disabled, naming them', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').weight = 0;
      memberOf(c, 'web', 'w2').state = 'disabled';
    });
    const hits = check(rule, before, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(8);
    expect(hits[0].message).toContain("Member 'w3'");
    expect(hits[0].message).toContain('every other server has weight 0 or is disabled (w1: weight 0 and w2: disabled)');
  });

  it('fires for an uneven weight, with the weight arithmetic', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'api', 'a2').weight = 3;
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([12]);
    expect(hits[0].message).toContain('receive 75% of the pool\'s requests, up from 50%');
    expect(hits[0].message).toContain("its weight 3 is 75% of the pool's active weight 4");
  });

  it('honours max-member-share from the policy', () => {
    const before = site();
    const after = edit(before, (c) => {
      memberOf(c, 'api', 'a2').weight = 3;
    });
    expect(check(rule, before, after, { 'max-member-share': 0.8 })).toEqual([]);
    const removeOne = edit(before, (c) => {
      poolOf(c, 'web').members.pop();
    });
    expect(check(rule, before, removeOne)).toEqual([]);
    const strict = check(rule, before, removeOne, { 'max-member-share': 0.4 });
    expect(strict.map((h) => h.line)).toEqual([6, 7]);
    expect(strict[0].message).toContain('receive 50% of the pool\'s requests, up from 33.3%');
    expect(strict[0].message).toContain('(limit: 40%)');
  });

  it('fires for a new single-server pool in an added file', () => {
    const after = cfg({
      listeners: [listener('fe', { to: 'solo' })],
      pools: [pool('solo', [m('only', '10.9.0.1:8080', { line: 3 })], { line: 2 })],
    });
    const hits = check(rule, null, after);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(3);
    expect(hits[0].message).toContain('up from 0% (new pool)');
    expect(hits[0].message).toContain("it is the pool's only server");
  });

  it('counts a pool that received no traffic before as 0% before', () => {
    const before = edit(site(), (c) => {
      poolOf(c, 'spare').algorithm = 'first';
    });
    const after = edit(before, (c) => {
      c.listeners[0].defaultTargets = [{ pool: 'spare', weight: 1 }];
    });
    expect(check(rule, before, before)).toEqual([]);
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([15]);
    expect(hits[0].message).toContain('up from 0% (the pool received no traffic before)');
  });

  it('explains a backup taking over', () => {
    const before = cfg({
      listeners: [listener('fe', { to: 'web' })],
      pools: [pool('web', [m('w1'), m('bk', 'bk:80', { state: 'backup', line: 4 })])],
    });
    const after = edit(before, (c) => {
      memberOf(c, 'web', 'w1').state = 'disabled';
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([4]);
    expect(hits[0].message).toContain('up from 0%');
    expect(hits[0].message).toContain('no active server is left, so this backup server takes every request');
  });

  it('explains priority levels', () => {
    const before = cfg({
      listeners: [listener('fe', { to: 'api' })],
      pools: [pool('api', [m('p0', 'p0:80', { priority: 0, line: 3 }), m('p0b', 'p0b:80', { priority: 0, line: 4 })])],
    });
    const after = edit(before, (c) => {
      memberOf(c, 'api', 'p0b').priority = 1;
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([3]);
    expect(hits[0].message).toContain('priority level 0 takes every request while it has a usable server');
  });

  it('does not fire when the concentration already existed', () => {
    const before = edit(site(), (c) => {
      poolOf(c, 'api').algorithm = 'first';
    });
    const after = edit(before, (c) => {
      memberOf(c, 'api', 'a2').weight = 5;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for pools that receive no traffic', () => {
    const before = site();
    const after = edit(before, (c) => {
      poolOf(c, 'spare').algorithm = 'first';
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire when the file is removed', () => {
    expect(check(rule, site(), null)).toEqual([]);
  });
});
