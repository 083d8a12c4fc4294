// The gate computes the lookups rules share once per file (`ruleFacts`); a context built without
// them must give the same findings, since tests and callers may build contexts by hand.
import { describe, expect, it } from 'vitest';
import { ruleFacts } from '../../src/rules/context.js';
import { RULES } from '../../src/rules/index.js';
import { cfg, context, edit, listener, m, pool, poolOf, route } from '../helpers/model-builder.js';

const before = cfg({
  pools: [
    pool('web', [m('a', '10.0.0.1:80'), m('b', '10.0.0.2:80')], { timeouts: { server: 30000 } }),
    pool('web', [m('shadow')]), // a repeated name: the first declaration is the one looked up
    pool('api', [m('c', '10.0.1.1:80'), m('d', '10.0.1.2:80')]),
  ],
  listeners: [listener('edge', { to: 'web' })],
});
const after = edit(before, (c) => {
  poolOf(c, 'web').members[1].weight = 0;
  poolOf(c, 'web').members[0].healthChecked = false;
  poolOf(c, 'web').timeouts.server = 300000;
  poolOf(c, 'api').members[1].address = '10.0.1.1';
  c.pools.push(pool('new', [m('e')]));
  c.listeners[0].routes.push(route('if beta', 'new'));
});

describe('ruleFacts', () => {
  it('looks pools up by first declaration, pairs them in the new order and knows which receive traffic', () => {
    const facts = ruleFacts(before, after);
    expect(facts.poolsAfter.get('web')).toBe(after.pools[0]);
    expect(facts.pairs.map((p) => [p.before.name, p.after.name])).toEqual([['web', 'web'], ['api', 'api']]);
    expect(facts.pairs[0].before).toBe(before.pools[0]);
    expect([...facts.receivingBefore]).toEqual(['web']);
    expect([...facts.receivingAfter]).toEqual(['new', 'web']);
  });

  it('is empty for an absent side', () => {
    const facts = ruleFacts(null, after);
    expect(facts.poolsBefore.size).toBe(0);
    expect(facts.pairs).toEqual([]);
    expect(facts.receivingBefore.size).toBe(0);
  });

  it('gives every rule the same hits whether the context carries facts or not', () => {
    const fired: string[] = [];
    for (const rule of RULES) {
      const withFacts = context(rule, before, after);
      const { facts, ...without } = withFacts;
      expect(facts).toBeDefined();
      const hits = rule.check(withFacts);
      expect(rule.check(without)).toEqual(hits);
      fired.push(...hits.map(() => rule.id));
    }
    expect(fired).toEqual(['traffic-concentration', 'single-point-of-failure', 'health-check-removed', 'duplicate-member', 'timeout-change']);
  });
});
