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
  context: Partial<Change> & { keyPrefix?: string },
  emit: Emit,
  both: (key: string, b: T, a: T) => void,
): void {
  const { keyPrefix = '', ...ctx } = context;
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a === undefined) emit({ ...ctx, entity, kind: 'removed', key: keyPrefix + key, before: key, loc: b.loc });
    else both(key, b, a);
  }
  for (const [key, a] of after) {
    if (!before.has(key)) emit({ ...ctx, entity, kind: 'added', key: keyPrefix + key, after: key, loc: a.loc });
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function healthCheckSignature(pool: Pool): unknown {
  const { enabled, kind, path, intervalMs } = pool.healthCheck;
  return enabled ? { enabled, kind, path, intervalMs } : { enabled };
}

const MEMBER_FIELDS = ['address', 'port', 'weight', 'state', 'healthChecked', 'priority'] as const;

function diffMembers(pool: string, b: Member, a: Member, emit: Emit): void {
  for (const field of MEMBER_FIELDS) {
    const before = b[field] ?? (field === 'priority' ? 0 : undefined);
    const after = a[field] ?? (field === 'priority' ? 0 : undefined);
    if (before !== after) {
      emit({ entity: 'member', kind: 'changed', key: `${pool}/${a.name}`, pool, member: a.name, field, before, after, loc: a.loc });
    }
  }
}

/** Names of the members that can take traffic, in declaration order. */
function usableOrder(pool: Pool): string[] {
  return pool.members.filter((m) => m.state === 'active' && m.weight > 0).map((m) => m.name);
}

function diffPools(b: Pool, a: Pool, emit: Emit): void {
  const name = a.name;
  const compare = (field: string, before: unknown, after: unknown, loc: SourceLoc = a.loc): void => {
    if (!same(before, after)) emit({ entity: 'pool', kind: 'changed', key: name, pool: name, field, before, after, loc });
  };
  compare('algorithm', b.algorithm, a.algorithm);
  compare('hashKey', b.hashKey ?? null, a.hashKey ?? null);
  compare('allBackups', b.allBackups ?? null, a.allBackups ?? null);
  compare('healthCheck', healthCheckSignature(b), healthCheckSignature(a), a.healthCheck.loc ?? a.loc);
  for (const key of new Set([...Object.keys(b.timeouts), ...Object.keys(a.timeouts)])) {
    compare(`timeouts.${key}`, b.timeouts[key] ?? null, a.timeouts[key] ?? null);
  }
  // Order only matters when the algorithm picks members by position.
  if (a.algorithm === 'first' || a.hashKeyConstant) compare('order', usableOrder(b), usableOrder(a));

  matchKeyed(
    'member',
    byKey(b.members, (m) => m.name),
    byKey(a.members, (m) => m.name),
    { pool: name, keyPrefix: `${name}/` },
    (c) => emit({ ...c, member: String(c.before ?? c.after) }),
    (_key, bm, am) => diffMembers(name, bm, am, emit),
  );
}

function targetsSignature(targets: PoolTarget[]): string[] {
  return targets.map((t) => `${t.pool}*${t.weight}${t.dynamic ? ' dynamic' : ''}`).sort();
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
    { listener, keyPrefix: `${listener} ` },
    emit,
    (key, bb, ab) => {
      if (bb.tls !== ab.tls) {
        emit({ entity: 'bind', kind: 'changed', key: `${listener} ${key}`, listener, field: 'tls', before: bb.tls, after: ab.tls, loc: ab.loc });
      }
    },
  );
  matchKeyed<Route>('route', routeKeys(b.routes), routeKeys(a.routes), { listener, keyPrefix: `${listener} ` }, emit, (key, br, ar) => {
    const before = targetsSignature(br.targets);
    const after = targetsSignature(ar.targets);
    if (!same(before, after)) {
      emit({ entity: 'route', kind: 'changed', key: `${listener} ${key}`, listener, field: 'targets', before, after, loc: ar.loc });
    }
  });
  const before = targetsSignature(b.defaultTargets);
  const after = targetsSignature(a.defaultTargets);
  if (!same(before, after)) {
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
    (c) => emit({ ...c, pool: c.key }),
    (_key, bp, ap) => diffPools(bp, ap, emit),
  );
  matchKeyed<Listener>(
    'listener',
    byKey(b.listeners, (l) => l.name),
    byKey(a.listeners, (l) => l.name),
    {},
    (c) => emit({ ...c, listener: c.key }),
    (_key, bl, al) => diffListeners(bl, al, emit),
  );
  return changes;
}
