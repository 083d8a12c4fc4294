// Helpers shared by the built-in rules: looking pools up by name across the two sides,
// comparing elements while ignoring where they were written, and wording numbers, durations,
// health checks and targets the way the on-call reads them.

import type { Bind, HealthCheck, LbConfig, Member, Pool, PoolShares, PoolTarget } from '../model.js';
import { bindKey, targetShares } from '../model.js';
import type { RuleOptionSpec } from './types.js';

/** Pools of a config by name; the first declaration wins when a name repeats. */
export function poolsByName(config: LbConfig | null): Map<string, Pool> {
  const out = new Map<string, Pool>();
  for (const pool of config?.pools ?? []) if (!out.has(pool.name)) out.set(pool.name, pool);
  return out;
}

export function membersByName(pool: Pool): Map<string, Member> {
  const out = new Map<string, Member>();
  for (const member of pool.members) if (!out.has(member.name)) out.set(member.name, member);
  return out;
}

export interface PoolPair {
  before: Pool;
  after: Pool;
}

/** Pools present on both sides (each side's pools by name), matched by name, in the order of the new file. */
export function pairedPools(before: Map<string, Pool>, after: Map<string, Pool>): PoolPair[] {
  const out: PoolPair[] = [];
  for (const pool of after.values()) {
    const previous = before.get(pool.name);
    if (previous) out.push({ before: previous, after: pool });
  }
  return out;
}

/** Whether a pool has an active member with weight above 0 (`activeMembers(pool).length > 0`, without the list). */
export function hasActiveMember(pool: Pool): boolean {
  for (const m of pool.members) if (m.state === 'active' && m.weight > 0) return true;
  return false;
}

/** `activeMembers(pool).length`, without building the list. */
export function activeCount(pool: Pool): number {
  let n = 0;
  for (const m of pool.members) if (m.state === 'active' && m.weight > 0) n++;
  return n;
}

/** Members present on both sides of a pool, matched by name, in the order of the new pool. */
export function pairedMembers(before: Pool, after: Pool): { before: Member; after: Member }[] {
  const old = membersByName(before);
  const out: { before: Member; after: Member }[] = [];
  for (const member of membersByName(after).values()) {
    const previous = old.get(member.name);
    if (previous) out.push({ before: previous, after: member });
  }
  return out;
}

/** A rule's numeric option; the spec's default when the policy left it out or gave a non-number. */
export function numberOption(options: Record<string, unknown>, name: string, spec: RuleOptionSpec): number {
  const value = options[name];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return spec.default as number;
}

/** Tolerance for comparing shares and ratios computed in floating point. */
export const EPSILON = 1e-9;

function round(value: number, digits: number): string {
  const factor = 10 ** digits;
  return String(Math.round(value * factor) / factor);
}

/** 0.5 → '50%', 2/3 → '66.7%'. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (Math.abs(percent - Math.round(percent)) < 0.05) return `${Math.round(percent)}%`;
  return `${percent.toFixed(1)}%`;
}

/** 250 → '250ms', 1500 → '1.5s', 90000 → '1m 30s', 7200000 → '2h'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0';
  if (ms < 1000) return `${round(ms, 2)}ms`;
  if (ms < 60_000) return `${round(ms / 1000, 2)}s`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (seconds > 0) parts.push(`${round(seconds, 2)}s`);
  return parts.join(' ');
}

/** 12 → '12×', 2.54 → '2.5×'. */
export function formatFactor(factor: number): string {
  return `${round(factor, 1)}×`;
}

/** 'a', 'a and b', 'a, b and c', 'a, b, c, d, e and 3 more' — bounded however long the list. */
export function listNames(names: string[], max = 5): string {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0];
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function quote(name: string): string {
  return `'${name}'`;
}

/** Why a member takes no new requests, or null when it does. */
export function inactiveReason(member: Member): string | null {
  if (member.state === 'disabled') return 'disabled';
  if (member.state === 'draining') return 'draining';
  if (member.weight <= 0) return `weight ${member.weight}`;
  if (member.state === 'backup') return 'backup';
  return null;
}

/** Whether a pool checks its members at all, at pool level or on any member. */
export function hasHealthCheck(pool: Pool): boolean {
  if (pool.healthCheck.enabled) return true;
  for (const m of pool.members) if (m.healthChecked) return true;
  return false;
}

/** 'http /healthz every 2s', 'tcp', 'a health check'. */
export function describeHealthCheck(check: HealthCheck): string {
  const parts: string[] = [];
  if (check.kind) parts.push(check.kind);
  if (check.path) parts.push(check.path);
  if (check.intervalMs !== undefined) parts.push(`every ${formatDuration(check.intervalMs)}`);
  return parts.length > 0 ? parts.join(' ') : 'a health check';
}

/** 'roundrobin', 'hash $request_uri'. */
export function describeAlgorithm(pool: Pick<Pool, 'algorithm' | 'hashKey'>): string {
  if (!pool.hashKey) return pool.algorithm;
  // HAProxy keys repeat their algorithm (`uri`, `hdr(Host)`, `url_param id`): name it once.
  return pool.hashKey.startsWith(pool.algorithm) ? pool.hashKey : `${pool.algorithm} ${pool.hashKey}`;
}

