// `capacity-drop`: a change that removes a large part of a pool's active weight.

import type { Pool } from '../model.js';
import { activeMembers, activeWeight } from '../model.js';
import type { Rule, RuleHit, RuleOptionSpec } from './types.js';
import { factsOf } from './context.js';
import { EPSILON, formatFactor, formatPercent, numberOption, quote } from './util.js';

const MAX_DROP: RuleOptionSpec = {
  type: 'number',
  default: 0.5,
  minimum: 0,
  maximum: 1,
  description: "Largest fraction (0..1) of a pool's active weight a change may remove.",
};

/**
 * True when the same members stay active and every weight is scaled by one factor (10/10/10 →
 * 1/1/1): weights are relative, so nothing was lost.
 */
function onlyRescaled(before: Pool, after: Pool): boolean {
  const was = activeMembers(before);
  const now = new Map(activeMembers(after).map((m) => [m.name, m.weight]));
  if (was.length === 0 || was.length !== now.size) return false;
  const ratio = (now.get(was[0].name) ?? 0) / was[0].weight;
  return was.every((m) => {
    const weight = now.get(m.name);
    return weight !== undefined && Math.abs(weight / m.weight - ratio) < EPSILON;
  });
}

export const capacityDrop: Rule = {
  id: 'capacity-drop',
  defaultSeverity: 'warning',
  doc:
    "A pool loses more than `max-drop` of its active weight (the summed weight of its active " +
    'members): servers removed, disabled, drained or turned down in the same change. The servers ' +
    'left must absorb the load of the ones taken out; at peak they saturate, latency climbs and ' +
    'requests time out even though every server is "up". Rescaling all weights by one factor is ' +
    'not a drop.',
  options: { 'max-drop': MAX_DROP },
  check(ctx) {
    const limit = numberOption(ctx.options, 'max-drop', MAX_DROP);
    const hits: RuleHit[] = [];
    for (const pair of factsOf(ctx).pairs) {
      if (pair.after.virtual) continue; // split weights are ratios between backends, not capacity
      const was = activeWeight(pair.before);
      const now = activeWeight(pair.after);
      if (was <= 0) continue;
      const drop = (was - now) / was;
      if (drop <= limit + EPSILON || onlyRescaled(pair.before, pair.after)) continue;
      const load =
        now > 0
          ? `the servers left must carry about ${formatFactor(was / now)} the requests each`
          : 'no active capacity is left at all';
      hits.push({
        line: pair.after.loc.line, file: pair.after.loc.file,
        message:
          `Pool ${quote(pair.after.name)} loses ${formatPercent(drop)} of its active capacity ` +
          `(active weight ${was} → ${now}): ${load}. Check they can take the peak load ` +
          `(limit: ${formatPercent(limit)}).`,
      });
    }
    return hits;
  },
};
