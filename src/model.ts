// The normalized load-balancer model every format parses into, and the traffic-share
// arithmetic that the traffic table and the traffic rules are built on.

/** Where an element was declared. `line` is 1-based; `column` 1-based when known. */
export interface SourceLoc {
  file: string;
  line: number;
  column?: number;
}

export type MemberState = 'active' | 'backup' | 'disabled' | 'draining';

export interface Member {
  /** Unique within its pool (parsers disambiguate unnamed or repeated members). */
  name: string;
  address: string;
  port: number | null;
  weight: number;
  state: MemberState;
  healthChecked: boolean;
  /** Lower levels take all traffic while they have an active member (Envoy priorities). Default 0. */
  priority?: number;
  /**
   * For members of a virtual pool: the pool this member forwards to when it is declared in the
   * same config (an Envoy cluster, a Traefik service), so dangling references can be found.
   */
  ref?: string;
  loc: SourceLoc;
}

export interface HealthCheck {
  enabled: boolean;
  /** e.g. 'tcp', 'http', 'grpc', 'passive' (nginx max_fails), 'mysql' … */
  kind?: string;
  path?: string;
  /** Milliseconds. */
  intervalMs?: number;
  loc?: SourceLoc;
}

export interface Pool {
  name: string;
  /**
   * Normalized balancing algorithm: 'roundrobin', 'static-rr', 'leastconn', 'first', 'random',
   * 'source', 'uri', 'hash', 'ip_hash', 'ring_hash', 'maglev', … (format-specific names kept as-is
   * when there is no common one).
   */
  algorithm: string;
  /** For hashing algorithms: the key expression as written. */
  hashKey?: string;
  /** True when the hash key can only ever take one value, so every request lands on one member. */
  hashKeyConstant?: boolean;
  /** HAProxy `option allbackups`: all backups share the load instead of only the first. */
  allBackups?: boolean;
  healthCheck: HealthCheck;
  /** Timeouts by name ('connect', 'server', 'queue', …) in milliseconds. */
  timeouts: Record<string, number>;
  members: Member[];
  /**
   * A weighted split across backends rather than a set of servers: an HTTPRoute rule's
   * backendRefs, a Traefik weighted service, Envoy weighted_clusters, an Ingress and its canary.
   * Its members are backends; weights are traffic ratios, not capacity, and a route with one
   * backend is normal, so rules judge it only when an existing split collapses.
   */
  virtual?: boolean;
  /**
   * The proxy answers requests itself (HAProxy stats page, `http-request return|redirect|deny`,
   * `use-service`), so having no servers is by design, not an outage.
   */
  answersItself?: boolean;
  /**
   * Members are discovered at run time, not listed in the file (an Envoy EDS or ORIGINAL_DST
   * cluster, a custom cluster type such as aggregate or dynamic forward proxy), so a pool with
   * no members in the file is not an empty pool.
   */
  discoversMembers?: boolean;
  loc: SourceLoc;
}

export interface Bind {
  address: string;
  port: number | null;
  tls: boolean;
  loc: SourceLoc;
}

export interface PoolTarget {
  pool: string;
  weight: number;
  /** True when the pool name is computed at run time (HAProxy `%[…]`, nginx variables). */
  dynamic?: boolean;
  /**
   * True when the target is a literal address rather than a declared pool (nginx
   * `proxy_pass http://10.0.0.5:8080`): it cannot dangle, and it has no members to share.
   */
  external?: boolean;
}

export interface Route {
  /** Human-readable match, e.g. `if is_api`, `location /api/`, `PathPrefix(/v2)`. */
  match: string;
  targets: PoolTarget[];
  loc: SourceLoc;
}

export interface Listener {
  name: string;
  binds: Bind[];
  routes: Route[];
  /** Where requests go when no route matches (HAProxy default_backend, nginx `location /`). */
  defaultTargets: PoolTarget[];
  loc: SourceLoc;
}

export interface LbConfig {
  format: string;
  file: string;
  listeners: Listener[];
  pools: Pool[];
}

export function emptyConfig(format: string, file: string): LbConfig {
  return { format, file, listeners: [], pools: [] };
}

export function bindKey(bind: Pick<Bind, 'address' | 'port'>): string {
  const host = bind.address === '' ? '*' : bind.address;
  return bind.port === null ? host : `${host}:${bind.port}`;
}

