// `duplicate-member`: two members of one pool pointing at the same address and port.

import type { Member } from '../model.js';
import { memberEndpoint } from '../model.js';
import type { Rule, RuleHit } from './types.js';
import { quote } from './util.js';

export const duplicateMember: Rule = {
  id: 'duplicate-member',
  defaultSeverity: 'error',
  doc:
    'Two members of the same pool point at the same address and port, usually a copy-paste ' +
    'slip when adding a server. That server receives a double share of requests while the ' +
    'server meant to be added receives none, so the pool has less capacity and less redundancy ' +
    'than the config suggests, and disabling "one" of the two during maintenance still leaves ' +
    'the same machine in rotation.',
  options: {},
  check(ctx) {
    const after = ctx.after;
    if (!after) return [];
    const hits: RuleHit[] = [];
    for (const pool of after.pools) {
      if (pool.virtual) continue; // naming a backend twice in a split is legal and harmless
      const first = new Map<string, Member>();
      for (const member of pool.members) {
        const endpoint = memberEndpoint(member);
        const earlier = first.get(endpoint);
        if (!earlier) {
          first.set(endpoint, member);
          continue;
        }
        hits.push({
          line: member.loc.line, file: member.loc.file,
          message:
            `Members ${quote(earlier.name)} (line ${earlier.loc.line}) and ${quote(member.name)} of pool ` +
            `${quote(pool.name)} both point at ${endpoint}: that server gets a double share of requests, ` +
            'and the pool has one server fewer than it looks.',
        });
      }
    }
    return hits;
  },
};
