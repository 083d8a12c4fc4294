// Semantic diff of two normalized configs. Elements are matched by name (pools, members,
// listeners) or by meaning (binds by address:port, routes by their match), so moving lines
// around or editing comments produces no change at all.

import type { Change, ChangeEntity } from './types.js';
import {
  bindKey,
  type Bind,
  type LbConfig,
  type Listener,
  type Member,
  type Pool,
  type PoolTarget,
  type Route,
  type SourceLoc,
} from '../model.js';

type Emit = (change: Change) => void;

function byKey<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, item);
  }
  return out;
}

/** Matches two keyed collections and reports additions and removals; calls `both` for the rest. */
function matchKeyed<T extends { loc: SourceLoc }>(
  entity: ChangeEntity,
  before: Map<string, T>,
  after: Map<string, T>,
  ctx: Partial<Change>,
  keyPrefix: string,
  emit: Emit,
  both: (key: string, b: T, a: T) => void,
): void {
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a === undefined) emit({ ...ctx, entity, kind: 'removed', key: keyPrefix + key, before: key, loc: b.loc });
    else both(key, b, a);
  }
  for (const [key, a] of after) {
    if (!before.has(key)) emit({ ...ctx, entity, kind: 'added', key: keyPrefix + key, after: key, loc: a.loc });
  }
}

/**
 * Whether two values are equal as JSON sees them. Scalars, which most fields are, are compared
 * directly (a large config has thousands of pools); only arrays and objects are serialized.
 */
function same(a: unknown, b: unknown): boolean {
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'boolean')) return a === b;
  // JSON writes NaN and the infinities as null, so they are all alike.
  if (type === 'number' && typeof b === 'number') return a === b || (!Number.isFinite(a) && !Number.isFinite(b));
  if (a === null && b === null) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function healthCheckSignature(pool: Pool): unknown {
  const { enabled, kind, path, intervalMs } = pool.healthCheck;
  return enabled ? { enabled, kind, path, intervalMs } : { enabled };
}

/** A field JSON leaves out when undefined: equal when both are absent or both present and alike. */
function sameOptional(a: unknown, b: unknown): boolean {
  return a === undefined || b === undefined ? a === b : same(a, b);
}

/** `same(healthCheckSignature(b), healthCheckSignature(a))` without building the signatures. */
function sameHealthCheck(b: Pool, a: Pool): boolean {
  const was = b.healthCheck;
  const now = a.healthCheck;
  if (!sameOptional(was.enabled, now.enabled)) return false;
  if (!now.enabled) return true;
  return sameOptional(was.kind, now.kind) && sameOptional(was.path, now.path) && sameOptional(was.intervalMs, now.intervalMs);
}

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

/** Names of the members that can take traffic, in declaration order. */
function usableOrder(pool: Pool): string[] {
  return pool.members.filter((m) => m.state === 'active' && m.weight > 0).map((m) => m.name);
}

function diffPools(b: Pool, a: Pool, emit: Emit): void {
  const name = a.name;
  const changed = (field: string, before: unknown, after: unknown, loc: SourceLoc = a.loc): void => {
    emit({ entity: 'pool', kind: 'changed', key: name, pool: name, field, before, after, loc });
  };
  const compare = (field: string, before: unknown, after: unknown): void => {
    if (!same(before, after)) changed(field, before, after);
  };
  compare('algorithm', b.algorithm, a.algorithm);
  compare('hashKey', b.hashKey ?? null, a.hashKey ?? null);
  compare('allBackups', b.allBackups ?? null, a.allBackups ?? null);
  if (!sameHealthCheck(b, a)) {
    changed('healthCheck', healthCheckSignature(b), healthCheckSignature(a), a.healthCheck.loc ?? a.loc);
  }
  const compareTimeout = (key: string): void => {
    const before = b.timeouts[key] ?? null;
    const after = a.timeouts[key] ?? null;
    if (!same(before, after)) changed(`timeouts.${key}`, before, after);
  };
  // Every timeout of either side, the old ones first.
  for (const key of Object.keys(b.timeouts)) compareTimeout(key);
  for (const key of Object.keys(a.timeouts)) if (!Object.prototype.propertyIsEnumerable.call(b.timeouts, key)) compareTimeout(key);
  // Order only matters when the algorithm picks members by position.
  if (a.algorithm === 'first' || a.hashKeyConstant) compare('order', usableOrder(b), usableOrder(a));

  if (sameMemberNames(b.members, a.members)) {
    for (let i = 0; i < a.members.length; i++) diffMembers(name, b.members[i], a.members[i], emit);
    return;
  }
  matchKeyed(
    'member',
    byKey(b.members, (m) => m.name),
    byKey(a.members, (m) => m.name),
    { pool: name },
    `${name}/`,
    (c) => emit({ ...c, member: String(c.before ?? c.after) }),
    (_key, bm, am) => diffMembers(name, bm, am, emit),
  );
}

