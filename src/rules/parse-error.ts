// `parse-error`: a config file the parser could not read. The findings come from the format
// parser; this entry gives them an id, a severity and a README paragraph.

import type { Rule } from './types.js';

export const parseError: Rule = {
  id: 'parse-error',
  defaultSeverity: 'error',
  doc:
    'The file could not be read as the load-balancer format it claims to be: a syntax error, an ' +
    'unknown or misplaced directive, an unterminated block, a value of the wrong kind. The ' +
    'balancer itself would refuse to load such a file, so a reload during a deploy fails or ' +
    'keeps running the old config; and because lb-gate cannot understand it, none of the traffic ' +
    'checks can vouch for it either. Fix the line named in the finding.',
  options: {},
  external: true,
  check: () => [],
};
