// Schema validation of a parsed YAML/JSON config: the user's own schemas mapped by glob in the
// policy (read from the base commit). Only the new version is judged; the base is history.

import picomatch from 'picomatch';
import type { Finding, Severity } from '../findings.js';
import type { ParseResult } from '../formats/types.js';
import type { GateInput } from '../gate-types.js';
import { compileSchema, schemaProblems } from './json-schema.js';

export function schemaFindings(
  result: ParseResult,
  path: string,
  side: 'before' | 'after',
  input: GateInput,
  severity: Severity | 'off',
): Finding[] {
  if (side !== 'after' || severity === 'off' || result.raw === undefined || result.problems.length > 0) return [];
  const findings: Finding[] = [];
  for (const mapping of input.policy.schemas) {
    if (!picomatch.isMatch(path, mapping.files, { dot: true })) continue;
    const schema = input.userSchemas?.[mapping.schema];
    if (schema === undefined || schema === null || typeof schema !== 'object') {
      findings.push({
        rule: 'schema',
        severity,
        file: path,
        line: null,
        message: `The policy maps this file to the schema ${mapping.schema}, which could not be read from the base commit.`,
      });
      continue;
    }
    let validate;
    try {
      // Users' schemas are written for other validators too (x-kubernetes-*, loose oneOf): not strict.
      validate = compileSchema(schema, { strict: false });
    } catch (err) {
      findings.push({ rule: 'schema', severity, file: path, line: null, message: `The schema ${mapping.schema} is not a valid JSON schema: ${(err as Error).message}` });
      continue;
    }
    const pointerLine = result.pointerLine ?? (() => null);
    for (const p of schemaProblems(validate, result.raw, pointerLine)) {
      findings.push({ rule: 'schema', severity, file: path, line: p.line, column: p.column, side, message: `${p.message} (schema ${mapping.schema})` });
    }
  }
  return findings;
}
