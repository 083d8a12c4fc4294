// `schema`: a YAML/JSON config (or the policy file) that breaks its JSON schema. The findings
// come from schema validation; this entry gives them an id, a severity and a README paragraph.

import type { Rule } from './types.js';

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  doc:
    'A YAML or JSON config does not match its JSON schema (the built-in one for its format, or ' +
    'one mapped in `schemas:` of the policy): a required field is missing, a field has the ' +
    'wrong type, a value is out of range, or a key is misspelled and would be silently ignored. ' +
    'Controllers reject such objects or, worse, apply them with defaults nobody chose, so ' +
    'traffic ends up somewhere the author did not intend. Problems in `.github/lb-gate.yml` ' +
    'itself are reported under this id too.',
  options: {},
  external: true,
  check: () => [],
};
