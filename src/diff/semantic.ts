// Semantic diff of two normalized configs. Elements are matched by name (pools, members,
// listeners) or by meaning (binds by address:port, routes by their match), so moving lines
// around or editing comments produces no change at all.

import type { Change } from './types.js';
import { byKey, matchKeyed, type Emit } from './keyed.js';
import { diffPoolMembers } from './members.js';
import {
  bindKey,
  type Bind,
  type LbConfig,
  type Listener,
  type Pool,
  type PoolTarget,
  type Route,
  type SourceLoc,
} from '../model.js';

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

/** Names of the members that can take traffic, in declaration order. */
function usableOrder(pool: Pool): string[] {
  return pool.members.filter((m) => m.state === 'active' && m.weight > 0).map((m) => m.name);
}

// Pool fields are compared by functions of the module rather than closures made for each pool:
// a large config has thousands of pools.

function poolChanged(name: string, field: string, before: unknown, after: unknown, loc: SourceLoc, emit: Emit): void {
  emit({ entity: 'pool', kind: 'changed', key: name, pool: name, field, before, after, loc });
}

function isOwnEnumerable(record: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(record, key);
}

function compareTimeout(b: Pool, a: Pool, key: string, emit: Emit): void {
  const before = b.timeouts[key] ?? null;
  const after = a.timeouts[key] ?? null;
  if (!same(before, after)) poolChanged(a.name, `timeouts.${key}`, before, after, a.loc, emit);
}

function diffPools(b: Pool, a: Pool, emit: Emit): void {
  const name = a.name;
  if (!same(b.algorithm, a.algorithm)) poolChanged(name, 'algorithm', b.algorithm, a.algorithm, a.loc, emit);
  const hashKeyBefore = b.hashKey ?? null;
  const hashKeyAfter = a.hashKey ?? null;
  if (!same(hashKeyBefore, hashKeyAfter)) poolChanged(name, 'hashKey', hashKeyBefore, hashKeyAfter, a.loc, emit);
  const allBackupsBefore = b.allBackups ?? null;
  const allBackupsAfter = a.allBackups ?? null;
  if (!same(allBackupsBefore, allBackupsAfter)) poolChanged(name, 'allBackups', allBackupsBefore, allBackupsAfter, a.loc, emit);
  if (!sameHealthCheck(b, a)) {
    poolChanged(name, 'healthCheck', healthCheckSignature(b), healthCheckSignature(a), a.healthCheck.loc ?? a.loc, emit);
  }
  // Every timeout of either side, the old ones first: the keys Object.keys lists, without
  // building a list per pool.
  for (const key in b.timeouts) if (isOwnEnumerable(b.timeouts, key)) compareTimeout(b, a, key, emit);
  for (const key in a.timeouts) {
    if (isOwnEnumerable(a.timeouts, key) && !isOwnEnumerable(b.timeouts, key)) compareTimeout(b, a, key, emit);
  }
  // Order only matters when the algorithm picks members by position.
  if (a.algorithm === 'first' || a.hashKeyConstant) {
    const orderBefore = usableOrder(b);
    const orderAfter = usableOrder(a);
    if (!same(orderBefore, orderAfter)) poolChanged(name, 'order', orderBefore, orderAfter, a.loc, emit);
  }

  diffPoolMembers(name, b.members, a.members, emit);
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

/** Whether two lists name the same things in the same order, repeats included. */
function sameNameOrder(b: { name: string }[], a: { name: string }[]): boolean {
  if (b.length !== a.length) return false;
  for (let i = 0; i < a.length; i++) if (b[i].name !== a[i].name) return false;
  return true;
}

function diffPoolLists(b: Pool[], a: Pool[], emit: Emit): void {
  if (sameNameOrder(b, a)) {
    diffPoolsByPosition(b, a, emit);
    return;
  }
  matchKeyed<Pool>(
    'pool',
    byKey(b, (p) => p.name),
    byKey(a, (p) => p.name),
    {},
    '',
    (c) => emit({ ...c, pool: c.key }),
    (_key, bp, ap) => diffPools(bp, ap, emit),
  );
}

/**
 * Pools paired by position, for two lists naming the same pools in the same order: the usual
 * case, with nothing added, removed or moved. As matchKeyed, only the first declaration of a
 * repeated name is compared; since few pools change, repeats are looked for only among the
 * pools that report changes rather than indexing thousands of names.
 */
function diffPoolsByPosition(b: Pool[], a: Pool[], emit: Emit): void {
  const found: Change[] = [];
  const collect: Emit = (c) => found.push(c);
  // Per changed pool: its index and the end of its changes in `found`.
  const changed: { index: number; end: number }[] = [];
  for (let i = 0; i < a.length; i++) {
    const start = found.length;
    diffPools(b[i], a[i], collect);
    if (found.length > start) changed.push({ index: i, end: found.length });
  }
  if (changed.length === 0) return;
  const names = new Set(changed.map((c) => a[c.index].name));
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < a.length; i++) if (names.has(a[i].name) && !firstIndex.has(a[i].name)) firstIndex.set(a[i].name, i);
  let start = 0;
  for (const { index, end } of changed) {
    if (firstIndex.get(a[index].name) === index) for (let k = start; k < end; k++) emit(found[k]);
    start = end;
  }
}

/** Every semantic change from `before` to `after`; either side may be absent (file added or removed). */
export function diffConfigs(before: LbConfig | null, after: LbConfig | null): Change[] {
  const changes: Change[] = [];
  const emit: Emit = (c) => changes.push(c);
  const b = before ?? { listeners: [], pools: [] };
  const a = after ?? { listeners: [], pools: [] };
  diffPoolLists(b.pools, a.pools, emit);
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
