// YAML text → plain values plus a JSON-pointer → line/column map, shared by the policy loader
// and the YAML-native formats. It refuses, with a located problem and in bounded time, input
// that would exhaust memory, time or stack: huge files, binary content, deep nesting, alias
// bombs and circular aliases. Duplicate keys are found here (not by the yaml library, whose
// check is quadratic in the number of keys of a mapping).
//
// Readers are tried fastest first, each declining what it does not read exactly: strict JSON
// (json-fast.ts), block-style YAML (yaml-block.ts), then js-yaml (yaml-fast.ts); anything they
// decline — every file with a problem other than duplicate keys — is read here with the yaml
// library (~0.4 s per MB), which gives the same values and positions and words the problems.

import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type CST,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import { duplicateKeyMessage, tooDeepMessage } from './reader-problems.js';
import type { ParseProblem } from './formats/types.js';
import { readJson } from './json-fast.js';
import { readBlockYaml, type BlockYamlResult } from './yaml-block.js';
import { readCleanYaml, type CleanYamlDoc } from './yaml-fast.js';
import type { NodeCursor } from './yaml-positions.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface YamlDoc {
  value: unknown;
  /**
   * Where the node at a JSON pointer (`/a/0/b`, `~0`/`~1` escapes) is written. `part: 'key'`
   * gives the key of the mapping entry holding the node (for "unknown key" messages). A missing
   * node maps to its nearest existing parent; null only for a malformed pointer.
   */
  pointerLine(pointer: string, part?: 'key' | 'value'): SourcePosition | null;
  /**
   * The root node, to find positions by stepping down from it (NodeCursor.child) instead of by
   * pointers; offered by the fast readers, for mappings that locate thousands of nodes.
   */
  root?(): NodeCursor;
}

export interface LoadYamlOptions {
  /** Accept several `---` documents (Kubernetes style). Otherwise a second one is a problem. */
  multi?: boolean;
  /**
   * How many alias expansions (counted as the yaml library counts them) are allowed before we
   * call it an alias bomb; negative: no limit, 0: no aliases at all.
   */
  maxAliasCount?: number;
  /**
   * Larger texts are refused unread: a file with a problem is read by the yaml library, which
   * costs ~80 MB of heap and ~0.4 s per MB (clean files ~0.05 s per MB).
   */
  maxBytes?: number;
  /** Deeper nesting (counting aliases expanded) is refused: no LB config nests this deep. */
  maxDepth?: number;
}

export const YAML_LIMITS = {
  maxAliasCount: 100,
  maxBytes: 10 * 1024 * 1024,
  maxDepth: 100,
} as const;

export interface LoadYamlResult {
  /** One per non-empty document; a document whose value could not be built is left out. */
  docs: YamlDoc[];
  /** Sorted by position. */
  problems: ParseProblem[];
}

// C0 controls other than tab, LF and CR, and DEL, are not allowed anywhere in YAML text.
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

// With merge keys enabled the yaml library reads a plain `<<` key as a symbol.
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

export function loadYaml(text: string, opts: LoadYamlOptions = {}): LoadYamlResult {
  return capProblems(load(text, opts, true));
}

/** Problems reported per file; a file with thousands (200,000 duplicate keys) gets a count. */
export const MAX_PROBLEMS = 100;

/** A reader's result; `problemCount` when it listed only the first of its problems. */
type ReadResult = LoadYamlResult & { problemCount?: number };

function capProblems(result: ReadResult): LoadYamlResult {
  const { problems } = result;
  const total = result.problemCount ?? problems.length;
  if (total <= MAX_PROBLEMS) return { docs: result.docs, problems };
  const kept = problems.slice(0, MAX_PROBLEMS);
  const last = kept[kept.length - 1]!;
  kept.push({
    line: last.line,
    ...(last.column !== undefined ? { column: last.column } : {}),
    message: `${total - MAX_PROBLEMS} more problems after this one are not listed`,
  });
  return { docs: result.docs, problems: kept };
}

/**
 * loadYaml without the fast reader: every file read by the yaml library. The reference the fast
 * reader is held to (same values, positions and verdicts); loadYaml is the one to use.
 */
