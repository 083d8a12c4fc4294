// Matching two keyed collections (pools, members, binds, routes) for the semantic diff: what
// only one side has is reported as added or removed, the rest is handed on for comparison.

import type { Change, ChangeEntity } from './types.js';
import type { SourceLoc } from '../model.js';

export type Emit = (change: Change) => void;

/** Items by key; the first one wins when a key repeats. */
export function byKey<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (!out.has(k)) out.set(k, item);
  }
  return out;
}

/** Matches two keyed collections and reports additions and removals; calls `both` for the rest. */
export function matchKeyed<T extends { loc: SourceLoc }>(
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
