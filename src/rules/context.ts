// The lookups several rules share (pools by name, pools paired across the two sides, pools
// that receive traffic), built once per file: on a config with thousands of pools, every rule
// rebuilding them cost more than the checks themselves.

import { poolsReceivingTraffic, type LbConfig } from '../model.js';
import type { RuleContext, RuleFacts } from './types.js';
import { pairedPools, poolsByName } from './util.js';

export function ruleFacts(before: LbConfig | null, after: LbConfig | null): RuleFacts {
  const poolsBefore = poolsByName(before);
  const poolsAfter = poolsByName(after);
  return {
    poolsBefore,
    poolsAfter,
    pairs: pairedPools(poolsBefore, poolsAfter),
    receivingBefore: before ? poolsReceivingTraffic(before) : new Set(),
    receivingAfter: after ? poolsReceivingTraffic(after) : new Set(),
  };
}

/** The context's facts, or the same computed now when the context was built without them. */
export function factsOf(ctx: RuleContext): RuleFacts {
  return ctx.facts ?? ruleFacts(ctx.before, ctx.after);
}
