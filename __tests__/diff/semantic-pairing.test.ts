// The semantic diff pairs pools and members by position when both sides list the same names in
// the same order, and by name otherwise; these pin that both ways give the same changes, in the
// same order, including for repeated names and pools too large to pair by position.
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src/diff/semantic.js';
import { cfg, edit, m, memberOf, pool, poolOf } from '../helpers/model-builder.js';

const summary = (changes: ReturnType<typeof diffConfigs>) => changes.map((c) => `${c.kind} ${c.key} ${c.field ?? ''}`.trim());

describe('diffConfigs pairing', () => {
  const before = cfg({
    pools: [
      pool('web', [m('a'), m('b')]),
      pool('web', [m('shadow')]), // a repeated name: only the first declaration is compared
      pool('api', [m('c')]),
    ],
  });

  it('compares first declarations only when the pool names line up', () => {
    const after = edit(before, (c) => {
      c.pools[0].members[1].weight = 2;
      c.pools[1].members[0].weight = 7;
      poolOf(c, 'api').algorithm = 'leastconn';
    });
    expect(summary(diffConfigs(before, after))).toEqual(['changed web/b weight', 'changed api algorithm']);
  });

  it('gives the same changes when an added pool makes them pair by name', () => {
    const after = edit(before, (c) => {
      c.pools[0].members[1].weight = 2;
      c.pools[1].members[0].weight = 7;
      poolOf(c, 'api').algorithm = 'leastconn';
      c.pools.push(pool('new', [m('d')]));
    });
    expect(summary(diffConfigs(before, after))).toEqual(['changed web/b weight', 'changed api algorithm', 'added new']);
  });

  it('reports every changed field of a member paired by position, in field order', () => {
    const after = edit(before, (c) => {
      Object.assign(memberOf(c, 'web', 'a'), { weight: 0, state: 'disabled', priority: 1 });
    });
    expect(diffConfigs(before, after).map((c) => [c.key, c.field, c.before, c.after])).toEqual([
      ['web/a', 'weight', 1, 0],
      ['web/a', 'state', 'active', 'disabled'],
      ['web/a', 'priority', 0, 1],
    ]);
  });

  it('pairs the members of a large pool by name', () => {
    const many = cfg({ pools: [pool('big', Array.from({ length: 40 }, (_, i) => m(`s${i}`, `10.0.0.${i}:80`)))] });
    const after = edit(many, (c) => {
      poolOf(c, 'big').members.reverse();
      memberOf(c, 'big', 's7').weight = 3;
    });
    expect(summary(diffConfigs(many, after))).toEqual(['changed big/s7 weight']);
    const renamed = edit(many, (c) => {
      memberOf(c, 'big', 's39').name = 's40';
    });
    expect(summary(diffConfigs(many, renamed))).toEqual(['removed big/s39', 'added big/s40']);
  });

  it('finds nothing between a config and an identical copy', () => {
    expect(diffConfigs(before, edit(before, () => {}))).toEqual([]);
  });
});
