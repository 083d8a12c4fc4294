// The member part of the semantic diff: members of a pool present on both sides, matched by
// name, compared field by field. A large config has tens of thousands of members; in the usual
// case (same names, same order) they pair up by position without lookup maps.

import { byKey, matchKeyed, type Emit } from './keyed.js';
import type { Member } from '../model.js';

function memberField(pool: string, a: Member, field: string, before: unknown, after: unknown, emit: Emit): void {
  if (before !== after) {
    emit({ entity: 'member', kind: 'changed', key: `${pool}/${a.name}`, pool, member: a.name, field, before, after, loc: a.loc });
  }
}

// Fields are read one by one rather than by a loop over names, which V8 reads slowly; a null
// field is recorded as absent, and a missing priority is level 0.
function diffMembers(pool: string, b: Member, a: Member, emit: Emit): void {
  memberField(pool, a, 'address', b.address ?? undefined, a.address ?? undefined, emit);
  memberField(pool, a, 'port', b.port ?? undefined, a.port ?? undefined, emit);
  memberField(pool, a, 'weight', b.weight ?? undefined, a.weight ?? undefined, emit);
  memberField(pool, a, 'state', b.state ?? undefined, a.state ?? undefined, emit);
  memberField(pool, a, 'healthChecked', b.healthChecked ?? undefined, a.healthChecked ?? undefined, emit);
  memberField(pool, a, 'priority', b.priority ?? 0, a.priority ?? 0, emit);
}

// Up to this many members, repeated names are looked for by comparing every pair.
const SMALL_POOL = 16;

/**
 * True when both sides list the same member names in the same order, each name once: the
 * usual case, where members pair up by position and no lookup maps need to be built.
 */
function sameMemberNames(b: Member[], a: Member[]): boolean {
  if (b.length !== a.length || a.length > SMALL_POOL) return false;
  for (let i = 0; i < a.length; i++) {
    const name = a[i].name;
    if (b[i].name !== name) return false;
    for (let j = 0; j < i; j++) if (a[j].name === name) return false;
  }
  return true;
}

/** Every member change of one pool: members added, removed, or with a changed field. */
export function diffPoolMembers(pool: string, b: Member[], a: Member[], emit: Emit): void {
  if (sameMemberNames(b, a)) {
    for (let i = 0; i < a.length; i++) diffMembers(pool, b[i], a[i], emit);
    return;
  }
  matchKeyed(
    'member',
    byKey(b, (m) => m.name),
    byKey(a, (m) => m.name),
    { pool },
    `${pool}/`,
    (c) => emit({ ...c, member: String(c.before ?? c.after) }),
    (_key, bm, am) => diffMembers(pool, bm, am, emit),
  );
}