export function memberEndpoint(member: Pick<Member, 'address' | 'port'>): string {
  return member.port === null ? member.address : `${member.address}:${member.port}`;
}

/** Members that take new requests when healthy: active with positive weight. */
export function activeMembers(pool: Pool): Member[] {
  return pool.members.filter((m) => m.state === 'active' && m.weight > 0);
}

export function activeWeight(pool: Pool): number {
  let sum = 0;
  for (const m of pool.members) if (m.state === 'active' && m.weight > 0) sum += m.weight;
  return sum;
}

/** Every pool target a listener can send requests to (routes and default). */
export function listenerTargets(listener: Listener): PoolTarget[] {
  return [...listener.routes.flatMap((r) => r.targets), ...listener.defaultTargets];
}

/**
 * Whether a pool can receive requests. A pool receives traffic when a listener routes to it with
 * a positive weight; when the file has no listeners (a backends-only file) or any listener picks
 * its pool at run time, every pool is assumed to receive traffic, since we cannot prove otherwise.
 */
export function poolsReceivingTraffic(config: LbConfig): Set<string> {
  const all = () => new Set(config.pools.map((p) => p.name));
  if (config.listeners.length === 0) return all();
  // Walked in place rather than through listenerTargets: a file can have thousands of routes.
  const used = new Set<string>();
  for (const listener of config.listeners) {
    for (const route of listener.routes) if (!addTargets(route.targets, used)) return all();
    if (!addTargets(listener.defaultTargets, used)) return all();
  }
  // A split forwards to the pools its members name (a Traefik weighted service, Envoy
  // weighted_clusters): those receive traffic too, transitively.
  const forwarders = forwardingPools(config.pools);
  if (forwarders === null) return used;
  const queue = [...used];
  while (queue.length > 0) {
    const pool = forwarders.get(queue.pop()!);
    if (!pool) continue;
    for (const m of pool.members) {
      if (m.ref !== undefined && m.weight > 0 && m.state !== 'disabled' && !used.has(m.ref)) {
        used.add(m.ref);
        queue.push(m.ref);
      }
    }
  }
  return used;
}

/**
 * The pools that name other pools among their members, by name, or null when none does. Where
 * a name repeats, the last declaration is the one looked up; a last declaration that forwards
 * nowhere removes the name. Only the few splits are indexed, not every pool of a large file.
 */
function forwardingPools(pools: Pool[]): Map<string, Pool> | null {
  let out: Map<string, Pool> | null = null;
  for (const pool of pools) {
    if (forwards(pool)) (out ??= new Map()).set(pool.name, pool);
    else if (out !== null) out.delete(pool.name);
  }
  return out;
}

function forwards(pool: Pool): boolean {
  for (const m of pool.members) if (m.ref !== undefined) return true;
  return false;
}

/** Adds the pools that targets with positive weight send to; false when one is picked at run time. */
function addTargets(targets: PoolTarget[], used: Set<string>): boolean {
  for (const t of targets) {
    if (t.dynamic) return false;
    if (t.weight > 0) used.add(t.pool);
  }
  return true;
}

export function receivesTraffic(config: LbConfig, poolName: string): boolean {
  return poolsReceivingTraffic(config).has(poolName);
}

/** Why a pool's members get the shares they do, in words for the report. */
export type ShareBasis = 'weights' | 'first' | 'constant-hash' | 'backup' | 'priority' | 'none';

export interface PoolShares {
  pool: string;
  basis: ShareBasis;
  /** Member name → fraction (0..1) of the pool's requests. Every member of the pool is present. */
  shares: Map<string, number>;
}

/** Whether all members share one priority level (as a Set would tell them apart). */
function onePriorityLevel(members: Member[]): boolean {
  const level = members[0].priority ?? 0;
  for (const m of members) {
    const other = m.priority ?? 0;
    if (other !== level && !(Number.isNaN(other) && Number.isNaN(level))) return false;
  }
  return true;
}

/**
 * The fraction of a pool's requests each member receives when every member is healthy.
 *
 * - `disabled`, `draining` and weight-0 members get nothing.
 * - `backup` members get nothing while any active member can take traffic; otherwise the first
 *   backup (or all backups with `allBackups`) take over by weight.
 * - members are grouped by `priority`; the lowest level with a usable member takes everything.
 * - `first` (HAProxy `balance first`) and a hash on a constant key send everything to one member.
 */
