// Where every collection of a loaded YAML/JSON document is written: the position store the fast
// readers (yaml-block.ts, json-fast.ts, yaml-fast.ts) fill while reading, and the JSON-pointer
// lookup behind YamlDoc.pointerLine. Flat number arrays, no object per collection: a 4 MB
// Envoy file has ~150,000 collections.

import type { SourcePosition } from './yaml-source.js';

export const MAPPING = 0;
export const SEQUENCE = 1;

/** Merge sources followed per lookup, as the yaml-library path does. */
const MERGE_VISIT_MAX = 64;

/**
 * A record's header is [kind, first offset, first name, count, merge sources index or -1]; a
 * mapping entry has three offsets (key start, value start or -1 when empty, the value's record or
 * -1) and a name, a sequence item two (start, record). Aliases link to the anchored node's
 * record, so pointers are followed the way the values share nodes. Names are kept as indexes
 * into a table of key strings, so a reader that interns its keys stores each once: appending
 * ~300,000 strings to one array cost the block reader a tenth of its time.
 */
export class PositionStore {
  /** Typed arrays grown by doubling: pushing to plain arrays this large is several times slower. */
  headers: Int32Array<ArrayBuffer>;
  headerCount = 0;
  offsets: Int32Array<ArrayBuffer>;
  offsetCount = 0;
  /** Per mapping entry, the index of its key in nameTable. */
  nameIds: Int32Array<ArrayBuffer>;
  nameCount = 0;
  readonly nameTable: string[] = [];
  readonly merges: number[][] = [];
  private readonly indexes = new Map<number, Map<string, number>>();

  /** `textLength` sizes the arrays for a typical config of that size, so large files rarely regrow them. */
  constructor(textLength = 0) {
    // Block YAML and indented JSON configs use about 0.13-0.15 header and offset slots per
    // character; a little over that spares a regrowth without zeroing megabytes for nothing.
    const slots = (textLength >> 3) + (textLength >> 4);
    this.headers = new Int32Array(Math.max(1024, Math.min(slots, 1 << 24)));
    this.offsets = new Int32Array(Math.max(4096, Math.min(slots, 1 << 24)));
    this.nameIds = new Int32Array(Math.max(1024, Math.min(textLength >> 4, 1 << 22)));
  }

  /** Adds `name` to the table; its index, for addNameId. */
  internName(name: string): number {
    return this.nameTable.push(name) - 1;
  }

  /** Appends the name of the next entry of the mapping opened last, by its table index. */
  addNameId(id: number): void {
    if (this.nameCount === this.nameIds.length) this.nameIds = grown(this.nameIds);
    this.nameIds[this.nameCount++] = id;
  }

  /** Appends the name of the next entry of the mapping opened last. */
  addName(name: string): void {
    this.addNameId(this.internName(name));
  }

  /** The name of the `index`th entry name of the store. */
  nameAt(index: number): string {
    return this.nameTable[this.nameIds[index]!]!;
  }

  open(kind: number): number {
    const id = this.headerCount;
    if (id + 5 > this.headers.length) this.headers = grown(this.headers);
    const h = this.headers;
    h[id] = kind;
    h[id + 1] = this.offsetCount;
    h[id + 2] = this.nameCount;
    h[id + 3] = 0;
    h[id + 4] = -1;
    this.headerCount = id + 5;
    return id;
  }

  /** Appends one entry offset (or record) to the collection opened last. */
  add(n: number): void {
    if (this.offsetCount === this.offsets.length) this.offsets = grown(this.offsets);
    this.offsets[this.offsetCount++] = n;
  }

  setCount(id: number, count: number): void {
    this.headers[id + 3] = count;
  }

  setMerges(id: number, sources: number[]): void {
    this.headers[id + 4] = this.merges.length;
    this.merges.push(sources);
  }

  /** The entry index of the last `name` in mapping `id`, or -1. */
  entryOf(id: number, name: string): number {
    const count = this.headers[id + 3]!;
    const first = this.headers[id + 2]!;
    if (count <= 8) {
      for (let i = count - 1; i >= 0; i--) if (this.nameAt(first + i) === name) return i;
      return -1;
    }
    let index = this.indexes.get(id);
    if (!index) {
      index = new Map();
      for (let i = 0; i < count; i++) index.set(this.nameAt(first + i), i);
      this.indexes.set(id, index);
    }
    return index.get(name) ?? -1;
  }

