// The before → after traffic table shared by the text and Markdown reports: the rows of
// `GateResult.traffic` grouped per file and pool, only for pools whose shares moved, with the
// members in a stable order and each member's change worked out once.

import type { TrafficRow } from '../gate-types.js';

/** Shares closer than this are the same share (they come from float division). */
const SAME_SHARE = 1e-9;

export interface MemberTraffic {
  member: string;
  before: number | null;
  after: number | null;
  /** `after − before` when the member exists on both sides, else null. */
  delta: number | null;
  changed: boolean;
}

export interface PoolTraffic {
  file: string;
  pool: string;
  members: MemberTraffic[];
  /** Fewer members receive traffic after the change than before, and at least one still does. */
  concentrated: boolean;
  /** The largest share any one member receives after the change (null when the pool is gone). */
  maxAfter: number | null;
}

function sameShare(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < SAME_SHARE;
}

function memberTraffic(row: TrafficRow): MemberTraffic {
  return {
    member: row.member,
    before: row.before,
    after: row.after,
    delta: row.before !== null && row.after !== null ? row.after - row.before : null,
    changed: !sameShare(row.before, row.after),
  };
}

function byShareThenName(a: MemberTraffic, b: MemberTraffic): number {
  return (
    (b.after ?? -1) - (a.after ?? -1) ||
    (b.before ?? -1) - (a.before ?? -1) ||
    a.member.localeCompare(b.member, 'en', { numeric: true })
  );
}

function serving(members: MemberTraffic[], side: 'before' | 'after'): number {
  return members.filter((m) => (m[side] ?? 0) > SAME_SHARE).length;
}

/**
 * Pools whose traffic shares changed, in the order the gate reported them, members sorted by
 * their share after the change (largest first), then before, then name.
 */
export function changedPools(traffic: TrafficRow[]): PoolTraffic[] {
  const groups = new Map<string, { file: string; pool: string; rows: TrafficRow[] }>();
  for (const row of traffic) {
    const key = JSON.stringify([row.file, row.pool]);
    let group = groups.get(key);
    if (!group) {
      group = { file: row.file, pool: row.pool, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  const pools: PoolTraffic[] = [];
  for (const group of groups.values()) {
    const members = group.rows.map(memberTraffic);
    if (!members.some((m) => m.changed)) continue;
    members.sort(byShareThenName);
    const afterServing = serving(members, 'after');
    const maxAfter = members.reduce<number | null>((max, m) => (m.after !== null && (max === null || m.after > max) ? m.after : max), null);
    pools.push({
      file: group.file,
      pool: group.pool,
      members,
      concentrated: afterServing >= 1 && afterServing < serving(members, 'before'),
      maxAfter,
    });
  }
  return pools;
}

/** A share as a percentage with one decimal: 0.333 → '33.3%'; null (absent) → '—'. */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** How a member's share moved, in percentage points, or what happened to the member. */
export function formatChange(member: MemberTraffic): string {
  if (member.before === null && member.after === null) return '—';
  if (member.before === null) return 'added';
  if (member.after === null) return 'removed';
  if (!member.changed || member.delta === null) return 'unchanged';
  const points = Math.round(member.delta * 1000) / 10;
  if (points === 0) return member.delta > 0 ? '+<0.1 pp' : '-<0.1 pp';
  return `${points > 0 ? '+' : '-'}${Math.abs(points).toFixed(1)} pp`;
}

/** A ten-cell bar for a share, e.g. 0.6 → '██████░░░░'; null → ten empty cells. */
export function shareBar(share: number | null, width = 10): string {
  const filled = share === null || !Number.isFinite(share) ? 0 : Math.round(Math.min(1, Math.max(0, share)) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
