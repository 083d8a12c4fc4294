// JSON-schema validation shared by the policy loader and the YAML/JSON formats: compiles a
// schema once (ajv, strict, all errors; lb-gate's own schemas come precompiled) and turns
// ajv's errors into located sentences an on-call can act on — which key, what was expected,
// what was found — with ajv's anyOf/oneOf cascades collapsed into the one message that matters.

import { Ajv, type ErrorObject, type Options as AjvOptions, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { escapePointerSegment, parsePointer } from '../yaml-source.js';

// ajv-formats is CommonJS with `exports.default`: Node hands ESM the whole `module.exports`
// (the plugin, which also carries `.default`), bundlers may hand over `.default`; both work.
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export type ValidateFn = ValidateFunction;

export interface CompileOptions {
  /**
   * ajv strict mode (default true): unknown keywords, formats and ignored constraints in the
   * schema are errors. Schemas generated for other tools (x-kubernetes-* keywords) may need false.
   */
  strict?: boolean;
}

export interface SchemaProblem {
  message: string;
  /** 1-based; null when the document has no source positions. */
  line: number | null;
  column?: number;
  /** JSON pointer of the node the message is about. */
  pointer: string;
}

export type PointerLine = (
  pointer: string,
  part?: 'key' | 'value',
) => { line: number; column?: number } | null;

export interface SchemaProblemOptions {
  /** At most this many problems (default 100); the last one then says how many were left out. */
  max?: number;
}

// Compiling is the expensive part and the same schema objects are used for every file.
const compiled = new WeakMap<object, { strict?: ValidateFn; loose?: ValidateFn }>();

/**
 * ajv's options for a schema. scripts/gen-validators.mjs precompiles lb-gate's own schemas with
 * the strict ones (a test holds its copy equal to these).
 */
export function ajvOptions(strict: boolean): AjvOptions {
  return {
    strict,
    allErrors: true,
    verbose: true, // gives each error its schema and data, which the messages are built from
    allowUnionTypes: true,
    logger: false,
    // ajv tests a declared key by `data[key] !== undefined`, so a users' schema naming a key
    // `constructor` or `toString` would find Object.prototype's members in every mapping: its
    // `required` always met, its `properties` type-checking a function. lb-gate's own schemas
    // (strict) name no such key (a test holds them to it) and spare the per-key own check.
    ownProperties: !strict,
  };
}

/** Compiles `schema` (draft-07, 2019-09 or 2020-12 by its `$schema`); throws if it is invalid. */
export function compileSchema(schema: object, options: CompileOptions = {}): ValidateFn {
  const strict = options.strict ?? true;
  const slot = strict ? 'strict' : 'loose';
  const entry = compiled.get(schema) ?? {};
  const cached = entry[slot];
  if (cached) return cached;

  const ajvOpts = ajvOptions(strict);
  // One instance per schema: schemas from different repositories may reuse the same $id.
  const dialect = typeof (schema as { $schema?: unknown }).$schema === 'string' ? (schema as { $schema: string }).$schema : '';
  const ajv = dialect.includes('2020-12')
    ? new Ajv2020(ajvOpts)
    : dialect.includes('2019-09')
      ? new Ajv2019(ajvOpts)
      : new Ajv(ajvOpts);
  addFormats(ajv);
  const validate = ajv.compile(schema);
  entry[slot] = validate;
  compiled.set(schema, entry);
  return validate;
}

/** A validator scripts/gen-validators.mjs generated ahead of time (ajv standalone code). */
export type PrecompiledValidate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * From now on `compileSchema(schema)` (strict) returns `validate`, which must have been generated
 * from this very schema object's content with the strict options: lb-gate's own schemas then
 * cost a cold run nothing to compile (the Envoy schema took ajv ~100 ms). Returns `schema`.
 */
export function usePrecompiled<T extends object>(schema: T, validate: PrecompiledValidate): T {
  // schemaProblems words errors against the root schema, which ajv's functions carry as
  // `.schema`. There is no `.schemaEnv`: nothing here compiles against a precompiled function.
  const fn = Object.assign(validate, { schema }) as unknown as ValidateFn;
  const entry = compiled.get(schema) ?? {};
  entry.strict = fn;
  compiled.set(schema, entry);
  return schema;
}

type SchemaNode = Record<string, unknown> | boolean;

/** Validates `value` and describes every distinct problem, located through `pointerLine`. */
export function schemaProblems(
  validate: ValidateFn,
  value: unknown,
  pointerLine: PointerLine | null | undefined,
  options: SchemaProblemOptions = {},
): SchemaProblem[] {
  let valid: boolean;
  try {
    valid = validate(value) as boolean;
  } catch (err) {
    // A recursive schema over very deep data can exhaust the stack; that is a finding, not a crash.
    const reason = err instanceof Error ? err.message : String(err);
    return [{ message: `top level: could not be validated (${reason})`, line: locate(pointerLine, '', 'value')?.line ?? null, pointer: '' }];
  }
  if (valid) return [];
  const root = (validate.schema ?? {}) as SchemaNode;
  const errors = collapseAlternatives(validate.errors ?? [], root);

  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    const described = describeError(error, root);
    if (!described) continue;
    const key = `${described.pointer}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = locate(pointerLine, described.pointer, described.part);
    problems.push({
      message: described.message,
      line: position?.line ?? null,
      ...(position?.column !== undefined ? { column: position.column } : {}),
      pointer: described.pointer,
    });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

  return limitProblems(problems, options.max ?? 100);
}

/** The first `max` problems, the last of them replaced by a count of those left out. */
export function limitProblems(problems: SchemaProblem[], max: number): SchemaProblem[] {
  const limit = Math.max(1, max);
  if (problems.length <= limit) return problems;
  const shown = problems.slice(0, limit - 1);
  shown.push({
    ...problems[limit - 1]!,
    message: `…and ${problems.length - shown.length} more schema problems from here on, not listed`,
  });
  return shown;
}

function locate(
  pointerLine: PointerLine | null | undefined,
  pointer: string,
  part: 'key' | 'value',
): { line: number; column?: number } | null {
  if (!pointerLine) return null;
  // Pointers from the validator always exist in the data, but a format's locator may only know
  // some nodes: fall back to the nearest ancestor it knows.
  let current: string | null = pointer;
  while (current !== null) {
    const found = pointerLine(current, part);
    if (found) return found;
    current = current === '' ? null : current.slice(0, current.lastIndexOf('/'));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// anyOf / oneOf: ajv reports every failed branch plus the combinator itself. Keep the errors of
// the branch the data was evidently meant for (its type matches); if no branch's type matches,
// keep the combinator alone, which is described as "must be A or B".

function collapseAlternatives(errors: ErrorObject[], root: SchemaNode): ErrorObject[] {
  const errorsWithin = subtreeIndex(errors);
  const dropped = new Set<ErrorObject>();
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || (e.keyword === 'oneOf' && !Array.isArray(e.params.passingSchemas)))
    .sort((a, b) => a.instancePath.length - b.instancePath.length || a.schemaPath.length - b.schemaPath.length);

  for (const combinator of combinators) {
    if (dropped.has(combinator)) continue;
    const branches = Array.isArray(combinator.schema) ? (combinator.schema as SchemaNode[]) : [];
    const prefixes = branches.map((branch, i) => branchSchemaPaths(`${combinator.schemaPath}/${i}`, branch, root));
    const branchOf = (e: ErrorObject): number =>
      prefixes.findIndex((list) => list.some((p) => e.schemaPath === p || e.schemaPath.startsWith(`${p}/`)));
    const related = errorsWithin(combinator.instancePath).filter(
      (e) => e !== combinator && !dropped.has(e) && branchOf(e) !== -1,
    );
    const fitting = branches
      .map((branch, i) => ({ i, count: related.filter((e) => branchOf(e) === i).length }))
      .filter(({ i }) => typeFits(branches[i]!, combinator.data, root));

    let keep: number | null = null;
    if (fitting.length === 1) keep = fitting[0]!.i;
    else if (fitting.length > 1) {
      const fewest = Math.min(...fitting.map((f) => f.count));
      const best = fitting.filter((f) => f.count === fewest);
      if (best.length === 1) keep = best[0]!.i;
    }
    for (const e of related) if (keep === null || branchOf(e) !== keep) dropped.add(e);
    if (keep !== null) dropped.add(combinator);
  }
  return errors.filter((e) => !dropped.has(e));
}

/** Schema paths under which a branch's errors are reported (itself, and what its $ref points at). */
function branchSchemaPaths(path: string, branch: SchemaNode, root: SchemaNode): string[] {
  const paths = [path];
  let current = branch;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    paths.push(current.$ref);
    const target = resolveLocalRef(current.$ref, root);
    if (target === undefined) break;
    current = target;
  }
  return paths;
}

function typeFits(branch: SchemaNode, data: unknown, root: SchemaNode): boolean {
  const schema = deref(branch, root);
  if (schema === true) return true;
  if (schema === false) return false;
  const types = declaredTypes(schema);
  if (types === null) return true;
  const actual = jsonType(data);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer') || (t === 'integer' && actual === 'number'));
}

function declaredTypes(schema: Record<string, unknown>): string[] | null {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t): t is string => typeof t === 'string');
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map(jsonType))];
  if ('const' in schema) return [jsonType(schema.const)];
  if (isObject(schema.properties) || Array.isArray(schema.required) || 'additionalProperties' in schema) return ['object'];
  if ('items' in schema || 'minItems' in schema) return ['array'];
  if ('pattern' in schema || 'minLength' in schema || 'maxLength' in schema || 'format' in schema) return ['string'];
  if ('minimum' in schema || 'maximum' in schema || 'exclusiveMinimum' in schema || 'exclusiveMaximum' in schema) return ['number'];
  return null;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Errors at a path or below it, found by binary search over the paths in sorted order, so that
 * data with thousands of failing alternatives is not scanned once per alternative.
 */
function subtreeIndex(errors: ErrorObject[]): (path: string) => ErrorObject[] {
  const sorted = [...errors].sort((a, b) => (a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0));
  const firstAtOrAfter = (key: string): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]!.instancePath < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (path) => {
    const found: ErrorObject[] = [];
    for (let i = firstAtOrAfter(path); i < sorted.length && sorted[i]!.instancePath === path; i++) found.push(sorted[i]!);
    const prefix = `${path}/`;
    for (let i = firstAtOrAfter(prefix); i < sorted.length && sorted[i]!.instancePath.startsWith(prefix); i++) {
      found.push(sorted[i]!);
    }
    return found;
  };
}

// ---------------------------------------------------------------------------------------------
// Wording.

interface Described {
  message: string;
  pointer: string;
  part: 'key' | 'value';
}

const SAME_AS_EXPECTED = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
]);

function describeError(error: ErrorObject, root: SchemaNode): Described | null {
  // Errors about a key's name come through the propertyNames error that follows them.
  if ((error as { propertyName?: string }).propertyName !== undefined) return null;
  const at = error.instancePath;
  const where = at === '' ? 'top level' : at;
  const parent = isObject(error.parentSchema) ? error.parentSchema : {};
  const got = `got ${describeValue(error.data)}`;
  const params = error.params as Record<string, unknown>;

  if (SAME_AS_EXPECTED.has(error.keyword)) {
    return { message: `${where}: must be ${describeExpected(parent, root)}, ${got}`, pointer: at, part: 'value' };
  }
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty ?? '');
      const allowed = allowedKeys(parent);
      const suggestion = closestKey(key, allowed.names);
      return {
        message:
          `${where}: unknown key ${quote(key)} (allowed: ${allowed.text})` +
          (suggestion ? `; did you mean ${quote(suggestion)}?` : ''),
        pointer: `${at}/${escapePointerSegment(key)}`,
        part: 'key',
      };
    }
    case 'required':
      return { message: `${where}: missing required key ${quote(String(params.missingProperty))}`, pointer: at, part: 'key' };
    case 'dependencies':
    case 'dependentRequired':
      return {
        message: `${where}: key ${quote(String(params.property))} also needs ${quote(String(params.missingProperty))}`,
        pointer: at,
        part: 'key',
      };
    case 'minItems':
    case 'maxItems': {
      const limit = Number(params.limit);
      const bound = error.keyword === 'minItems' ? 'at least' : 'at most';
      const count = Array.isArray(error.data) && error.data.length > 0 ? `got ${entries(error.data.length)}` : got;
      return { message: `${where}: must have ${bound} ${entries(limit)}, ${count}`, pointer: at, part: 'value' };
    }
    case 'minProperties':
    case 'maxProperties': {
      const limit = Number(params.limit);
      const bound = error.keyword === 'minProperties' ? 'at least' : 'at most';
      return { message: `${where}: must have ${bound} ${limit} ${limit === 1 ? 'key' : 'keys'}, ${got}`, pointer: at, part: 'value' };
    }
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      const item = Array.isArray(error.data) ? error.data[later] : undefined;
      return {
        message: `${where}: ${describeValue(item)} is listed twice (entries ${earlier} and ${later}); each entry must be unique`,
        pointer: `${at}/${later}`,
        part: 'value',
      };
    }
    case 'propertyNames': {
      const key = String(params.propertyName ?? '');
      const rule = isObject(parent.propertyNames) || typeof parent.propertyNames === 'boolean' ? (parent.propertyNames as SchemaNode) : true;
      return {
        message: `${where}: key ${quote(key)} is not allowed; keys must be ${describeExpected(rule, root)}`,
        pointer: `${at}/${escapePointerSegment(key)}`,
        part: 'key',
      };
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(error.schema) ? (error.schema as SchemaNode[]) : [];
      const options = joinAlternatives(branches.map((b) => describeExpected(b, root, true)));
      if (error.keyword === 'oneOf' && Array.isArray(params.passingSchemas)) {
        return { message: `${where}: fits more than one of the allowed forms (${options}); it must fit exactly one`, pointer: at, part: 'value' };
      }
      return { message: `${where}: must be ${options}, ${got}`, pointer: at, part: 'value' };
    }
    case 'not':
      return { message: `${where}: must not be ${describeExpected(error.schema as SchemaNode, root)}, ${got}`, pointer: at, part: 'value' };
    case 'contains':
      return {
        message: `${where}: must contain at least one entry that is ${describeExpected(parent.contains as SchemaNode, root)}`,
        pointer: at,
        part: 'value',
      };
    case 'false schema':
      return { message: `${where}: is not allowed here`, pointer: at, part: 'key' };
    case 'if':
      return null; // the failing then/else branch reports its own errors
    default:
      return { message: `${where}: ${error.message ?? 'is not valid'}`, pointer: at, part: 'value' };
  }
}

/** "a number between 0 and 1", "one of error, warning, never", "a list of strings", … */
function describeExpected(node: SchemaNode | undefined, root: SchemaNode, withKeys = false, hops = 0): string {
  const schema = deref(node ?? true, root);
  if (schema === true) return 'any value';
  if (schema === false) return 'nothing (no value is allowed)';
  if (Array.isArray(schema.enum)) {
    return schema.enum.length === 1 ? literal(schema.enum[0], true) : `one of ${listLiterals(schema.enum)}`;
  }
  if ('const' in schema) return literal(schema.const, true);
  const alternatives = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null) as
    | SchemaNode[]
    | null;
  if (alternatives && hops < 3 && declaredTypes(schema) === null) {
    return joinAlternatives(alternatives.map((b) => describeExpected(b, root, withKeys, hops + 1)));
  }
  const types = declaredTypes(schema);
  if (types === null) return 'a valid value';
  return joinAlternatives(types.map((type) => describeType(type, schema, root, withKeys)));
}

function describeType(type: string, schema: Record<string, unknown>, root: SchemaNode, withKeys: boolean): string {
  switch (type) {
    case 'number':
    case 'integer':
      return (type === 'integer' ? 'an integer' : 'a number') + numericBounds(schema);
    case 'string': {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : null;
      let text = min === 1 && max === null ? 'a non-empty string' : 'a string';
      if (min > 1 && max !== null) text += ` of ${min} to ${max} characters`;
      else if (min > 1) text += ` of at least ${min} characters`;
      else if (max !== null) text += ` of at most ${max} characters`;
      if (typeof schema.format === 'string') text += ` in ${schema.format} format`;
      if (typeof schema.pattern === 'string') text += ` matching ${clip(schema.pattern, 80)}`;
      return text;
    }
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'empty';
    case 'array': {
      const items = isObject(schema.items) ? deref(schema.items, root) : null;
      const itemTypes = isObject(items) ? declaredTypes(items) : null;
      const nonEmpty = typeof schema.minItems === 'number' && schema.minItems >= 1;
      const of = itemTypes?.length === 1 ? ` of ${pluralType(itemTypes[0]!)}` : '';
      return `${nonEmpty ? 'a non-empty list' : 'a list'}${of}`;
    }
    case 'object': {
      if (!withKeys) return 'a mapping';
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      const keys = isObject(schema.properties) ? Object.keys(schema.properties) : [];
      let text = 'a mapping';
      if (required.length > 0 && required.length <= 8) text += ` with ${required.join(' and ')}`;
      if (keys.length > 0 && keys.length <= 8) text += ` (keys: ${keys.join(', ')})`;
      return text;
    }
    default:
      return `a ${type}`;
  }
}

function numericBounds(schema: Record<string, unknown>): string {
  const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  const min = num(schema.minimum);
  const max = num(schema.maximum);
  const xmin = num(schema.exclusiveMinimum);
  const xmax = num(schema.exclusiveMaximum);
  const parts: string[] = [];
  if (min !== null && max !== null) parts.push(` between ${min} and ${max}`);
  else {
    if (min !== null) parts.push(` >= ${min}`);
    if (max !== null) parts.push(` <= ${max}`);
  }
  if (xmin !== null) parts.push(` > ${xmin}`);
  if (xmax !== null) parts.push(` < ${xmax}`);
  if (typeof schema.multipleOf === 'number') parts.push(` in steps of ${schema.multipleOf}`);
  return parts.join(' and').replace(/^ and/, '');
}

function pluralType(type: string): string {
  const plurals: Record<string, string> = {
    string: 'strings',
    number: 'numbers',
    integer: 'integers',
    boolean: 'booleans',
    object: 'mappings',
    array: 'lists',
  };
  return plurals[type] ?? `${type} values`;
}

function allowedKeys(schema: Record<string, unknown>): { names: string[]; text: string } {
  const names = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  const patterns = isObject(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
  const shown = names.length > 25 ? [...names.slice(0, 25), `… ${names.length - 25} more`] : names;
  const parts = [...shown, ...patterns.map((p) => `keys matching ${clip(p, 60)}`)];
  return { names, text: parts.length > 0 ? parts.join(', ') : 'none' };
}

/** The allowed key a typo most likely meant, if one is close enough. */
function closestKey(key: string, candidates: string[]): string | null {
  if (key.length === 0 || key.length > 64 || candidates.length > 200) return null;
  const wanted = key.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.floor(key.length / 4));
  return best !== null && bestDistance > 0 && bestDistance <= tolerance ? best : null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function joinAlternatives(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.length <= 1) return unique[0] ?? 'a valid value';
  // Alternatives may be lists themselves ("one of a, b"), so they get an unmistakable frame.
  if (unique.some((p) => p.includes(','))) return `either ${unique.slice(0, -1).join(', ')}, or ${unique[unique.length - 1]}`;
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function listLiterals(values: unknown[]): string {
  const shown = values.slice(0, 20).map((v) => literal(v, false));
  if (values.length > 20) shown.push(`… ${values.length - 20} more`);
  return shown.join(', ');
}

/** Enum members read best bare (error, warning); quote only what would be ambiguous. */
function literal(value: unknown, quoteStrings: boolean): string {
  if (typeof value === 'string') {
    return quoteStrings || value === '' || /[,\s"]/.test(value) ? quote(value) : clip(value, 60);
  }
  return clip(JSON.stringify(value) ?? String(value), 60);
}

function entries(count: number): string {
  return `${count} ${count === 1 ? 'entry' : 'entries'}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

function quote(text: string): string {
  return JSON.stringify(clip(text, 60));
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deref(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const target = resolveLocalRef(current.$ref, root);
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

function resolveLocalRef(ref: string, root: SchemaNode): SchemaNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  const segments = parsePointer(decoded);
  if (segments === null) return undefined;
  let current: unknown = root;
  for (const segment of segments) {
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return isObject(current) || typeof current === 'boolean' ? (current as SchemaNode) : undefined;
}
