// The semantic changes between two versions of a config, keyed by names so that reordering
// lines is not a change.

import type { SourceLoc } from '../model.js';

export type ChangeEntity = 'listener' | 'bind' | 'route' | 'pool' | 'member';
export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Change {
  entity: ChangeEntity;
  kind: ChangeKind;
  /** Stable key: pool name, `pool/member`, listener name, `listener bind-address`, … */
  key: string;
  pool?: string;
  member?: string;
  listener?: string;
  /** For 'changed': which attribute, e.g. 'weight', 'state', 'algorithm', 'healthCheck', 'timeouts.server'. */
  field?: string;
  before?: unknown;
  after?: unknown;
  /** In the new file for additions and changes, in the old one for removals. */
  loc: SourceLoc;
}
