// `traffic-concentration`: a change that makes one server take most of a pool's requests.

import { memberEndpoint, poolShares } from '../model.js';
import type { Rule, RuleHit, RuleOptionSpec } from './types.js';
import { factsOf } from './context.js';
import { EPSILON, activeCount, formatPercent, numberOption, quote, shareReason } from './util.js';

const MAX_MEMBER_SHARE: RuleOptionSpec = {
  type: 'number',
  default: 0.5,
  minimum: 0,
  maximum: 1,
  description: "Largest fraction (0..1) of a pool's requests one member may receive after the change.",
};

/** Whether any share is above `threshold`, as the member test sees it (NaN counts as above). */
function anyAbove(shares: Map<string, number>, threshold: number): boolean {
  for (const share of shares.values()) if (!(share <= threshold)) return true;
  return false;
}

export const trafficConcentration: Rule = {
  id: 'traffic-concentration',
  defaultSeverity: 'error',
  takesTraffic: true,
  doc:
    "After the change, one member of a pool that receives traffic gets more than `max-member-share` " +
    "of the pool's requests, and more than it got before: `balance first`, a hash on a constant key, " +
    'every other server set to weight 0, disabled or a backup, or a new pool with a single server. ' +
    'That server now carries load it was never sized for; when it slows down or falls over, the ' +
    'whole pool goes with it, and the symptoms (timeouts, a saturated database pool) rarely point ' +
    'at the load balancer. A pool that received no traffic before counts as 0% before. ' +
    'Concentration that already existed before the change is not reported again.',
  options: { 'max-member-share': MAX_MEMBER_SHARE },
  check(ctx) {
    const after = ctx.after;
    if (!after) return [];
    const limit = numberOption(ctx.options, 'max-member-share', MAX_MEMBER_SHARE);
    const { receivingAfter, receivingBefore, poolsBefore, poolsAfter } = factsOf(ctx);
    const threshold = limit + EPSILON;
    const hits: RuleHit[] = [];
    for (const pool of poolsAfter.values()) {
      if (!receivingAfter.has(pool.name)) continue;
      const shares = ctx.sharesAfter.get(pool.name) ?? poolShares(pool);
      // Most pools have no share over the limit and are passed over without visiting members (a
      // member missing from the map counts as 0, which never exceeds a threshold of 0 or more).
      if (threshold >= 0 && !anyAbove(shares.shares, threshold)) continue;
      const existed = poolsBefore.has(pool.name);
      // A route with one backend is normal; a split is judged only when an existing one collapses.
      if (pool.virtual && !(existed && activeCount(poolsBefore.get(pool.name)!) >= 2)) continue;
      const hadTraffic = existed && receivingBefore.has(pool.name);
      const sharesBefore = hadTraffic ? ctx.sharesBefore.get(pool.name) ?? poolShares(poolsBefore.get(pool.name)!) : null;
      for (const member of pool.members) {
        const share = shares.shares.get(member.name) ?? 0;
        const previous = sharesBefore?.shares.get(member.name) ?? 0;
        if (share <= threshold || share <= previous + EPSILON) continue;
        const context = !existed
          ? ' (new pool)'
          : !hadTraffic
            ? ' (the pool received no traffic before)'
            : '';
        hits.push({
          line: member.loc.line, file: member.loc.file,
          message:
            `Member ${quote(member.name)} (${memberEndpoint(member)}) of pool ${quote(pool.name)} would ` +
            `receive ${formatPercent(share)} of the pool's requests, up from ${formatPercent(previous)}${context}: ` +
            `${shareReason(pool, shares, member.name)}. If that one server slows down or fails, the pool ` +
            `goes down with it (limit: ${formatPercent(limit)}).`,
        });
      }
    }
    return hits;
  },
};
