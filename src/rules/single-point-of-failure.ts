// `single-point-of-failure`: a change that leaves a busy pool with too few active servers.

import { activeMembers } from '../model.js';
import { factsOf } from './context.js';
import type { Rule, RuleHit, RuleOptionSpec } from './types.js';
import { activeCount, listNames, numberOption, quote } from './util.js';

const MIN_ACTIVE_MEMBERS: RuleOptionSpec = {
  type: 'integer',
  default: 2,
  minimum: 1,
  description: 'Fewest active members (active, weight above 0) a pool that receives traffic may be left with.',
};

export const singlePointOfFailure: Rule = {
  id: 'single-point-of-failure',
  defaultSeverity: 'error',
  takesTraffic: true,
  doc:
    'An existing pool that receives traffic drops below `min-active-members` active members ' +
    '(active and weight above 0) and has fewer than before: servers removed, disabled, drained, ' +
    'turned into backups or set to weight 0 during maintenance. The pool keeps working until ' +
    'the one server left restarts, is deployed to, or runs out of capacity; then every request ' +
    'to it fails. New pools are judged by `traffic-concentration` instead.',
  options: { 'min-active-members': MIN_ACTIVE_MEMBERS },
  check(ctx) {
    if (!ctx.after || !ctx.before) return [];
    const minimum = numberOption(ctx.options, 'min-active-members', MIN_ACTIVE_MEMBERS);
    const { receivingAfter, pairs } = factsOf(ctx);
    const hits: RuleHit[] = [];
    for (const pair of pairs) {
      // A split collapsing onto one backend is traffic-concentration's to report, once.
      if (!receivingAfter.has(pair.after.name) || pair.after.virtual) continue;
      const active = activeCount(pair.after);
      if (active >= minimum) continue; // most pools: the old side need not be counted
      const was = activeCount(pair.before);
      if (active >= was) continue;
      const left = active === 0 ? 'none left' : listNames(activeMembers(pair.after).map((m) => m.name));
      hits.push({
        line: pair.after.loc.line, file: pair.after.loc.file,
        message:
          `Pool ${quote(pair.after.name)} drops from ${was} active members to ${active} (${left}): ` +
          `${consequence(active)}. ` +
          `The policy asks for at least ${minimum}.`,
      });
    }
    return hits;
  },
};

function consequence(active: number): string {
  if (active === 0) return 'nothing is left to serve its requests';
  if (active === 1) return 'a single server failure or restart now takes down all of its traffic';
  return `losing ${active} servers at once (a bad deploy, one rack) now takes down all of its traffic`;
}
