// Schema validation of a parsed YAML/JSON config: the built-in schema of its format, and the
// user's own schemas mapped by glob in the policy (read from the base commit). Only the new
// version is judged; the base is history.

import picomatch from 'picomatch';
import type { Finding, Severity } from '../findings.js';
import type { FormatId, ParseResult } from '../formats/types.js';
import type { GateInput } from '../gate-types.js';
import { BUILT_IN_SCHEMAS, type BuiltInSchema } from './built-in-schemas.js';
import { compileSchema, schemaProblems, type ValidateFn } from './json-schema.js';

const BUILT_IN: Partial<Record<FormatId, BuiltInSchema>> = {
  envoy: BUILT_IN_SCHEMAS.envoy,
  traefik: BUILT_IN_SCHEMAS.traefik,
  'gateway-api': BUILT_IN_SCHEMAS['gateway-api'],
  ingress: BUILT_IN_SCHEMAS.ingress,
};

/** Formats whose `raw` is an array of YAML documents, each validated on its own. */
const MULTI_DOCUMENT: ReadonlySet<FormatId> = new Set(['gateway-api', 'ingress']);

function validateRaw(
  validate: ValidateFn,
  result: ParseResult,
  schemaName: string,
  path: string,
  severity: Severity,
): Finding[] {
  const pointerLine = result.pointerLine ?? (() => null);
  const documents: Array<[string, unknown]> =
    MULTI_DOCUMENT.has(result.format) && Array.isArray(result.raw)
      ? result.raw.map((doc, i) => [`/${i}`, doc])
      : [['', result.raw]];
  const findings: Finding[] = [];
  for (const [prefix, doc] of documents) {
    for (const p of schemaProblems(validate, doc, (pointer, part) => pointerLine(prefix + pointer, part))) {
      findings.push({ rule: 'schema', severity, file: path, line: p.line, column: p.column, side: 'after', message: `${p.message} (schema ${schemaName})` });
    }
  }
  return findings;
}

export function schemaFindings(
  result: ParseResult,
  path: string,
  side: 'before' | 'after',
  input: GateInput,
  severity: Severity | 'off',
): Finding[] {
  if (side !== 'after' || severity === 'off' || result.raw === undefined || result.problems.length > 0) return [];
  const findings: Finding[] = [];
  const builtIn = BUILT_IN[result.format];
  if (builtIn) findings.push(...validateRaw(compileSchema(builtIn.schema), result, builtIn.name, path, severity));

  for (const mapping of input.policy.schemas) {
    if (!picomatch.isMatch(path, mapping.files, { dot: true })) continue;
    // Own entries only: a mapping to `constructor` or `__proto__` must not find Object.prototype's members.
    const schemas = input.userSchemas;
    const schema = schemas && Object.hasOwn(schemas, mapping.schema) ? schemas[mapping.schema] : undefined;
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
    let validate: ValidateFn;
    try {
      // Users' schemas are written for other validators too (x-kubernetes-*, loose oneOf): not strict.
      validate = compileSchema(schema, { strict: false });
    } catch (err) {
      findings.push({ rule: 'schema', severity, file: path, line: null, message: `The schema ${mapping.schema} is not a valid JSON schema: ${(err as Error).message}` });
      continue;
    }
    findings.push(...validateRaw(validate, result, mapping.schema, path, severity));
  }
  return findings;
}

/**
 * The user schemas for GateInput.userSchemas from their texts at the base, by repository path.
 * A missing (null) or unparsable one is left out: the gate reports it on every file it maps.
 */
export function parseUserSchemas(texts: Iterable<readonly [path: string, text: string | null]>): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (const [path, text] of texts) {
    if (text === null) continue;
    try {
      entries.push([path, JSON.parse(text)]);
    } catch {
      // Reported by the gate as a schema it cannot use.
    }
  }
  // fromEntries defines properties: a schema kept at a path named `__proto__` is an entry like
  // any other, where `schemas[path] = …` would have replaced the object's prototype.
  return Object.fromEntries(entries);
}