  /**
   * Offset of the node at `segments` below the root record (or of its key, with `part: 'key'`);
   * a missing node gives its nearest existing parent. See YamlDoc.pointerLine for the rules.
   */
  locate(rootRecord: number, rootStart: number, segments: string[], part: 'key' | 'value'): number {
    const { headers, offsets } = this;
    let record = rootRecord;
    let keyStart = -1;
    let valueStart = rootStart;
    for (const segment of segments) {
      const sequence = headers[record] === SEQUENCE;
      const at = this.entryAt(record, sequence ? indexOf(segment) : segment);
      if (at < 0) break;
      keyStart = sequence ? -1 : offsets[at]!;
      valueStart = offsets[sequence ? at : at + 1]!;
      record = offsets[sequence ? at + 1 : at + 2]!;
    }
    return reportedOffset(keyStart, valueStart, rootStart, part);
  }

  /** Where in `offsets` the entry of `key` (a name or an index) of collection `record` is; -1 when missing. */
  entryAt(record: number, key: string | number): number {
    if (record < 0) return -1;
    const { headers } = this;
    if (headers[record] === SEQUENCE) {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= headers[record + 3]!) return -1;
      return headers[record + 1]! + 2 * key;
    }
    return typeof key === 'string' ? this.findEntry(record, key) : -1;
  }

  /**
   * locate() for a JSON pointer string without `~` escapes, reading its segments in place: the
   * Envoy and Kubernetes mappings look up ~30,000 pointers in a large file, and splitting each
   * into segment strings cost more than the lookups.
   */
  locatePointer(rootRecord: number, rootStart: number, pointer: string, part: 'key' | 'value'): number {
    const { headers, offsets } = this;
    let record = rootRecord;
    let keyStart = -1;
    let valueStart = rootStart;
    const length = pointer.length;
    for (let from = 1; from <= length && length > 0; ) {
      // charCodeAt loops: the indexOf and startsWith builtins cost ~60-80 ns a call here.
      let to = from;
      while (to < length && pointer.charCodeAt(to) !== 0x2f) to++;
      if (record < 0) break;
      let at = -1;
      if (headers[record] === SEQUENCE) {
        const index = indexIn(pointer, from, to);
        if (index < 0 || index >= headers[record + 3]!) break;
        at = headers[record + 1]! + 2 * index;
        keyStart = -1;
        valueStart = offsets[at]!;
        record = offsets[at + 1]!;
      } else {
        const count = headers[record + 3]!;
        if (count <= 8 && headers[record + 4]! < 0) {
          const first = headers[record + 2]!;
          const size = to - from;
          for (let i = count - 1; i >= 0; i--) {
            const name = this.nameAt(first + i);
            if (name.length === size && sameText(name, pointer, from)) {
              at = headers[record + 1]! + 3 * i;
              break;
            }
          }
        } else {
          at = this.findEntry(record, pointer.slice(from, to));
        }
        if (at < 0) break;
        keyStart = offsets[at]!;
        valueStart = offsets[at + 1]!;
        record = offsets[at + 2]!;
      }
      from = to + 1;
    }
    return reportedOffset(keyStart, valueStart, rootStart, part);
  }

  /**
   * Where in `offsets` the mapping's own entry for `name` is, else one from its merge sources
   * (breadth first, as the yaml-library path looks them up); -1 when there is none.
   */
  private findEntry(record: number, name: string): number {
    const { headers, merges } = this;
    const own = this.entryOf(record, name);
    if (own >= 0) return headers[record + 1]! + 3 * own;
    if (headers[record + 4]! < 0) return -1;
    const visited = new Set<number>([record]);
    const queue: number[] = [...merges[headers[record + 4]!]!];
    while (queue.length > 0 && visited.size < MERGE_VISIT_MAX) {
      const current = queue.shift()!;
      if (current < 0 || visited.has(current)) continue;
      visited.add(current);
      if (headers[current] !== MAPPING) continue;
      const entry = this.entryOf(current, name);
      if (entry >= 0) return headers[current + 1]! + 3 * entry;
      if (headers[current + 4]! >= 0) queue.push(...merges[headers[current + 4]!]!);
    }
    return -1;
  }
}