export function poolShares(pool: Pool): PoolShares {
  // The usual pool is settled without the backup and priority handling below: a config can have thousands.
  const plainTotal = plainActiveWeight(pool);
  if (plainTotal !== null) return { pool: pool.name, basis: 'weights', shares: shareMap(pool, activeMembers(pool), (m) => m.weight / plainTotal) };
  let candidates = activeMembers(pool);
  let basis: ShareBasis = 'weights';
  if (candidates.length === 0) {
    const backups = pool.members.filter((m) => m.state === 'backup' && m.weight > 0);
    candidates = pool.allBackups ? backups : backups.slice(0, 1);
    basis = 'backup';
    // nginx and Envoy use all backups by weight; only HAProxy restricts to the first one.
    if (pool.allBackups === undefined) candidates = backups;
  }
  if (candidates.length === 0) return { pool: pool.name, basis: 'none', shares: shareMap(pool, [], () => 0) };

  // Nearly every pool has one priority level; only pools with several sort them out.
  const levels = onePriorityLevel(candidates) ? [] : [...new Set(candidates.map((m) => m.priority ?? 0))].sort((a, b) => a - b);
  if (levels.length > 1) {
    candidates = candidates.filter((m) => (m.priority ?? 0) === levels[0]);
    if (basis === 'weights') basis = 'priority';
  }

  if (pool.algorithm === 'first' || pool.hashKeyConstant) {
    const shares = shareMap(pool, candidates.slice(0, 1), () => 1);
    return { pool: pool.name, basis: pool.algorithm === 'first' ? 'first' : 'constant-hash', shares };
  }
  const total = candidates.reduce((s, m) => s + m.weight, 0);
  return { pool: pool.name, basis, shares: shareMap(pool, candidates, (m) => m.weight / total) };
}

/**
 * The summed weight of the active members when the usual rules alone decide the shares: some
 * member is active, all active members are on one priority level, and the algorithm spreads
 * requests. Null otherwise. One pass, no lists: a large config has tens of thousands of members.
 */
function plainActiveWeight(pool: Pool): number | null {
  if (pool.algorithm === 'first' || pool.hashKeyConstant) return null;
  let total = 0;
  let level: number | null = null;
  for (const m of pool.members) {
    if (m.state !== 'active' || !(m.weight > 0)) continue;
    const priority = m.priority ?? 0;
    // As onePriorityLevel sees them: NaN is one level of its own.
    if (level === null) level = priority;
    else if (priority !== level && !(Number.isNaN(priority) && Number.isNaN(level))) return null;
    total += m.weight;
  }
  return level === null ? null : total;
}

/**
 * Member name → share for every member, in member order: the `chosen` members (a subsequence of
 * the pool's members) get `share(m)`, the others 0. One pass over the members; a pool that
 * repeats a name is redone in two, so that a chosen member's share wins over a namesake's 0.
 */
function shareMap(pool: Pool, chosen: Member[], share: (m: Member) => number): Map<string, number> {
  const shares = new Map<string, number>();
  let next = 0;
  for (const m of pool.members) {
    if (next < chosen.length && chosen[next] === m) shares.set(m.name, share(chosen[next++]));
    else shares.set(m.name, 0);
  }
  if (shares.size === pool.members.length) return shares;
  shares.clear();
  for (const m of pool.members) shares.set(m.name, 0);
  for (const m of chosen) shares.set(m.name, share(m));
  return shares;
}

/** Shares for every pool of a config, keyed by pool name. */
export function trafficShares(config: LbConfig): Map<string, PoolShares> {
  const out = new Map<string, PoolShares>();
  for (const pool of config.pools) out.set(pool.name, poolShares(pool));
  return out;
}

/**
 * The fraction of a set of weighted targets that reaches each pool (e.g. a weighted route,
 * an HTTPRoute's backendRefs, Envoy weighted_clusters). Weight-0 targets get nothing.
 */
export function targetShares(targets: PoolTarget[]): Map<string, number> {
  const out = new Map<string, number>();
  const total = targets.reduce((s, t) => s + Math.max(0, t.weight), 0);
  for (const t of targets) {
    const share = total > 0 ? Math.max(0, t.weight) / total : 0;
    out.set(t.pool, (out.get(t.pool) ?? 0) + share);
  }
  return out;
}
