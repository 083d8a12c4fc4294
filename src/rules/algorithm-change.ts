// `algorithm-change`: a change of a pool's balancing algorithm or hash key.

import type { Rule, RuleHit } from './types.js';
import { factsOf } from './context.js';
import { concentrationNote, describeAlgorithm, quote } from './util.js';

export const algorithmChange: Rule = {
  id: 'algorithm-change',
  defaultSeverity: 'warning',
  doc:
    'A pool changes its balancing algorithm or its hash key. The algorithm decides how load ' +
    'spreads: `first` piles every request on one server, a hash on the wrong (or a constant) ' +
    'key does the same, `leastconn` behaves differently for long connections, and any hash ' +
    'change reshuffles which server owns which client or cache key, so caches go cold and ' +
    'sticky sessions are lost at once. Algorithms tried out in a test environment are a ' +
    'common source of production outages.',
  options: {},
  check(ctx) {
    const hits: RuleHit[] = [];
    for (const pair of factsOf(ctx).pairs) {
      const { before, after } = pair;
      if (before.algorithm === after.algorithm && (before.hashKey ?? '') === (after.hashKey ?? '')) continue;
      const note = concentrationNote(after);
      const consequence = note
        ? `: ${note}. One server now carries the whole pool's load.`
        : before.hashKey || after.hashKey
          ? ': requests are reassigned to different servers, so caches and sticky sessions start over.'
          : '. Check the new algorithm spreads load the way this pool needs.';
      hits.push({
        line: after.loc.line, file: after.loc.file,
        message:
          `Pool ${quote(after.name)} changes its balancing algorithm from ${describeAlgorithm(before)} ` +
          `to ${describeAlgorithm(after)}${consequence}`,
      });
    }
    return hits;
  },
};
