// `duplicate-member`: two members of one pool pointing at the same address and port.

import type { Member } from '../model.js';
import { memberEndpoint } from '../model.js';
import type { Rule, RuleHit } from './types.js';
import { quote } from './util.js';

// Pools up to this size are searched pair by pair, which is cheaper than building an index.
const SMALL_POOL = 16;

/** Whether two members' endpoints (`memberEndpoint`) are the same text, mostly without building it. */
function sameEndpoint(a: Member, b: Member): boolean {
  if (a.port !== null && b.port !== null) {
    // The text after the last colon is the port, so the endpoints agree when ports and addresses do.
    return (a.port === b.port || String(a.port) === String(b.port)) && a.address === b.address;
  }
  if (a.port === null && b.port === null) return a.address === b.address;
  return memberEndpoint(a) === memberEndpoint(b);
}

/** The first member before `members[i]` with the same endpoint, if any. */
function earlierTwin(members: Member[], i: number, first: Map<string, Member> | null): Member | undefined {
  if (first !== null) {
    const endpoint = memberEndpoint(members[i]);
    const earlier = first.get(endpoint);
    if (!earlier) first.set(endpoint, members[i]);
    return earlier;
  }
  for (let j = 0; j < i; j++) if (sameEndpoint(members[j], members[i])) return members[j];
  return undefined;
}

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
      const first = pool.members.length > SMALL_POOL ? new Map<string, Member>() : null;
      for (let i = 0; i < pool.members.length; i++) {
        const member = pool.members[i];
        const earlier = earlierTwin(pool.members, i, first);
        if (!earlier) continue;
        const endpoint = memberEndpoint(member);
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
