// `health-check-removed`: a change that stops the balancer from noticing dead servers.

import type { Rule, RuleHit } from './types.js';
import type { Member } from '../model.js';
import { factsOf } from './context.js';
import { describeHealthCheck, pairedMembers, quote } from './util.js';

const unchecked = (member: Member): boolean => !member.healthChecked;

export const healthCheckRemoved: Rule = {
  id: 'health-check-removed',
  defaultSeverity: 'error',
  doc:
    'A pool that had a health check no longer has one, or a member that was health-checked no ' +
    'longer is. Without the check the balancer cannot tell a dead or hung server from a healthy ' +
    'one: it keeps sending that server its share of requests, and they fail until a person ' +
    'notices and takes it out by hand. Checks are often dropped while debugging a flapping ' +
    'server and then shipped by accident.',
  options: {},
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const pair of factsOf(ctx).pairs) {
      if (pair.after.virtual) continue; // a split between backends has no servers to check
      const pool = pair.after;
      if (pair.before.healthCheck.enabled && !pool.healthCheck.enabled) {
        hits.push({
          line: pool.loc.line, file: pool.loc.file,
          message:
            `Pool ${quote(pool.name)} no longer has a health check (was ${describeHealthCheck(pair.before.healthCheck)}): ` +
            'a dead server keeps receiving its share of requests, and they fail until someone takes it out by hand.',
        });
        continue;
      }
      // Members are paired only when one could have lost its check: usually none did.
      if (!pool.members.some(unchecked) || pair.before.members.every(unchecked)) continue;
      for (const member of pairedMembers(pair.before, pool)) {
        if (!member.before.healthChecked || member.after.healthChecked) continue;
        hits.push({
          line: member.after.loc.line, file: member.after.loc.file,
          message:
            `Member ${quote(member.after.name)} of pool ${quote(pool.name)} is no longer health-checked: ` +
            'if it goes down, the balancer keeps sending it requests, and they fail.',
        });
      }
    }
    return hits;
  },
};
