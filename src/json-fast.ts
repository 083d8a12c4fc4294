// The JSON reader behind loadYaml: strict JSON (Envoy bootstraps are often kept as JSON, many
// as one line of megabytes) is read by native JSON.parse, and one linear scan of the text finds
// where every object and array is written, for the pointer → line map. It reads exactly as the
// yaml-library path reads the same text (same values, same positions) and reports what that path
// would: duplicate keys, and nesting deeper than the limit. Text that is not strict JSON (YAML
// flow such as `{a: 1}`, comments, trailing commas) is left to the YAML readers.

import { duplicateKeyProblems, tooDeepMessage } from './reader-problems.js';
import type { ParseProblem } from './formats/types.js';
import { lineFinder, lineStartsOf, positionAt } from './line-index.js';
import { SpanCache } from './span-cache.js';
import type { CleanYamlDoc } from './yaml-fast.js';
import { MAPPING, PositionStore, SEQUENCE, docLocators } from './yaml-positions.js';
import type { SourcePosition } from './yaml-source.js';

export interface JsonReadLimits {
  /** Deeper nesting of objects and arrays is refused, as the YAML path refuses it. */
  maxDepth: number;
}

export interface JsonReadResult {
  /** Exactly one document, or none when the nesting is too deep. */
  docs: CleanYamlDoc[];
  /** Sorted by position. */
  problems: ParseProblem[];
}

/** Past this many keys an object's duplicate check switches from a linear compare to a Map. */
const LINEAR_KEY_CHECK_MAX = 16;

/**
 * `text` read as JSON with its positions, or null when it is not strict JSON (the YAML readers
 * then read it). A leading byte-order mark is skipped but still counts as a column, as in the
 * yaml-library path.
 */
export function readJson(text: string, limits: JsonReadLimits): JsonReadResult | null {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let value: unknown;
  try {
    // JSON.parse does not take a byte-order mark; it is iterative, so any depth is safe here.
    value = JSON.parse(start === 0 ? text : text.slice(start));
  } catch {
    return null;
  }

  const scan = scanPositions(text, start, limits.maxDepth);
  let lineStarts: number[] | null = null;
  const at = (offset: number): SourcePosition => positionAt((lineStarts ??= lineStartsOf(text)), offset);
  let findLine: ((offset: number) => number) | null = null;
  const lineOf = (offset: number): number => (findLine ??= lineFinder((lineStarts ??= lineStartsOf(text))))(offset);

  if (scan.tooDeepAt >= 0) {
    return {
      docs: [],
      problems: [
        {
          ...at(scan.tooDeepAt),
          message: tooDeepMessage(limits.maxDepth),
        },
      ],
    };
  }

  const problems = duplicateKeyProblems(scan.duplicates, scan.duplicateNames, at, 'JSON readers');

  const { store, rootRecord, rootStart } = scan;
  const doc: CleanYamlDoc = { value, ...docLocators(store, rootRecord, rootStart, at, lineOf) };
  return { docs: [doc], problems };
}

interface ScanResult {
  store: PositionStore;
  rootRecord: number;
  rootStart: number;
  /** Offset of the first `{`/`[` nested deeper than the limit, else -1 (and nothing else is set). */
  tooDeepAt: number;
  /** Pairs of (duplicate key offset, first key offset), in text order. */
  duplicates: number[];
  duplicateNames: string[];
}

/**
 * One pass over text JSON.parse accepted: fills a PositionStore with a record per object and
 * array. Entries of the open containers wait on a shared stack (a record's entries must be
 * contiguous in the store, and children close first); each is copied once, when its container
 * closes. Strings are jumped over with indexOf; no value is built.
 */
