// `no-active-members`: a pool that receives requests but has no server able to take them.

import { factsOf } from './context.js';
import type { Rule, RuleHit } from './types.js';
import { hasActiveMember, inactiveReason, listNames, quote } from './util.js';

export const noActiveMembers: Rule = {
  id: 'no-active-members',
  defaultSeverity: 'error',
  takesTraffic: true,
  doc:
    'A pool that a listener sends requests to (or any pool of a backends-only file) has no ' +
    'active member with a weight above 0: every server is disabled, draining, a backup or at ' +
    'weight 0, or the pool is empty. Every request routed there fails with a 503 at once, or, ' +
    'when the pool has backups, lands on the backups alone with nothing behind them. This is ' +
    'the classic "set the last server to maintenance" outage. Proxies that answer requests ' +
    'themselves (a stats page, redirects, `http-request return`) and have no servers are not pools in trouble, ' +
    'nor are pools whose members are discovered at run time and not listed in the file (Envoy EDS, ORIGINAL_DST ' +
    'and custom cluster types); once such a pool lists members, they are judged like any others.',
  options: {},
  check(ctx) {
    const after = ctx.after;
    if (!after) return [];
    const receiving = factsOf(ctx).receivingAfter;
    const hits: RuleHit[] = [];
    for (const pool of after.pools) {
      if (!receiving.has(pool.name) || hasActiveMember(pool)) continue;
      // A stats page or redirect-only proxy has no servers by design; an EDS cluster gets its
      // endpoints from the control plane at run time.
      if ((pool.answersItself || pool.discoversMembers) && pool.members.length === 0) continue;
      const backups = pool.members.filter((m) => m.state === 'backup' && m.weight > 0);
      const why = listNames(pool.members.map((m) => `${m.name}: ${inactiveReason(m) ?? 'inactive'}`));
      let message: string;
      if (pool.members.length === 0) {
        message = `Pool ${quote(pool.name)} receives traffic but has no members: every request to it will fail.`;
      } else if (backups.length > 0) {
        message =
          `Pool ${quote(pool.name)} has no active member with weight above 0 (${why}): its requests ` +
          `go to backups only (${listNames(backups.map((m) => m.name))}), with nothing behind them if they fail.`;
      } else {
        message =
          `Pool ${quote(pool.name)} has no active member with weight above 0 (${why}): every request ` +
          'to it will fail.';
      }
      hits.push({ message, line: pool.loc.line, file: pool.loc.file });
    }
    return hits;
  },
};
