import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import { bind, cfg, edit, listener, m, memberOf, pool, poolOf, route } from '../helpers/model-builder.js';

const base = cfg({
  pools: [
    pool('web', [m('web1', '10.0.1.11:8080', { line: 20 }), m('web2', '10.0.1.12:8080', { line: 21 })], { line: 18, timeouts: { server: 30000 } }),
    pool('api', [m('api1', '10.0.2.21:9000', { line: 26 })], { line: 24, algorithm: 'leastconn' }),
  ],
  listeners: [
    listener('shop', { line: 10, binds: [bind('*:80', { line: 11 }), bind('*:443', { tls: true, line: 12 })], routes: [route('if is_api', 'api', 13)], to: 'web' }),
  ],
});

describe('diffConfigs', () => {
  it('finds nothing when only order and lines change', () => {
    const moved = edit(base, (c) => {
      c.pools.reverse();
      poolOf(c, 'web').members.reverse();
      for (const p of c.pools) p.loc.line += 40;
      c.listeners[0].binds.reverse();
    });
    expect(diffConfigs(base, moved)).toEqual([]);
  });

  it('reports member field changes keyed by pool/member with the new line', () => {
    const after = edit(base, (c) => {
      memberOf(c, 'web', 'web2').weight = 0;
      memberOf(c, 'web', 'web2').loc.line = 30;
    });
    expect(diffConfigs(base, after)).toEqual([
      { entity: 'member', kind: 'changed', key: 'web/web2', pool: 'web', member: 'web2', field: 'weight', before: 1, after: 0, loc: { file: 'lb/haproxy.cfg', line: 30 } },
    ]);
  });

  it('reports added and removed pools, members, binds and routes', () => {
    const after = edit(base, (c) => {
      c.pools = c.pools.filter((p) => p.name !== 'api');
      poolOf(c, 'web').members.push(m('web3', '10.0.1.13:8080', { line: 22 }));
      c.listeners[0].binds = c.listeners[0].binds.filter((b) => b.port !== 443);
      c.listeners[0].routes = [];
    });
    const summary = diffConfigs(base, after).map((ch) => `${ch.kind} ${ch.entity} ${ch.key} @${ch.loc.line}`);
    expect(summary.sort()).toEqual(['added member web/web3 @22', 'removed bind shop *:443 @12', 'removed pool api @24', 'removed route shop if is_api @13'].sort());
  });

  it('reports algorithm, health check, timeout, tls and default target changes', () => {
    const after = edit(base, (c) => {
      poolOf(c, 'web').algorithm = 'first';
      poolOf(c, 'web').healthCheck = { enabled: false };
      poolOf(c, 'web').timeouts.server = 300000;
      c.listeners[0].binds[1].tls = false;
      c.listeners[0].defaultTargets = [{ pool: 'api', weight: 1 }];
    });
    const fields = diffConfigs(base, after).map((ch) => `${ch.entity}.${ch.field}`);
    expect(fields.sort()).toEqual(['bind.tls', 'listener.defaultTargets', 'pool.algorithm', 'pool.healthCheck', 'pool.timeouts.server'].sort());
  });

  it('treats member order as a change only when the algorithm picks by position', () => {
    const first = edit(base, (c) => (poolOf(c, 'web').algorithm = 'first'));
    const swapped = edit(first, (c) => poolOf(c, 'web').members.reverse());
    expect(diffConfigs(first, swapped).map((ch) => ch.field)).toEqual(['order']);
  });

  it('reports everything as added or removed for an added or deleted file', () => {
    expect(diffConfigs(null, base).every((ch) => ch.kind === 'added')).toBe(true);
    expect(diffConfigs(base, null).map((ch) => ch.key).sort()).toEqual(['api', 'shop', 'web']);
  });
});