function scanPositions(text: string, start: number, maxDepth: number): ScanResult {
  const store = new PositionStore(text.length);
  const n = text.length;

  // Open containers, by depth - 1.
  const kinds: number[] = [];
  const valueBases: number[] = [];
  const keyBases: number[] = [];
  const keyMaps: Array<Map<string, number> | null> = [];
  let depth = 0;

  // Pending entries of the open containers: value start and record for every item and member
  // (the root value is item 0), key start and name for members.
  const valueStarts: number[] = [];
  const records: number[] = [];
  let valueTop = 0;
  const keyStarts: number[] = [];
  const keyNames: string[] = [];
  const keyIds: number[] = [];
  // A config writes a few dozen keys over and over: each is sliced (and unescaped) once.
  const keys = new SpanCache<string>(text, '');
  let keyTop = 0;

  const duplicates: number[] = [];
  const duplicateNames: string[] = [];
  let expectKey = false;

  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a /* : */) {
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      expectKey = kinds[depth - 1] === MAPPING;
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      const d = depth - 1;
      const kind = kinds[d]!;
      const valueBase = valueBases[d]!;
      const count = valueTop - valueBase;
      const id = store.open(kind);
      if (kind === MAPPING) {
        const keyBase = keyBases[d]!;
        for (let k = 0; k < count; k++) {
          store.add(keyStarts[keyBase + k]!);
          store.add(valueStarts[valueBase + k]!);
          store.add(records[valueBase + k]!);
          store.addNameId(keyIds[keyBase + k]!);
        }
        keyTop = keyBase;
        keyMaps[d] = null;
      } else {
        for (let k = 0; k < count; k++) {
          store.add(valueStarts[valueBase + k]!);
          store.add(records[valueBase + k]!);
        }
      }
      store.setCount(id, count);
      valueTop = valueBase;
      records[valueBase - 1] = id; // the entry holding this container
      depth--;
      expectKey = false;
      i++;
      continue;
    }

    if (expectKey) {
      // A member's key: c is its opening quote.
      const end = closingQuote(text, i);
      let name: string;
      let id: number;
      if (keys.has(i + 1, end)) {
        name = keys.value();
        id = keys.tag();
      } else {
        const raw = text.slice(i + 1, end);
        name = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        id = store.internName(name);
        keys.set(i + 1, end, name, id);
      }
      const keyBase = keyBases[depth - 1]!;
      let first = -1;
      const count = keyTop - keyBase;
      if (count < LINEAR_KEY_CHECK_MAX) {
        for (let k = keyBase; k < keyTop; k++) {
          if (keyNames[k] === name) {
            first = keyStarts[k]!;
            break;
          }
        }
      } else {
        let map = keyMaps[depth - 1];
        if (!map) {
          map = new Map();
          for (let k = keyBase; k < keyTop; k++) if (!map.has(keyNames[k]!)) map.set(keyNames[k]!, keyStarts[k]!);
          keyMaps[depth - 1] = map;
        }
        first = map.get(name) ?? -1;
        if (first < 0) map.set(name, i);
      }
      if (first >= 0) {
        duplicates.push(i, first);
        duplicateNames.push(name);
      }
      keyStarts[keyTop] = i;
      keyNames[keyTop] = name;
      keyIds[keyTop] = id;
      keyTop++;
      expectKey = false;
      i = end + 1;
      continue;
    }

    // A value starts: the root, an array item or a member's value.
    valueStarts[valueTop] = i;
    records[valueTop] = -1;
    valueTop++;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth + 1 > maxDepth) {
        return { store, rootRecord: -1, rootStart: -1, tooDeepAt: i, duplicates: [], duplicateNames: [] };
      }
      kinds[depth] = c === 0x7b ? MAPPING : SEQUENCE;
      valueBases[depth] = valueTop;
      keyBases[depth] = keyTop;
      keyMaps[depth] = null;
      depth++;
      expectKey = c === 0x7b;
      i++;
    } else if (c === 0x22 /* " */) {
      i = closingQuote(text, i) + 1;
    } else {
      // A number, true, false or null: runs to a delimiter.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x5d || d === 0x7d || d <= 0x20) break;
        i++;
      }
    }
  }

  return { store, rootRecord: records[0]!, rootStart: valueStarts[0]!, tooDeepAt: -1, duplicates, duplicateNames };
}

/** Offset of the quote closing the string opened at `open` (the text is valid JSON). */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (text.charCodeAt(end - 1) === 0x5c /* \ */) {
    // Escaped only behind an odd run of backslashes (`"\\"` ends at its last quote).
    let k = end - 1;
    while (text.charCodeAt(k - 1) === 0x5c) k--;
    if ((end - k) % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