function targetsSignature(targets: PoolTarget[]): string[] {
  return targets.map((t) => `${t.pool}*${t.weight}${t.dynamic ? ' dynamic' : ''}`).sort();
}

/**
 * Whether two target lists have the same signature. The same targets in the same order, by far
 * the usual case, are recognized without building and sorting the signatures.
 */
function sameTargets(b: PoolTarget[], a: PoolTarget[]): boolean {
  if (b.length === a.length) {
    let i = 0;
    while (i < a.length && b[i].pool === a[i].pool && b[i].weight === a[i].weight && !b[i].dynamic === !a[i].dynamic) i++;
    if (i === a.length) return true;
  }
  return same(targetsSignature(b), targetsSignature(a));
}

function routeKeys(routes: Route[]): Map<string, Route> {
  // Identical matches are legal (HAProxy evaluates use_backend rules in order); number repeats.
  const seen = new Map<string, number>();
  const out = new Map<string, Route>();
  for (const r of routes) {
    const n = (seen.get(r.match) ?? 0) + 1;
    seen.set(r.match, n);
    out.set(n === 1 ? r.match : `${r.match} #${n}`, r);
  }
  return out;
}

function diffListeners(b: Listener, a: Listener, emit: Emit): void {
  const listener = a.name;
  matchKeyed<Bind>(
    'bind',
    byKey(b.binds, bindKey),
    byKey(a.binds, bindKey),
    { listener },
    `${listener} `,
    emit,
    (key, bb, ab) => {
      if (bb.tls !== ab.tls) {
        emit({ entity: 'bind', kind: 'changed', key: `${listener} ${key}`, listener, field: 'tls', before: bb.tls, after: ab.tls, loc: ab.loc });
      }
    },
  );
  matchKeyed<Route>('route', routeKeys(b.routes), routeKeys(a.routes), { listener }, `${listener} `, emit, (key, br, ar) => {
    if (!sameTargets(br.targets, ar.targets)) {
      const before = targetsSignature(br.targets);
      const after = targetsSignature(ar.targets);
      emit({ entity: 'route', kind: 'changed', key: `${listener} ${key}`, listener, field: 'targets', before, after, loc: ar.loc });
    }
  });
  if (!sameTargets(b.defaultTargets, a.defaultTargets)) {
    const before = targetsSignature(b.defaultTargets);
    const after = targetsSignature(a.defaultTargets);
    emit({ entity: 'listener', kind: 'changed', key: listener, listener, field: 'defaultTargets', before, after, loc: a.loc });
  }
}

/** Every semantic change from `before` to `after`; either side may be absent (file added or removed). */
export function diffConfigs(before: LbConfig | null, after: LbConfig | null): Change[] {
  const changes: Change[] = [];
  const emit: Emit = (c) => changes.push(c);
  const b = before ?? { listeners: [], pools: [] };
  const a = after ?? { listeners: [], pools: [] };
  matchKeyed<Pool>(
    'pool',
    byKey(b.pools, (p) => p.name),
    byKey(a.pools, (p) => p.name),
    {},
    '',
    (c) => emit({ ...c, pool: c.key }),
    (_key, bp, ap) => diffPools(bp, ap, emit),
  );
  matchKeyed<Listener>(
    'listener',
    byKey(b.listeners, (l) => l.name),
    byKey(a.listeners, (l) => l.name),
    {},
    '',
    (c) => emit({ ...c, listener: c.key }),
    (_key, bl, al) => diffListeners(bl, al, emit),
  );
  return changes;
}
