// `timeout-change`: a pool timeout multiplied or divided by a large factor.

import type { Rule, RuleHit, RuleOptionSpec } from './types.js';
import { factsOf } from './context.js';
import { formatDuration, formatFactor, numberOption, quote } from './util.js';

const FACTOR: RuleOptionSpec = {
  type: 'number',
  default: 3,
  minimum: 1,
  description: 'Report a timeout that grows or shrinks by this factor or more.',
};

export const timeoutChange: Rule = {
  id: 'timeout-change',
  defaultSeverity: 'warning',
  doc:
    'A timeout of a pool (connect, server, queue, …) present before and after grows or shrinks ' +
    'by `factor` or more. A much shorter timeout cuts off requests that legitimately take ' +
    'longer (reports, uploads, slow queries) with 504s; a much longer one lets hung servers ' +
    'hold connections and worker slots, so requests pile up behind them instead of failing ' +
    'fast and being retried elsewhere. Setting a timeout to 0 usually means no limit at all.',
  options: { factor: FACTOR },
  check(ctx) {
    const factor = numberOption(ctx.options, 'factor', FACTOR);
    const hits: RuleHit[] = [];
    for (const { before, after } of factsOf(ctx).pairs) {
      for (const name of Object.keys(after.timeouts)) {
        const now = after.timeouts[name];
        const was = before.timeouts[name];
        if (typeof was !== 'number' || typeof now !== 'number' || was === now) continue;
        const change = describeChange(was, now, factor);
        if (!change) continue;
        hits.push({
          line: after.loc.line, file: after.loc.file,
          message:
            `Timeout ${quote(name)} of pool ${quote(after.name)} ${change.verb} from ${formatDuration(was)} ` +
            `to ${formatDuration(now)}${change.detail}: ${change.consequence}.`,
        });
      }
    }
    return hits;
  },
};

function describeChange(
  was: number,
  now: number,
  factor: number,
): { verb: string; detail: string; consequence: string } | null {
  const slower = 'hung servers hold connections far longer before the balancer gives up, so requests pile up instead of failing fast';
  const faster = 'requests that legitimately take longer will be cut off with errors';
  // 0 is "no limit" in most balancers: the largest possible growth.
  if (now === 0) return { verb: 'changes', detail: ' (no limit)', consequence: slower };
  if (was === 0) return { verb: 'changes', detail: ' (was no limit)', consequence: faster };
  if (was < 0 || now < 0) return null;
  if (now / was >= factor) return { verb: 'grows', detail: ` (${formatFactor(now / was)})`, consequence: slower };
  if (was / now >= factor) {
    return { verb: 'shrinks', detail: ` (${formatFactor(was / now)} shorter)`, consequence: faster };
  }
  return null;
}
