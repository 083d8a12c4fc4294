// The semantic diff compares fields directly and pairs members by position where it can; these
// pin the results those shortcuts must keep: JSON equality for values, first-declaration-wins for
// repeated member names, and signatures only for reordered targets.
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import { cfg, edit, listener, m, pool, poolOf, route } from '../helpers/model-builder.js';

const FILE = 'lb/haproxy.cfg';

describe('diffConfigs equality', () => {
  it('treats timeouts as JSON does: NaN and Infinity alike, a number and a missing timeout not', () => {
    const before = cfg({ pools: [pool('web', [m('a')], { timeouts: { server: NaN, connect: 5000 } })] });
    const after = edit(before, (c) => {
      poolOf(c, 'web').timeouts = { server: Infinity, queue: 1000 };
    });
    expect(diffConfigs(before, after).map((c) => [c.field, c.before, c.after])).toEqual([
      ['timeouts.connect', 5000, null],
      ['timeouts.queue', null, 1000],
    ]);
  });

  it('reports a health check whose interval appears, with both signatures', () => {
    const before = cfg({ pools: [pool('web', [m('a')], { hc: { kind: 'http', path: '/h' } })] });
    const after = edit(before, (c) => {
      poolOf(c, 'web').healthCheck.intervalMs = 2000;
    });
    expect(diffConfigs(before, after)).toEqual([
      {
        entity: 'pool', kind: 'changed', key: 'web', pool: 'web', field: 'healthCheck',
        before: { enabled: true, kind: 'http', path: '/h', intervalMs: undefined },
        after: { enabled: true, kind: 'http', path: '/h', intervalMs: 2000 },
        loc: { file: FILE, line: 1 },
      },
    ]);
    // A disabled check compares on `enabled` alone.
    const off = edit(before, (c) => {
      poolOf(c, 'web').healthCheck = { enabled: false, kind: 'tcp' };
    });
    const offAgain = edit(off, (c) => {
      poolOf(c, 'web').healthCheck = { enabled: false, kind: 'http' };
    });
    expect(diffConfigs(off, offAgain)).toEqual([]);
  });

  it('compares only the first of repeated member names, in the same order on both sides', () => {
    const before = cfg({ pools: [pool('web', [m('a', '10.0.0.1:80'), m('a', '10.0.0.2:80'), m('b', '10.0.0.3:80')])] });
    const after = edit(before, (c) => {
      poolOf(c, 'web').members[1].weight = 9; // the second 'a' is not the member that name stands for
      poolOf(c, 'web').members[2].weight = 5;
    });
    expect(diffConfigs(before, after).map((c) => [c.key, c.field, c.before, c.after])).toEqual([['web/b', 'weight', 1, 5]]);
  });

  it('records a null port as absent in member changes', () => {
    const before = cfg({ pools: [pool('web', [m('a', '10.0.0.1')])] });
    const after = edit(before, (c) => {
      poolOf(c, 'web').members[0].port = 8080;
    });
    expect(diffConfigs(before, after).map((c) => [c.field, c.before, c.after])).toEqual([['port', undefined, 8080]]);
  });

  it('finds reordered route targets equal and changed weights different', () => {
    const split: [string, number][] = [['web', 90], ['canary', 10]];
    const before = cfg({ listeners: [listener('edge', { routes: [route('if api', split)], to: split })] });
    const reordered = edit(before, (c) => {
      c.listeners[0].routes[0].targets.reverse();
      c.listeners[0].defaultTargets.reverse();
    });
    expect(diffConfigs(before, reordered)).toEqual([]);
    const reweighted = edit(before, (c) => {
      c.listeners[0].routes[0].targets[1].weight = 20;
    });
    expect(diffConfigs(before, reweighted).map((c) => [c.key, c.before, c.after])).toEqual([
      ['edge if api', ['canary*10', 'web*90'], ['canary*20', 'web*90']],
    ]);
  });
});