/** Why an algorithm sends everything to one server, or null when it spreads requests. */
export function concentrationNote(pool: Pool): string | null {
  if (pool.algorithm === 'first') {
    return 'balance first sends every request to the first server; the others only take its overflow';
  }
  if (pool.hashKeyConstant) {
    const key = pool.hashKey ? ` (${pool.hashKey})` : '';
    return `a hash on a constant key${key} sends every request to the same server`;
  }
  return null;
}

/**
 * Why `memberName` gets the share it does in `shares`, in words: the algorithm, backups,
 * priority levels or weights.
 */
export function shareReason(pool: Pool, shares: PoolShares, memberName: string): string {
  const share = shares.shares.get(memberName) ?? 0;
  switch (shares.basis) {
    case 'first':
    case 'constant-hash':
      return concentrationNote(pool) ?? 'the algorithm sends every request to one server';
    case 'backup':
      return share >= 1 - EPSILON
        ? 'no active server is left, so this backup server takes every request'
        : 'no active server is left, so the backup servers take every request';
    case 'priority': {
      const level = pool.members.find((m) => m.name === memberName)?.priority ?? 0;
      const peers = [...shares.shares.values()].filter((v) => v > 0).length;
      const tail = peers <= 1 ? 'this is its only one' : `it has only ${peers} servers`;
      return `priority level ${level} takes every request while it has a usable server, and ${tail}`;
    }
    case 'none':
      return 'no server can take requests';
    case 'weights': {
      if (share >= 1 - EPSILON) {
        const others = pool.members.filter((m) => m.name !== memberName);
        if (others.length === 0) return "it is the pool's only server";
        const why = listNames(others.map((m) => `${m.name}: ${inactiveReason(m) ?? 'inactive'}`));
        return others.some((m) => m.state === 'backup' && m.weight > 0)
          ? `no other server takes requests while it is up (${why})`
          : `every other server has weight 0 or is disabled (${why})`;
      }
      const member = pool.members.find((m) => m.name === memberName);
      const total = pool.members
        .filter((m) => m.state === 'active' && m.weight > 0)
        .reduce((sum, m) => sum + m.weight, 0);
      return `its weight ${member?.weight ?? 0} is ${formatPercent(share)} of the pool's active weight ${total}`;
    }
  }
}

/** Shares of a set of targets as a comparable map: pool → fraction rounded against float noise. */
export function targetShareKey(targets: PoolTarget[]): string {
  const shares = targetShares(targets);
  return [...shares.entries()]
    .map(([pool, share]) => `${pool}=${Math.round(share * 1e6)}`)
    .sort()
    .join('|');
}

/** 'web', 'web 90% and canary 10%', 'nothing'. */
export function describeTargets(targets: PoolTarget[]): string {
  if (targets.length === 0) return 'nothing';
  const shares = targetShares(targets);
  if (shares.size === 1) {
    const [[pool, share]] = [...shares.entries()];
    return share > 0 ? pool : `${pool} (weight 0)`;
  }
  return listNames([...shares.entries()].map(([pool, share]) => `${pool} ${formatPercent(share)}`));
}

const WILDCARD_ADDRESSES = new Set(['', '*', '0.0.0.0']);

/**
 * A bind's identity for comparing listening sockets: `bindKey`, with the IPv4 wildcard
 * spellings (`*`, `0.0.0.0`, empty) treated as one, since rewriting one as another listens on
 * the same socket.
 */
export function listenKey(bind: Pick<Bind, 'address' | 'port'>): string {
  const address = WILDCARD_ADDRESSES.has(bind.address) ? '*' : bind.address;
  return bindKey({ address, port: bind.port });
}

const MAX_COMPARE_DEPTH = 32;

/**
 * Structural equality that ignores every `loc` (moving an element to another line is not a
 * change). Members are compared by name, so reordering them is not a change either. Bounded in
 * depth: the model is shallow, so anything deeper is treated as different rather than recursed.
 */
export function samePoolIgnoringLoc(a: Pool, b: Pool): boolean {
  const { members: membersA, ...restA } = a;
  const { members: membersB, ...restB } = b;
  if (!equalIgnoringLoc(restA, restB, 0)) return false;
  if (membersA.length !== membersB.length) return false;
  const byName = membersByName(b);
  if (byName.size !== membersB.length) return equalIgnoringLoc(membersA, membersB, 0);
  return membersA.every((m) => {
    const other = byName.get(m.name);
    return other !== undefined && equalIgnoringLoc(m, other, 0);
  });
}

export function equalIgnoringLoc(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b)) return true;
  if (depth > MAX_COMPARE_DEPTH) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => equalIgnoringLoc(item, b[i], depth + 1));
  }
  const recA = a as Record<string, unknown>;
  const recB = b as Record<string, unknown>;
  const keys = (rec: Record<string, unknown>) =>
    Object.keys(rec).filter((k) => k !== 'loc' && rec[k] !== undefined);
  const keysA = keys(recA);
  const keysB = new Set(keys(recB));
  if (keysA.length !== keysB.size) return false;
  return keysA.every((k) => keysB.has(k) && equalIgnoringLoc(recA[k], recB[k], depth + 1));
}
