import { describe, expect, it } from 'vitest';
import { danglingReference } from '../../src/rules/dangling-reference.js';
import { defaultRouteChanged } from '../../src/rules/default-route-changed.js';
import { cfg, check, edit, listener, m, pool, route, targets } from '../helpers/model-builder.js';

function site() {
  return cfg({
    listeners: [
      listener('http-in', {
        line: 1,
        routes: [route('if is_api', 'api', 3), route('location /v2/', [['api', 90], ['canary', 10]], 4)],
        to: 'web',
      }),
      listener('admin', { line: 8, to: [['web', 9], ['canary', 1]] }),
    ],
    pools: [pool('web', [m('w1')], { line: 12 }), pool('api', [m('a1')], { line: 14 }), pool('canary', [m('c1')], { line: 16 })],
  });
}

describe('default-route-changed', () => {
  const rule = defaultRouteChanged;

  it('fires when the default backend switches', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[0].defaultTargets = targets('api');
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 1,
        message:
          "Listener 'http-in' now sends requests that match no route to api (was web): most of its traffic moves " +
          'at once, so check the new target can carry it.',
      },
    ]);
  });

  it('fires when the split between default pools changes', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[1].defaultTargets = targets([['web', 1], ['canary', 1]]);
    });
    const hits = check(rule, before, after);
    expect(hits.map((h) => h.line)).toEqual([8]);
    expect(hits[0].message).toContain('to web 50% and canary 50% (was web 90% and canary 10%)');
  });

  it('fires when a default appears or is cut to weight 0', () => {
    const before = edit(site(), (c) => {
      c.listeners[0].defaultTargets = [];
    });
    const after = edit(site(), (c) => {
      c.listeners[0].defaultTargets = targets([['web', 0]]);
    });
    expect(check(rule, before, site())[0].message).toContain('to web (was nothing)');
    expect(check(rule, site(), after)[0].message).toContain('to web (weight 0) (was web)');
  });

  it('does not fire when weights are only rescaled or routes change', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[1].defaultTargets = targets([['canary', 10], ['web', 90]]);
      c.listeners[0].routes.pop();
      c.listeners[0].loc.line = 2;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for new listeners or added and removed files', () => {
    const after = edit(site(), (c) => {
      c.listeners.push(listener('new', { to: 'api' }));
    });
    expect(check(rule, site(), after)).toEqual([]);
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});

describe('dangling-reference', () => {
  const rule = danglingReference;

  it('fires at the route line for a route to an undefined pool', () => {
    const after = edit(site(), (c) => {
      c.pools = c.pools.filter((p) => p.name !== 'canary');
    });
    const hits = check(rule, site(), after);
    expect(hits).toEqual([
      {
        line: 4,
        message:
          "Listener 'http-in' routes location /v2/ to pool 'canary', which is not defined in lb/haproxy.cfg: " +
          'requests on that route will fail.',
      },
      {
        line: 8,
        message:
          "Listener 'admin' sends its default traffic to pool 'canary', which is not defined in lb/haproxy.cfg: " +
          'every request that matches no route will fail.',
      },
    ]);
  });

  it('fires for a typo in an added file, once per route and pool', () => {
    const after = cfg({
      listeners: [listener('fe', { line: 2, routes: [route('if a', [['apii', 1], ['apii', 2]], 3)], to: 'web' })],
      pools: [pool('web', [m('w1')])],
    });
    expect(check(rule, null, after).map((h) => [h.line, h.message.includes("pool 'apii'")])).toEqual([[3, true]]);
  });

  it('ignores dynamic and external targets', () => {
    const after = cfg({
      listeners: [
        listener('fe', {
          routes: [route('use_backend %[req.hdr(host)]', [{ pool: '%[req.hdr(host)]', weight: 1, dynamic: true }])],
          to: [{ pool: 'http://10.0.0.5:8080', weight: 1, external: true }],
        }),
      ],
    });
    expect(check(rule, null, after)).toEqual([]);
  });

  it('does not fire when every target is defined or the file is removed', () => {
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});