/**
 * The offset reported for a node: its key when the key is asked for or the value is empty (`a:`),
 * else its value; the root's start for the root.
 */
function reportedOffset(keyStart: number, valueStart: number, rootStart: number, part: 'key' | 'value'): number {
  if ((part === 'key' || valueStart < 0) && keyStart >= 0) return keyStart;
  return valueStart >= 0 ? valueStart : keyStart >= 0 ? keyStart : rootStart;
}

/** A copy of `array` with twice the room. */
export function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}

/** A sequence index segment (`0`, `17`; no sign, no leading zero, at most 9 digits) as a number, else -1. */
function indexOf(segment: string): number {
  return indexIn(segment, 0, segment.length);
}

function indexIn(text: string, from: number, to: number): number {
  const length = to - from;
  if (length <= 0 || length > 9 || (length > 1 && text.charCodeAt(from) === 0x30)) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Whether `text` holds `name` at `from` (the caller checked there is room). */
function sameText(name: string, text: string, from: number): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/**
 * A node of a loaded document, for stepping down to its children without pointer strings: a
 * mapping of 20,000 endpoints looks up ~30,000 nodes, and building, flattening and splitting a
 * pointer for each cost more than the lookups themselves.
 */
export class NodeCursor {
  constructor(
    private readonly store: PositionStore,
    private readonly record: number,
    private readonly keyStart: number,
    private readonly valueStart: number,
    private readonly rootStart: number,
    private readonly at: (offset: number) => SourcePosition,
    private readonly lineOf: (offset: number) => number,
  ) {}

  /** The child at `key` (a name or an index); null when there is none. */
  child(key: string | number): NodeCursor | null {
    const { store } = this;
    const at = store.entryAt(this.record, key);
    if (at < 0) return null;
    const offsets = store.offsets;
    return store.headers[this.record] === SEQUENCE
      ? new NodeCursor(store, offsets[at + 1]!, -1, offsets[at]!, this.rootStart, this.at, this.lineOf)
      : new NodeCursor(store, offsets[at + 2]!, offsets[at]!, offsets[at + 1]!, this.rootStart, this.at, this.lineOf);
  }

  /** child(key).line(part) without a cursor for the child; -1 when there is no such child. */
  childLine(key: string | number, part: 'key' | 'value' = 'value'): number {
    const { store } = this;
    const at = store.entryAt(this.record, key);
    if (at < 0) return -1;
    const offsets = store.offsets;
    return store.headers[this.record] === SEQUENCE
      ? this.lineOf(reportedOffset(-1, offsets[at]!, this.rootStart, part))
      : this.lineOf(reportedOffset(offsets[at]!, offsets[at + 1]!, this.rootStart, part));
  }

  /** Where the node (or, with part 'key', its key) is written; as pointerLine rules it. */
  position(part: 'key' | 'value' = 'value'): SourcePosition {
    return this.at(this.offset(part));
  }

  /** position(part).line, without building the position. */
  line(part: 'key' | 'value' = 'value'): number {
    return this.lineOf(this.offset(part));
  }

  private offset(part: 'key' | 'value'): number {
    return reportedOffset(this.keyStart, this.valueStart, this.rootStart, part);
  }
}

/** The lookups a loaded document offers, over its position store. */
export interface DocLocators {
  /** The document's root node, to step down from with NodeCursor.child. */
  root(): NodeCursor;
  /** Where the node at the (unescaped) pointer segments is written; see YamlDoc.pointerLine. */
  locate(segments: string[], part: 'key' | 'value'): SourcePosition;
  /** The same for a pointer string with no `~` escapes (faster: no segment strings). */
  locatePointer(pointer: string, part: 'key' | 'value'): SourcePosition;
}

export function docLocators(
  store: PositionStore,
  record: number,
  start: number,
  at: (offset: number) => SourcePosition,
  lineOf: (offset: number) => number = (offset) => at(offset).line,
): DocLocators {
  return {
    root: () => new NodeCursor(store, record, -1, start, start, at, lineOf),
    locate: (segments, part) => at(store.locate(record, start, segments, part)),
    locatePointer: (pointer, part) => at(store.locatePointer(record, start, pointer, part)),
  };
}
