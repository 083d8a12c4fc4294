// `dangling-reference`: a route or default target naming a pool the file does not define.

import type { PoolTarget } from '../model.js';
import { factsOf } from './context.js';
import type { Rule, RuleHit } from './types.js';
import { quote } from './util.js';

const NONE: readonly string[] = [];

export const danglingReference: Rule = {
  id: 'dangling-reference',
  defaultSeverity: 'error',
  doc:
    'A route or a default target in the new config names a pool that is not defined in the ' +
    'file: a typo, a backend renamed in one place only, or a pool deleted while a route still ' +
    'uses it. Depending on the balancer, the config fails to load, or every request on that ' +
    'route gets a 503. Targets computed at run time and literal addresses are not checked.',
  options: {},
  check(ctx) {
    const after = ctx.after;
    if (!after) return [];
    const defined = factsOf(ctx).poolsAfter;
    // Each missing pool once, in the order named; no list is built for the usual case of none.
    const missing = (targets: PoolTarget[]): readonly string[] => {
      let out: string[] | null = null;
      for (const t of targets) {
        if (t.dynamic || t.external || defined.has(t.pool)) continue;
        out ??= [];
        if (!out.includes(t.pool)) out.push(t.pool);
      }
      return out ?? NONE;
    };
    const hits: RuleHit[] = [];
    for (const listener of after.listeners) {
      for (const route of listener.routes) {
        for (const pool of missing(route.targets)) {
          hits.push({
            line: route.loc.line, file: route.loc.file,
            message:
              `Listener ${quote(listener.name)} routes ${route.match} to pool ${quote(pool)}, which is not ` +
              `defined in ${after.file}: requests on that route will fail.`,
          });
        }
      }
      for (const pool of missing(listener.defaultTargets)) {
        hits.push({
          line: listener.loc.line, file: listener.loc.file,
          message:
            `Listener ${quote(listener.name)} sends its default traffic to pool ${quote(pool)}, which is not ` +
            `defined in ${after.file}: every request that matches no route will fail.`,
        });
      }
    }
    for (const split of after.pools) {
      for (const member of split.members) {
        if (member.ref === undefined || defined.has(member.ref)) continue;
        hits.push({
          line: member.loc.line, file: member.loc.file,
          message:
            `${quote(split.name)} sends ${member.weight > 0 ? 'part of its traffic' : 'traffic'} to ${quote(member.ref)}, which is not ` +
            `defined in ${after.file}: those requests will fail.`,
        });
      }
    }
    return hits;
  },
};
