// `health-check-missing`: a new or edited multi-server pool that never checks its servers.

import type { Rule, RuleHit } from './types.js';
import { factsOf } from './context.js';
import { hasHealthCheck, quote, samePoolIgnoringLoc } from './util.js';

export const healthCheckMissing: Rule = {
  id: 'health-check-missing',
  defaultSeverity: 'warning',
  doc:
    'A pool with two or more members that this change adds or edits has no health check, at ' +
    'pool level or on any member. When one server dies, the balancer keeps sending it its share ' +
    'of requests: with two servers, half the requests fail until someone notices. Unchanged ' +
    'pools are not reported, and a check that was there before and was removed is reported ' +
    'by `health-check-removed` instead.',
  options: {},
  check(ctx) {
    const after = ctx.after;
    if (!after) return [];
    const { poolsBefore, poolsAfter } = factsOf(ctx);
    const hits: RuleHit[] = [];
    for (const pool of poolsAfter.values()) {
      if (pool.virtual) continue; // a split between backends has no servers to check
      if (pool.members.length < 2 || hasHealthCheck(pool)) continue;
      const previous = poolsBefore.get(pool.name);
      if (previous && (samePoolIgnoringLoc(previous, pool) || hasHealthCheck(previous))) continue;
      hits.push({
        line: pool.loc.line, file: pool.loc.file,
        message:
          `${previous ? 'Changed' : 'New'} pool ${quote(pool.name)} has ${pool.members.length} members and no ` +
          'health check: when one of them dies, the balancer keeps sending it its share of requests, and they fail.',
      });
    }
    return hits;
  },
};
