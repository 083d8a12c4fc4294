// The contract of a policy rule: a stable id, a default severity, documented options, and a
// pure check over the before/after models of one file.

import type { Change } from '../diff/types.js';
import type { Severity } from '../findings.js';
import type { LbConfig, Pool, PoolShares } from '../model.js';

export interface RuleOptionSpec {
  type: 'number' | 'integer' | 'boolean' | 'string' | 'string[]';
  default: unknown;
  minimum?: number;
  maximum?: number;
  description: string;
}

export interface RuleContext {
  /** Path of the file (the new path for renames). */
  file: string;
  /** Null when the file is added (before) or removed (after). */
  before: LbConfig | null;
  after: LbConfig | null;
  changes: Change[];
  sharesBefore: Map<string, PoolShares>;
  sharesAfter: Map<string, PoolShares>;
  /** The rule's options, defaults merged with the policy's values. */
  options: Record<string, unknown>;
  /**
   * Lookups several rules need, computed once per file by the gate rather than by every rule.
   * Optional so that a context built by hand still works: rules use `factsOf(ctx)`.
   */
  facts?: RuleFacts;
}

export interface RuleFacts {
  /** Pools by name; the first declaration wins when a name repeats. Empty for an absent side. */
  poolsBefore: Map<string, Pool>;
  poolsAfter: Map<string, Pool>;
  /** Pools present on both sides, matched by name, in the order of the new file. */
  pairs: { before: Pool; after: Pool }[];
  /** Names of the pools that can receive requests (`poolsReceivingTraffic`); empty for an absent side. */
  receivingBefore: Set<string>;
  receivingAfter: Set<string>;
}

export interface RuleHit {
  message: string;
  line: number | null;
  /** The file `line` is in, when it is not the gated file itself (an nginx include). */
  file?: string;
  /** 'after' (default) or 'before' when the line is in the old file (removals). */
  side?: 'before' | 'after';
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One paragraph for the README's rule table. */
  doc: string;
  options: Record<string, RuleOptionSpec>;
  /**
   * True for rules whose findings come from outside `check` (the parser, the schema validator),
   * listed so their severity can be configured and documented like any other.
   */
  external?: boolean;
  /** Whether a hit of this rule takes traffic away from members (raises risk to critical). */
  takesTraffic?: boolean;
  check(ctx: RuleContext): RuleHit[];
}