export function loadYamlWithYamlLibrary(text: string, opts: LoadYamlOptions = {}): LoadYamlResult {
  return capProblems(load(text, opts, false));
}

const FAST_READER_MAX_LINE = 4096;

/**
 * JSON (read by JSON.parse in linear time and little memory) may be larger than other YAML:
 * an Envoy bootstrap kept as indented JSON is ~2.3x the size of the same YAML.
 */
const jsonMaxBytes = (maxBytes: number): number => Math.max(maxBytes, Math.min(maxBytes * 3, 32 * 1024 * 1024));

/** Whether the text starts (after a byte-order mark and blanks) like a JSON object or array. */
function looksLikeJson(text: string): boolean {
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x7b /* { */ || c === 0x5b; /* [ */
  }
  return false;
}

/** JSON.parse's complaint about `text`, with a line and column when it gives a position. */
function jsonError(text: string): string {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return 'JSON.parse accepted it';
  } catch (err) {
    const message = errorText(err);
    const position = /at position (\d+)/.exec(message);
    if (!position) return message;
    const at = positionOfIndex(text, Number(position[1]) + (text.charCodeAt(0) === 0xfeff ? 1 : 0));
    return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${at.line}, column ${at.column}`;
  }
}

function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); ; i = text.indexOf('\n', start)) {
    const end = i === -1 ? text.length : i;
    if (end - start > longest) longest = end - start;
    if (i === -1) return longest;
    start = i + 1;
  }
}

function load(text: string, opts: LoadYamlOptions, fast: boolean): ReadResult {
  const multi = opts.multi ?? false;
  const maxAliasCount = opts.maxAliasCount ?? YAML_LIMITS.maxAliasCount;
  const maxBytes = opts.maxBytes ?? YAML_LIMITS.maxBytes;
  const maxDepth = opts.maxDepth ?? YAML_LIMITS.maxDepth;

  const bytes = Buffer.byteLength(text, 'utf8');
  const maybeJson = fast && looksLikeJson(text);
  if (bytes > maxBytes && !(maybeJson && bytes <= jsonMaxBytes(maxBytes))) {
    return refuse({
      line: 1,
      column: 1,
      message:
        `file is ${formatSize(bytes)}, over the ${formatSize(maxBytes)} lb-gate reads as YAML; ` +
        'it was not checked — split it into smaller files',
    });
  }

  // The block reader declines any file with a control character, so what it reads needs no scan.
  if (fast && !maybeJson) {
    const block = readBlock(text, multi, maxDepth);
    if (block) return block;
  }

  // JSON.parse refuses raw control characters except DEL, so strict JSON needs only that check.
  const json = maybeJson ? readJson(text, { maxDepth }) : null;
  const forbidden = json && !text.includes('\x7f') ? null : FORBIDDEN_CHAR.exec(text);
  if (forbidden) {
    const at = positionOfIndex(text, forbidden.index);
    const code = forbidden[0].charCodeAt(0);
    return refuse({
      ...at,
      message:
        code === 0
          ? 'file contains a NUL byte: it looks binary, not YAML, and was not read'
          : `file contains control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, ` +
            'which YAML does not allow; the file was not read',
    });
  }
  if (json) return { docs: json.docs.map(cleanYamlDoc), problems: json.problems };
  if (maybeJson && bytes > maxBytes) {
    return refuse({
      line: 1,
      column: 1,
      message:
        `file is ${formatSize(bytes)} and not valid JSON; lb-gate reads JSON up to ${formatSize(jsonMaxBytes(maxBytes))} ` +
        `but other YAML only up to ${formatSize(maxBytes)}, so it was not checked (${jsonError(text)})`,
    });
  }

  if (maybeJson) {
    const block = readBlock(text, multi, maxDepth); // `{a: 1}`: YAML flow, not JSON
    if (block) return block;
  }

  // js-yaml slows down quadratically on very long lines (a compact JSON file is one line), so
  // such files are left to the yaml library, which reads them in linear time.
  if (fast && longestLine(text) <= FAST_READER_MAX_LINE) {
    let clean: CleanYamlDoc[] | null = null;
    try {
      clean = readCleanYaml(text, { multi, maxAliasCount, maxDepth });
    } catch {
      clean = null; // the yaml library below reads it, and reports anything wrong
    }
    if (clean) return { docs: clean.map(cleanYamlDoc), problems: [] };
  }

  try {
    return loadChecked(text, multi, maxAliasCount, maxDepth);
  } catch (err) {
    // The yaml library guards its own recursion, but nothing here may crash the gate.
    return refuse({ line: 1, column: 1, message: `could not read YAML: ${errorText(err)}` });
  }
}

/** The block reader's documents, or null when it declines (the readers after it decide). */
function readBlock(text: string, multi: boolean, maxDepth: number): ReadResult | null {
  let block: BlockYamlResult | null = null;
  try {
    block = readBlockYaml(text, { multi, maxDepth });
  } catch {
    block = null; // the readers after it read the file and report anything wrong
  }
  return block ? { docs: block.docs.map(cleanYamlDoc), problems: block.problems, problemCount: block.problemCount } : null;
}

function loadChecked(
  text: string,
  multi: boolean,
  maxAliasCount: number,
  maxDepth: number,
): LoadYamlResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  // The CST parser is iterative; the composer recurses per nesting level, so the depth is
  // checked on the CST before anything recursive sees the input.
  const cst = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const tooDeep = firstTooDeepOffset(cst, maxDepth);
  if (tooDeep !== null) {
    return refuse({
      ...at(tooDeep),
      message: tooDeepMessage(maxDepth),
    });
  }

  const composer = new Composer({
    uniqueKeys: false,
    merge: true,
    prettyErrors: false,
    logLevel: 'silent',
  });
  const documents = Array.from(composer.compose(cst)).filter((doc) => !isEmptyDocument(doc));

  const problems: ParseProblem[] = [];
  const docs: YamlDoc[] = [];
  for (const [index, doc] of documents.entries()) {
    if (!multi && index > 0) {
      if (index === 1) {
        problems.push({
          ...at(doc.range[0]),
          message:
            'a second YAML document starts here; this file must hold exactly one (remove the `---` separator or the extra document)',
        });
      }
      continue;
    }
    for (const issue of [...doc.errors, ...doc.warnings]) problems.push(yamlIssue(issue, at));

    const walk = walkDocument(doc, at, maxDepth);
    for (const problem of walk.problems) problems.push(problem);
    if (walk.fatal) continue;

    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (err) {
      problems.push(
        err instanceof ReferenceError && /excessive alias/i.test(err.message)
          ? {
              ...at(walk.firstAliasOffset ?? doc.range[0]),
              message:
                `aliases expand to more than ${maxAliasCount} copies of anchored nodes; ` +
                'refusing to expand them (this is how "billion laughs" alias bombs work)',
            }
          : { ...at(doc.range[0]), message: `could not read YAML: ${errorText(err)}` },
      );
      continue;
    }
    docs.push({ value, pointerLine: pointerLocator(doc, walk.aliasTargets, at) });
  }

  problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { docs, problems };
}

function cleanYamlDoc(doc: CleanYamlDoc): YamlDoc {
  return {
    value: doc.value,
    root: () => doc.root(),
    pointerLine: (pointer, part = 'value') => {
      if (pointer === '' || (pointer.charCodeAt(0) === 0x2f && !pointer.includes('~'))) return doc.locatePointer(pointer, part);
      const segments = parsePointer(pointer);
      return segments === null ? null : doc.locate(segments, part);
    },
  };
}

function refuse(problem: ParseProblem): LoadYamlResult {
  return { docs: [], problems: [problem] };
}

/** Offset of the first collection nested deeper than `maxDepth`, walking the CST iteratively. */
function firstTooDeepOffset(tokens: CST.Token[], maxDepth: number): number | null {
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  stack.reverse();
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const children: Array<CST.Token | null | undefined> = [];
    let childDepth = depth;
    switch (token.type) {
      case 'document':
        children.push(token.value);
        break;
      case 'block-scalar':
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        childDepth = depth + 1;
        if (childDepth > maxDepth) return token.offset;
        for (const item of token.items) children.push(item.key, item.value);
        break;
      default:
        break;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push({ token: child, depth: childDepth });
    }
  }
  return null;
}

// A trailing `---` or a comment-only section yields an empty document; it holds no config.
function isEmptyDocument(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  if (contents === null) return true;
  return (
    isScalar(contents) &&
    contents.value === null &&
    contents.range[0] === contents.range[1] &&
    !contents.anchor &&
    !contents.tag
  );
}

const FRIENDLY_YAML_ERRORS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML only allows spaces there',
  BAD_INDENT: 'inconsistent indentation',
  MULTILINE_IMPLICIT_KEY: 'a key spans several lines (often a missing `:` or a bad indentation on the line before)',
  RESOURCE_EXHAUSTION: 'the document is too deeply nested to read',
  TAG_RESOLVE_FAILED: 'a custom tag lb-gate does not know; it reads the value as plain text, which may not be what the consuming tool sees',
};

function yamlIssue(issue: YAMLError, at: (offset: number) => SourcePosition): ParseProblem {
  const raw = issue.message.split('\n')[0]!.trim();
  const friendly = FRIENDLY_YAML_ERRORS[issue.code];
  const detail = friendly ? `${friendly} (${raw})` : raw;
  const kind = issue.name === 'YAMLWarning' ? 'YAML problem' : 'YAML syntax error';
  return { ...at(Math.max(0, issue.pos[0])), message: `${kind}: ${detail}` };
}

interface WalkResult {
  problems: ParseProblem[];
  /** True when the value must not be built (circular or too deep through aliases). */
  fatal: boolean;
  firstAliasOffset: number | null;
  aliasTargets: Map<YamlNode, YamlNode>;
}

/**
 * One iterative pass over the composed document, in source order: resolves aliases (the
 * library's own resolution rescans the whole document per alias), and finds duplicate keys,
 * non-scalar keys, circular aliases and depth added by aliases.
 */
function walkDocument(
  doc: Document.Parsed,
  at: (offset: number) => SourcePosition,
  maxDepth: number,
): WalkResult {
  const problems: ParseProblem[] = [];
  const anchors = new Map<string, YamlNode>();
  const aliasTargets = new Map<YamlNode, YamlNode>();
  const onPath = new Set<YamlNode>();
  // Height (nesting levels below and including a node, aliases expanded) of finished nodes.
  const heights = new Map<YamlNode, number>();
  let firstAliasOffset: number | null = null;
  let fatal = false;

  const heightOf = (node: unknown): number =>
    node && typeof node === 'object' ? (heights.get((aliasTargets.get(node as YamlNode) ?? node) as YamlNode) ?? 0) : 0;

  type Step = { node: YamlNode; exit: boolean };
  const stack: Step[] = [];
  if (doc.contents) stack.push({ node: doc.contents, exit: false });
  while (stack.length > 0) {
    const { node, exit } = stack.pop()!;
    if (exit) {
      onPath.delete(node);
      let below = 0;
      if (isMap(node)) {
        for (const pair of node.items) below = Math.max(below, heightOf(pair.key), heightOf(pair.value));
      } else if (isSeq(node)) {
        for (const item of node.items) below = Math.max(below, heightOf(item));
      }
      heights.set(node, below + 1);
      continue;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      firstAliasOffset ??= node.range?.[0] ?? null;
      const target = anchors.get(node.source);
      if (target) {
        aliasTargets.set(node, target);
        if (onPath.has(target)) {
          fatal = true;
          problems.push({
            ...at(node.range?.[0] ?? 0),
            message: `alias *${node.source} points at a node that contains it, making the data circular; lb-gate cannot read it`,
          });
        }
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;

    onPath.add(node);
    stack.push({ node, exit: true });
    const children: YamlNode[] = [];
    if (isMap(node)) {
      checkKeys(node, at, problems);
      for (const pair of node.items) {
        if (isNodeLike(pair.key)) children.push(pair.key);
        if (isNodeLike(pair.value)) children.push(pair.value);
      }
    } else {
      for (const item of node.items) if (isNodeLike(item)) children.push(item);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, exit: false });
  }

  if (!fatal && doc.contents && heightOf(doc.contents) > maxDepth) {
    fatal = true;
    problems.push({
      ...at(firstAliasOffset ?? doc.range[0]),
      message: `aliases expand the document deeper than ${maxDepth} levels; the file was not read`,
    });
  }
  return { problems, fatal, firstAliasOffset, aliasTargets };
}

function checkKeys(map: YAMLMap, at: (offset: number) => SourcePosition, problems: ParseProblem[]): void {
  const seen = new Map<string, number>();
  for (const pair of map.items) {
    const key = pair.key;
    if (isMergeKey(key)) continue;
    if (isScalar(key)) {
      const name = String(key.value ?? '');
      const first = seen.get(name);
      const offset = key.range?.[0] ?? 0;
      if (first === undefined) {
        seen.set(name, offset);
      } else {
        problems.push({
          ...at(offset),
          message: duplicateKeyMessage(name, at(first).line, 'YAML'),
        });
      }
    } else if (isMap(key) || isSeq(key)) {
      problems.push({
        ...at(key.range?.[0] ?? 0),
        message: 'a list or mapping is used as a key; lb-gate only reads plain keys',
      });
    }
  }
}

function isNodeLike(value: unknown): value is YamlNode {
  return typeof value === 'object' && value !== null && !isPair(value);
}

/** Builds the doc's pointerLine; per-mapping key indexes are built lazily on first lookup. */
function pointerLocator(
  doc: Document.Parsed,
  aliasTargets: Map<YamlNode, YamlNode>,
  at: (offset: number) => SourcePosition,
): YamlDoc['pointerLine'] {
  const keyIndexes = new Map<YAMLMap, Map<string, Pair>>();
  const resolve = (node: unknown): unknown => (isAlias(node) ? (aliasTargets.get(node) ?? node) : node);

  const findPair = (map: YAMLMap, key: string): Pair | undefined => {
    // Keys written directly win over merged ones; merges are followed a bounded number of hops.
    const visited = new Set<YAMLMap>();
    const queue: YAMLMap[] = [map];
    while (queue.length > 0 && visited.size < 64) {
      const current = queue.shift()!;
      if (visited.has(current)) continue;
      visited.add(current);
      let index = keyIndexes.get(current);
      if (!index) {
        index = new Map();
        for (const pair of current.items) {
          if (isScalar(pair.key) && !isMergeKey(pair.key)) index.set(String(pair.key.value ?? ''), pair);
        }
        keyIndexes.set(current, index);
      }
      const found = index.get(key);
      if (found) return found;
      for (const pair of current.items) {
        if (!isMergeKey(pair.key)) continue;
        const merged = resolve(pair.value);
        const sources = isSeq(merged) ? merged.items.map(resolve) : [merged];
        for (const source of sources) if (isMap(source)) queue.push(source);
      }
    }
    return undefined;
  };

  const startOf = (node: unknown): number | null => {
    if (!node || typeof node !== 'object') return null;
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : null;
  };
  const isBlank = (node: unknown): boolean =>
    node === null || node === undefined || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1]);

  return (pointer: string, part: 'key' | 'value' = 'value') => {
    const segments = parsePointer(pointer);
    if (segments === null) return null;
    let node: unknown = doc.contents;
    let keyNode: unknown = null;
    for (const segment of segments) {
      const container = resolve(node);
      let next: { node: unknown; key: unknown } | null = null;
      if (isMap(container)) {
        const pair = findPair(container, segment);
        if (pair) next = { node: pair.value, key: pair.key };
      } else if (isSeq(container) && /^(0|[1-9][0-9]{0,8})$/.test(segment)) {
        const item = container.items[Number(segment)];
        if (item !== undefined) next = { node: item, key: null };
      }
      if (!next) break; // missing: report the deepest node that exists
      node = next.node;
      keyNode = next.key;
    }
    const offset =
      (part === 'key' || isBlank(node) ? startOf(keyNode) : null) ?? startOf(node) ?? startOf(keyNode) ?? doc.range[0];
    return at(offset);
  };
}

/** JSON pointer → unescaped segments; null when it is not a pointer. */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  if (!pointer.includes('~')) return pointer.slice(1).split('/');
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One JSON-pointer segment, escaped. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function positionOfIndex(text: string, index: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${mb.toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}
