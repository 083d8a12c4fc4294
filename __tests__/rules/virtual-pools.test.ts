// Weighted splits between backends (virtual pools): judged only when an existing split collapses.
import { describe, expect, it } from 'vitest';
import { RULES, ruleById } from '../../src/rules/index.js';
import { cfg, check, edit, listener, m, memberOf, pool, poolOf, route } from '../helpers/model-builder.js';

const split = (stable: number, canary: number, extra: Parameters<typeof pool>[2] = {}) =>
  cfg({
    pools: [
      pool('httproute/default/shop#0', [m('default/shop-v1:8080', 'shop-v1:8080', { weight: stable, hc: false, line: 12 }), m('default/shop-v2:8080', 'shop-v2:8080', { weight: canary, hc: false, line: 15 })], { virtual: true, hc: false, line: 9, ...extra }),
    ],
    listeners: [listener('default/gw/http', { routes: [route('PathPrefix /', 'httproute/default/shop#0', 9)] })],
  });

const rule = (id: string) => ruleById(id)!;

function firing(before: ReturnType<typeof cfg> | null, after: ReturnType<typeof cfg>): string[] {
  return RULES.filter((r) => !r.external && check(r, before, after).length > 0).map((r) => r.id);
}

describe('virtual pools (weighted splits)', () => {
  it('a canary 90/10 moved to 100/0 fires traffic-concentration once, not single-point-of-failure', () => {
    const hits = check(rule('traffic-concentration'), split(90, 10), split(100, 0));
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(12);
    expect(hits[0].message).toContain('100%');
    expect(firing(split(90, 10), split(100, 0))).toEqual(['traffic-concentration']);
  });

  it('a new route with a single backend is normal', () => {
    const single = cfg({
      pools: [pool('httproute/default/api#0', [m('default/api:80', 'api:80', { hc: false })], { virtual: true, hc: false })],
      listeners: [listener('gw', { routes: [route('PathPrefix /api', 'httproute/default/api#0')] })],
    });
    expect(firing(null, single)).toEqual([]);
    expect(firing(cfg({ listeners: [listener('gw')] }), single)).toEqual([]);
  });

  it('shifting a canary from 10% to 30% is not a collapse', () => {
    expect(firing(split(90, 10), split(70, 30))).toEqual([]);
  });

  it('all backends at weight 0 still fires no-active-members', () => {
    expect(firing(split(90, 10), split(0, 0))).toContain('no-active-members');
  });

  it('a split member forwarding to an undefined pool is a dangling reference', () => {
    const withRef = edit(split(90, 10), (c) => {
      memberOf(c, 'httproute/default/shop#0', 'default/shop-v2:8080').ref = 'shop-v2';
    });
    const hits = check(rule('dangling-reference'), null, withRef);
    expect(hits).toHaveLength(1);
    expect(hits[0].line).toBe(15);
    expect(hits[0].message).toContain('shop-v2');
  });
});

describe('pools reached through a split', () => {
  it('receive traffic when a receiving split forwards to them, so their rules apply', async () => {
    const { poolsReceivingTraffic } = await import('../../src/model.js');
    const stable = pool('shop-stable', [m('a', '10.0.0.1:80'), m('b', '10.0.0.2:80')]);
    const canary = pool('shop-canary', [m('c', '10.0.1.1:80')]);
    const unused = pool('old', [m('d', '10.0.2.1:80')]);
    const split = pool('shop', [{ ...m('shop-stable', 'shop-stable', { weight: 90 }), ref: 'shop-stable' }, { ...m('shop-canary', 'shop-canary', { weight: 0 }), ref: 'shop-canary' }], { virtual: true, hc: false });
    const config = cfg({ pools: [split, stable, canary, unused], listeners: [listener('web', { to: 'shop' })] });
    expect([...poolsReceivingTraffic(config)].sort()).toEqual(['shop', 'shop-stable']);
    expect(check(rule('no-active-members'), null, edit(config, (c) => (poolOf(c, 'shop-stable').members = [])))).toHaveLength(1);
  });
});
