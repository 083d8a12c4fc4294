// The first YAML reader loadYaml tries: one pass over the lines of block-style YAML — the way
// Envoy, Traefik and Kubernetes files are written — building values and their positions at
// once, ~4x faster than js-yaml with its position listener. It reads a strict subset: block
// mappings and sequences, single-line plain and quoted scalars, single-line flow collections,
// comments, `---` separators, and reports duplicate keys as the yaml library does. On anything
// else (anchors, tags, block scalars, multi-line scalars, odd indentation, control characters,
// syntax errors) it returns null and the next reader (yaml-fast.ts, then the yaml library)
// takes the file and words its problems. Held to the yaml library's values, positions and
// duplicate-key problems by __tests__/yaml-block.test.ts.

import { duplicateKeyProblems } from './reader-problems.js';
import { lineFinder, positionAt } from './line-index.js';
import type { ParseProblem } from './formats/types.js';
import type { CleanYamlDoc } from './yaml-fast.js';
import { resolvePlainScalar } from './yaml-core-schema.js';
import { SpanCache } from './span-cache.js';
import { MAPPING, PositionStore, SEQUENCE, docLocators, grown } from './yaml-positions.js';

export interface BlockYamlLimits {
  multi: boolean;
  maxDepth: number;
}

/** Thrown to hand the file to the next reader. */
class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const CR = 0x0d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** Characters that may not start a plain scalar here (YAML indicators), or that this reader leaves alone. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;
for (let c = 0; c < 0x20; c++) NOT_PLAIN_START[c] = 1;
NOT_PLAIN_START[0x7f] = 1;

/**
 * C0 controls and DEL, which YAML does not allow anywhere: the reader declines a file holding
 * one (the yaml-library path words the problem). Every character of a line passes one of its
 * loops or a comment check, so loadYaml needs no separate scan when this reader succeeds.
 */
const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;

/**
 * Characters a plain scalar's scan must stop at, as a table: one lookup per character instead of
 * a chain of comparisons (the scans look at nearly every character of the file). BLOCK: `:`,
 * `#` and controls; FLOW adds the flow indicators.
 */
const BLOCK_STOP = 1;
const FLOW_STOP = 2;
const STOPS = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) STOPS[c] = BLOCK_STOP | FLOW_STOP;
STOPS[0x7f] = BLOCK_STOP | FLOW_STOP;
for (const c of ':#') STOPS[c.charCodeAt(0)] = BLOCK_STOP | FLOW_STOP;
for (const c of ',[]{}') STOPS[c.charCodeAt(0)] = FLOW_STOP;

/** The flow indicators are the characters that stop only flow scans. */
const isFlowIndicator = (c: number): boolean => c < 128 && STOPS[c] === FLOW_STOP;

/**
 * An open block collection. Its entries (mapping: key start, value start, value record;
 * sequence: start, record) and key names are buffered on the reader's scratch stacks from
 * entryStart/nameStart — a nested collection always closes before its parent adds more — and
 * move to the store when it closes. Frames are reused: a 4 MB file opens ~150,000 collections.
 */
class Frame {
  kind = MAPPING;
  /** Column of its keys or dashes. */
  indent = 0;
  value: Record<string, unknown> | unknown[] = [];
  entryStart = 0;
  nameStart = 0;
  /** Where in the scratch entries the parent keeps this collection's record; -1 for a root. */
  parentSlot = -1;
  depth = 0;
  /** Key → index of its first entry, built once the mapping has a duplicate and over 8 keys. */
  firstIndex: Map<string, number> | null = null;
  /** A sequence's items so far are the reader's scratch items from itemStart (see closeFrame). */
  itemStart = 0;
  /** The key or item index the parent holds this collection at. */
  ownerKey: string | number = 0;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

const EMPTY: unknown[] = [];
/** Duplicate keys reported in full; loadYaml lists 100 problems and counts the rest. */
const MAX_REPORTED = 101;
/** Longer plain values are seldom repeated. */
const MAX_CACHED_VALUE = 24;

class BlockReader {
  private readonly text: string;
  readonly store: PositionStore;
  /** Offsets where lines start, up to lineCount (a typed array: pushing to a plain one this long is slower). */
  lineStarts: Int32Array<ArrayBuffer>;
  lineCount = 0;
  /** Open collections are frames[0 .. depth-1]; the rest are kept for reuse. */
  private readonly frames: Frame[] = [];
  private depth = 0;
  /** Scratch stacks (see Frame), used up to entryTop / nameTop: shrinking an array's length is slow. */
  private readonly entries: number[] = [];
  private entryTop = 0;
  /**
   * Items of the open sequences, block and flow: a sequence's array is made when it closes,
   * sized to fit — one grown by push keeps room for 17 items, and a config's lists mostly
   * hold 1-4, to be kept and moved by the GC.
   */
  private readonly items: unknown[] = [];
  private itemTop = 0;
  private readonly names: string[] = [];
  /** The names' indexes in the store's name table. */
  private readonly nameIds: number[] = [];
  private nameTop = 0;
  /**
   * A `key:` or `-` whose value starts on a later line (or is empty), owned by the top frame:
   * the column it was written at, where its value start is in the scratch entries (the record
   * follows), and the key (or item index; -1 for a bare `-`).
   */
  private pendingSlot = -1;
  private pendingIsKey = false;
  private pendingIndent = 0;
  private pendingName = '';
  private pendingIndex = -1;
  /** Plain keys (each with its name-table index) and short plain values, as read before. */
  private readonly keys: SpanCache<string>;
  private readonly values: SpanCache<unknown>;
  /** Second results of the node readers, to spare an object per node; keyId: the name table index of the key read last. */
  private nodeEnd = 0;
  private keyId = -1;
  private nodeRecord = -1;
  private root: { value: unknown; start: number; record: number } | null = null;
  readonly docs: Array<{ value: unknown; start: number; record: number }> = [];
  /** Duplicate keys: (offset of the duplicate, offset of the first) for the first MAX_REPORTED. */
  readonly duplicates: number[] = [];
  readonly duplicateNames: string[] = [];
  duplicateCount = 0;

  constructor(
    text: string,
    private readonly limits: BlockYamlLimits,
  ) {
    this.text = text;
    this.store = new PositionStore(text.length);
    this.keys = new SpanCache<string>(text, '');
    this.values = new SpanCache<unknown>(text, undefined);
    this.lineStarts = new Int32Array(Math.max(1024, text.length >> 5));
  }

  read(): void {
    const text = this.text;
    const length = text.length;
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.lineStarts[this.lineCount++] = 0;
    while (pos < length) {
      const newline = text.indexOf('\n', pos);
      const end = newline === -1 ? length : newline;
      const lineEnd = end > pos && text.charCodeAt(end - 1) === CR ? end - 1 : end;
      const lineStart = pos;
      pos = newline === -1 ? length : newline + 1;
      if (newline !== -1) {
        if (this.lineCount === this.lineStarts.length) this.lineStarts = grown(this.lineStarts);
        this.lineStarts[this.lineCount++] = pos;
      }

      let p = lineStart;
      while (text.charCodeAt(p) === SPACE) p++;
      if (p >= lineEnd) continue;
      const c = text.charCodeAt(p);
      if (c === HASH) {
        this.checkComment(p, lineEnd);
        continue;
      }
      if (p === lineStart) {
        if (c === 0x25 /* % */ || (c === 0x2e && text.startsWith('...', p))) giveUp();
        if (c === DASH && text.startsWith('---', p)) {
          const after = p + 3;
          if (after === lineEnd || text.charCodeAt(after) === SPACE) {
            if (!this.restIsBlank(after, lineEnd)) giveUp(); // content after `---`
            this.endDocument();
            continue;
          }
        }
      }
      this.readLine(p, p - lineStart, lineStart, lineEnd);
    }
    this.endDocument();
  }

  /** One line's content from `p` at column `col`; `- ` items nest compactly on the same line. */
  private readLine(p: number, col: number, lineStart: number, lineEnd: number): void {
    const text = this.text;
    const entries = this.entries;
    for (;;) {
      const isDash = text.charCodeAt(p) === DASH && (p + 1 === lineEnd || text.charCodeAt(p + 1) === SPACE);
      const top = this.placeNode(p, col, isDash);
      if (isDash) {
        if (top.kind !== SEQUENCE) giveUp();
        let q = p + 1;
        while (text.charCodeAt(q) === SPACE) q++;
        if (q >= lineEnd || text.charCodeAt(q) === HASH) {
          // `-` alone: its value is on the next lines (a bare `-` is null, left to the others).
          this.checkComment(q, lineEnd);
          this.pushEntry(-1);
          this.pushEntry(-1);
          this.setPending(false, col, '', -1);
          return;
        }
        this.pushEntry(q);
        this.pushEntry(-1);
        const c = text.charCodeAt(q);
        if ((c === DASH && (q + 1 === lineEnd || text.charCodeAt(q + 1) === SPACE)) || this.keyEnd(q, lineEnd) >= 0) {
          // A compact collection, `- - x` or `- key: value`: it goes on at the column of its content.
          this.setPending(false, col, '', this.itemTop - top.itemStart);
          this.items[this.itemTop++] = null;
          col = q - lineStart;
          p = q;
          continue;
        }
        const item = this.inlineValue(q, lineEnd, top.depth);
        this.items[this.itemTop++] = item;
        entries[this.entryTop - 1] = this.nodeRecord;
        return;
      }

      if (top.kind !== MAPPING) giveUp();
      const colon = this.keyEnd(p, lineEnd);
      if (colon < 0) giveUp(); // a scalar where a key belongs: multi-line scalars and the like
      const name = this.keyName(p, colon);
      const nameId = this.keyId;
      const map = top.value as Record<string, unknown>;
      // YAML keeps the last value (at the first key's place in the object), as the yaml library does.
      if (Object.prototype.hasOwnProperty.call(map, name)) this.duplicate(top, name, p);
      this.pushName(name, nameId);
      if (top.firstIndex !== null && !top.firstIndex.has(name)) top.firstIndex.set(name, this.nameTop - 1 - top.nameStart);
      let q = colon + 1;
      while (text.charCodeAt(q) === SPACE) q++;
      if (q >= lineEnd || text.charCodeAt(q) === HASH) {
        this.checkComment(q, lineEnd);
        map[name] = null;
        this.pushEntry(p);
        this.pushEntry(-1);
        this.pushEntry(-1);
        this.setPending(true, col, name, -1);
        return;
      }
      if (text.charCodeAt(q) === DASH && (q + 1 === lineEnd || text.charCodeAt(q + 1) === SPACE)) giveUp(); // `a: - b`
      map[name] = this.inlineValue(q, lineEnd, top.depth);
      this.pushEntry(p);
      this.pushEntry(q);
      this.pushEntry(this.nodeRecord);
      return;
    }
  }

  private setPending(isKey: boolean, indent: number, name: string, index: number): void {
    this.pendingSlot = this.entryTop - 2;
    this.pendingIsKey = isKey;
    this.pendingIndent = indent;
    this.pendingName = name;
    this.pendingIndex = index;
  }

  /**
   * The collection a node at `col` belongs to, made the top of the stack: the new value of a
   * pending key or item, or an open one once the collections the line has left are closed.
   */
  private placeNode(p: number, col: number, isDash: boolean): Frame {
    if (this.pendingSlot >= 0) {
      const slot = this.pendingSlot;
      this.pendingSlot = -1;
      if (col > this.pendingIndent || (col === this.pendingIndent && isDash && this.pendingIsKey)) {
        return this.openFrame(isDash ? SEQUENCE : MAPPING, col, p, slot);
      }
      if (!this.pendingIsKey) giveUp(); // a bare `-` item
    }
    let top = this.depth > 0 ? this.frames[this.depth - 1]! : null;
    while (top !== null && top.indent > col) top = this.closeFrame();
    // A sequence written at its key's column ends where the next key starts.
    if (top !== null && !isDash && top.kind === SEQUENCE && top.indent === col && this.depth > 1) top = this.closeFrame();
    if (top === null) {
      if (this.root !== null || col !== 0) giveUp(); // a second root node, or an indented root
      return this.openFrame(isDash ? SEQUENCE : MAPPING, col, p, -1);
    }
    if (top.indent !== col) giveUp();
    return top;
  }

  /** Opens a block collection starting at `start`: the value of the pending entry at `slot`, or a root (-1). */
  private openFrame(kind: number, indent: number, start: number, slot: number): Frame {
    const owner = this.depth > 0 ? this.frames[this.depth - 1]! : null;
    const depth = owner === null ? 1 : owner.depth + 1;
    if (depth > this.limits.maxDepth) giveUp();
    const value: Record<string, unknown> | null = kind === MAPPING ? {} : null;
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames.push(frame);
    }
    this.depth++;
    frame.kind = kind;
    frame.indent = indent;
    frame.value = value ?? EMPTY;
    frame.entryStart = this.entryTop;
    frame.nameStart = this.nameTop;
    frame.depth = depth;
    frame.firstIndex = null;
    frame.parentSlot = slot < 0 ? -1 : slot + 1;
    if (owner !== null && slot >= 0) {
      this.entries[slot] = start;
      if (owner.kind === MAPPING) {
        frame.ownerKey = this.pendingName;
        // A sequence is put in place when it closes; the key already holds null, in its order.
        if (value !== null) (owner.value as Record<string, unknown>)[this.pendingName] = value;
      } else {
        let index = this.pendingIndex;
        if (index < 0) {
          index = this.itemTop - owner.itemStart;
          this.items[this.itemTop++] = null;
        }
        frame.ownerKey = index;
        this.items[owner.itemStart + index] = value;
      }
    } else {
      this.root = { value, start, record: -1 };
    }
    frame.itemStart = this.itemTop;
    return frame;
  }

  /** Closes the top frame, moving its entries to the store; returns the new top (or null). */
  private closeFrame(): Frame | null {
    const frame = this.frames[--this.depth]!;
    const record = this.moveToStore(frame.kind, frame.entryStart, frame.nameStart);
    if (frame.kind === SEQUENCE) {
      const list = this.items.slice(frame.itemStart, this.itemTop);
      this.itemTop = frame.itemStart;
      const parent = this.depth > 0 ? this.frames[this.depth - 1]! : null;
      if (parent === null) this.root!.value = list;
      else if (parent.kind === MAPPING) (parent.value as Record<string, unknown>)[frame.ownerKey as string] = list;
      else this.items[parent.itemStart + (frame.ownerKey as number)] = list;
    }
    frame.value = EMPTY;
    if (frame.parentSlot >= 0) this.entries[frame.parentSlot] = record;
    else if (this.root !== null) this.root.record = record;
    return this.depth > 0 ? this.frames[this.depth - 1]! : null;
  }

  /** Moves the scratch entries and names from the given starts into a new store record. */
  private moveToStore(kind: number, entryStart: number, nameStart: number): number {
    const { store, entries, nameIds, entryTop, nameTop } = this;
    const record = store.open(kind);
    for (let i = entryStart; i < entryTop; i++) store.add(entries[i]!);
    for (let i = nameStart; i < nameTop; i++) store.addNameId(nameIds[i]!);
    store.setCount(record, kind === MAPPING ? nameTop - nameStart : (entryTop - entryStart) >> 1);
    this.entryTop = entryStart;
    this.nameTop = nameStart;
    return record;
  }

  /** Records a duplicate key at `offset` of the open block mapping `frame`. */
  private duplicate(frame: Frame, name: string, offset: number): void {
    const count = this.nameTop - frame.nameStart;
    let first: number;
    if (count <= 8) {
      first = this.firstNameIndex(frame.nameStart, name);
    } else {
      if (frame.firstIndex === null) {
        const index = new Map<string, number>();
        for (let i = frame.nameStart; i < this.nameTop; i++) if (!index.has(this.names[i]!)) index.set(this.names[i]!, i - frame.nameStart);
        frame.firstIndex = index;
      }
      first = frame.firstIndex.get(name)!;
    }
    this.recordDuplicate(offset, this.entries[frame.entryStart + 3 * first]!, name);
  }

  /** Records a duplicate key at `offset` of the open flow mapping whose scratch starts there. */
  private duplicateIn(entryStart: number, nameStart: number, name: string, offset: number): void {
    const first = this.firstNameIndex(nameStart, name);
    this.recordDuplicate(offset, this.entries[entryStart + 3 * first]!, name);
  }

  private firstNameIndex(nameStart: number, name: string): number {
    for (let i = nameStart; i < this.nameTop; i++) if (this.names[i] === name) return i - nameStart;
    return giveUp();
  }

  private recordDuplicate(offset: number, firstOffset: number, name: string): void {
    if (this.duplicateCount++ < MAX_REPORTED) {
      this.duplicates.push(offset, firstOffset);
      this.duplicateNames.push(name);
    }
  }

  private pushEntry(n: number): void {
    this.entries[this.entryTop++] = n;
  }

  private pushName(name: string, id: number): void {
    this.nameIds[this.nameTop] = id;
    this.names[this.nameTop++] = name;
  }

  private endDocument(): void {
    if (this.pendingSlot >= 0 && !this.pendingIsKey) giveUp();
    this.pendingSlot = -1;
    while (this.depth > 0) this.closeFrame();
    if (this.root !== null) {
      this.docs.push(this.root);
      this.root = null;
      if (!this.limits.multi && this.docs.length > 1) giveUp();
    }
  }

  /** Whether only blanks and a comment (with a blank before it) follow `from` on the line. */
  private restIsBlank(from: number, lineEnd: number): boolean {
    const text = this.text;
    let p = from;
    while (p < lineEnd && text.charCodeAt(p) === SPACE) p++;
    if (p >= lineEnd) return true;
    if (p === from || text.charCodeAt(p) !== HASH) return false;
    this.checkComment(p, lineEnd);
    return true;
  }

  /** Gives up when the text from `from` to the line's end (a comment) holds a control character. */
  private checkComment(from: number, lineEnd: number): void {
    const text = this.text;
    for (let p = from; p < lineEnd; p++) if (isControl(text.charCodeAt(p))) giveUp();
  }

  /** Offset of the `:` ending a simple key that starts at `p` on this line, or -1 if there is none. */
  private keyEnd(p: number, lineEnd: number): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quotedEnd(p, lineEnd);
      if (close < 0) return -1;
      let q = close;
      while (text.charCodeAt(q) === SPACE) q++;
      return text.charCodeAt(q) === COLON && (q + 1 >= lineEnd || text.charCodeAt(q + 1) === SPACE) ? q : -1;
    }
    if (c < 128 && NOT_PLAIN_START[c] === 1) return -1;
    for (let q = p + 1; q < lineEnd; q++) {
      const d = text.charCodeAt(q);
      if (d >= 128 || (STOPS[d]! & BLOCK_STOP) === 0) continue;
      if (d === COLON) {
        if (q + 1 >= lineEnd || text.charCodeAt(q + 1) === SPACE) return q;
      } else if ((d === HASH && text.charCodeAt(q - 1) === SPACE) || isControl(d)) {
        return -1;
      }
    }
    return -1;
  }

  /** The key written from `p` to its colon; keys that are not plain strings are left to the others. */
  private keyName(p: number, colon: number): string {
    const text = this.text;
    const c = text.charCodeAt(p);
    let name: string;
    if (c === DQUOTE || c === SQUOTE) {
      name = this.quoted(p, colon);
      this.keyId = this.store.internName(name);
    } else {
      let end = colon;
      while (text.charCodeAt(end - 1) === SPACE) end--;
      if (end - p > 1024) giveUp();
      name = this.plainKey(p, end);
    }
    if (name === '__proto__') giveUp();
    return name;
  }

  /**
   * The plain key text[p, end), the same string every time the same key is written: a config
   * repeats a few dozen keys ~100,000 times, and reusing one string spares the copies and lets
   * property stores find the key without re-interning it.
   */
  private plainKey(p: number, end: number): string {
    const keys = this.keys;
    if (keys.has(p, end)) {
      this.keyId = keys.tag();
      return keys.value();
    }
    const name = this.text.slice(p, end);
    if (resolvePlainScalar(name) !== name || name === '<<') giveUp(); // null/bool/number keys, merges
    this.keyId = this.store.internName(name);
    keys.set(p, end, name, this.keyId);
    return name;
  }

  /** A scalar or flow collection filling the rest of a line from `p` (a comment may follow); sets nodeRecord. */
  private inlineValue(p: number, lineEnd: number, depth: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    let value: unknown;
    if (c === DQUOTE || c === SQUOTE) {
      value = this.quoted(p, lineEnd);
      this.nodeRecord = -1;
    } else if (c === LBRACKET || c === LBRACE) {
      value = this.flow(p, lineEnd, depth + 1);
    } else {
      if (c < 128 && NOT_PLAIN_START[c] === 1 && c !== DASH) giveUp();
      if (c === DASH && (p + 1 >= lineEnd || text.charCodeAt(p + 1) === SPACE)) giveUp();
      let stop = lineEnd;
      for (let q = p + 1; q < lineEnd; q++) {
        const d = text.charCodeAt(q);
        if (d >= 128 || (STOPS[d]! & BLOCK_STOP) === 0) continue;
        if (d === COLON) {
          if (q + 1 >= lineEnd || text.charCodeAt(q + 1) === SPACE) giveUp(); // `a: b: c`
        } else if (d === HASH && text.charCodeAt(q - 1) === SPACE) {
          this.checkComment(q, lineEnd);
          stop = q;
          break;
        } else if (isControl(d)) {
          giveUp();
        }
      }
      while (text.charCodeAt(stop - 1) === SPACE) stop--;
      this.nodeRecord = -1;
      return this.plainValue(p, stop);
    }
    if (!this.restIsBlank(this.nodeEnd, lineEnd)) giveUp();
    return value;
  }

  /** Offset just past the closing quote of the quoted scalar at `p`, or -1 if it does not close on the line. */
  private quotedEnd(p: number, lineEnd: number): number {
    const text = this.text;
    const quote = text.charCodeAt(p);
    for (let q = p + 1; q < lineEnd; q++) {
      const d = text.charCodeAt(q);
      if (d === quote) {
        if (quote === SQUOTE && text.charCodeAt(q + 1) === SQUOTE) {
          q++;
          continue;
        }
        return q + 1;
      }
      if (isControl(d)) return -1;
      if (d === BACKSLASH && quote === DQUOTE) {
        q++;
        if (isControl(text.charCodeAt(q))) return -1;
      }
    }
    return -1;
  }

  /** The quoted scalar at `p`, closed on the same line; sets nodeEnd. */
  private quoted(p: number, lineEnd: number): string {
    const text = this.text;
    const end = this.quotedEnd(p, lineEnd);
    if (end < 0) giveUp();
    this.nodeEnd = end;
    const body = text.slice(p + 1, end - 1);
    if (text.charCodeAt(p) === SQUOTE) return body.includes("''") ? body.replace(/''/g, "'") : body;
    return body.includes('\\') ? unescapeDouble(body) : body;
  }

  /** A flow collection that opens at `p` and closes on the same line; sets nodeEnd and nodeRecord. */
  private flow(p: number, lineEnd: number, depth: number): unknown {
    if (depth > this.limits.maxDepth) giveUp();
    const text = this.text;
    const entryStart = this.entryTop;
    const nameStart = this.nameTop;
    const isMap = text.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const map: Record<string, unknown> | null = isMap ? {} : null;
    const itemStart = this.itemTop;
    let q = this.skipSpaces(p + 1, lineEnd);
    if (text.charCodeAt(q) !== close) {
      for (;;) {
        if (map !== null) {
          const keyStart = q;
          const name = this.flowNode(q, lineEnd, depth, true) as string;
          const nameId = this.keyId;
          if (name === '__proto__' || name === '<<') giveUp();
          if (Object.prototype.hasOwnProperty.call(map, name)) this.duplicateIn(entryStart, nameStart, name, keyStart);
          q = this.skipSpaces(this.nodeEnd, lineEnd);
          if (text.charCodeAt(q) !== COLON) giveUp(); // `{a}` or `{a, b: 1}`
          q = this.skipSpaces(q + 1, lineEnd);
          const c = text.charCodeAt(q);
          if (c === COMMA || c === RBRACE) giveUp(); // `{a: }`
          map[name] = this.flowNode(q, lineEnd, depth, false);
          this.pushName(name, nameId);
          this.pushEntry(keyStart);
          this.pushEntry(q);
          this.pushEntry(this.nodeRecord);
        } else {
          const item = this.flowNode(q, lineEnd, depth, false);
          this.items[this.itemTop++] = item;
          this.pushEntry(q);
          this.pushEntry(this.nodeRecord);
        }
        q = this.skipSpaces(this.nodeEnd, lineEnd);
        const c = text.charCodeAt(q);
        if (c === close && q < lineEnd) break;
        if (c !== COMMA || q >= lineEnd) giveUp(); // also `[a: 1]`
        q = this.skipSpaces(q + 1, lineEnd);
        if (text.charCodeAt(q) === close) giveUp(); // a trailing comma
      }
    }
    this.nodeRecord = this.moveToStore(isMap ? MAPPING : SEQUENCE, entryStart, nameStart);
    this.nodeEnd = q + 1;
    if (map !== null) return map;
    const list = this.items.slice(itemStart, this.itemTop);
    this.itemTop = itemStart;
    return list;
  }

  /** A node inside a flow collection: quoted, nested flow, or plain up to the next indicator; sets nodeEnd and nodeRecord. */
  private flowNode(p: number, lineEnd: number, depth: number, isKey: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted(p, lineEnd);
      if (isKey) this.keyId = this.store.internName(value);
      this.nodeRecord = -1;
      return value;
    }
    if (c === LBRACKET || c === LBRACE) {
      if (isKey) giveUp();
      return this.flow(p, lineEnd, depth + 1);
    }
    if (p >= lineEnd || (c < 128 && NOT_PLAIN_START[c] === 1 && c !== DASH)) giveUp();
    if (c === DASH && (p + 1 >= lineEnd || text.charCodeAt(p + 1) === SPACE)) giveUp();
    let q = p + 1;
    for (; q < lineEnd; q++) {
      const d = text.charCodeAt(q);
      if (d >= 128 || STOPS[d] === 0) continue;
      if (isFlowIndicator(d)) break;
      if (d === COLON) {
        const next = text.charCodeAt(q + 1);
        if (q + 1 >= lineEnd || next === SPACE || isFlowIndicator(next)) break;
      } else if ((d === HASH && text.charCodeAt(q - 1) === SPACE) || isControl(d)) {
        giveUp(); // a comment inside a one-line flow collection leaves it unclosed
      }
    }
    if (q >= lineEnd) giveUp();
    let stop = q;
    while (text.charCodeAt(stop - 1) === SPACE) stop--;
    this.nodeEnd = q;
    this.nodeRecord = -1;
    if (isKey) {
      if (stop - p > 1024) giveUp();
      return this.plainKey(p, stop);
    }
    return this.plainValue(p, stop);
  }

  /**
   * The value of the plain scalar text[p, end). Small decimal integers (ports, weights) are read
   * from the characters, sparing a string per number.
   */
  private plainValue(p: number, end: number): unknown {
    const text = this.text;
    const length = end - p;
    if (length <= 9) {
      let n = 0;
      let i = p;
      for (; i < end; i++) {
        const d = text.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (i === end) return n;
    }
    if (length > MAX_CACHED_VALUE) return resolvePlainScalar(text.slice(p, end));
    // Short values repeat (`STRICT_DNS`, `0.25s`, `/healthz`): one string and one resolution
    // each, which also keeps the document as small as JSON.parse makes it.
    const values = this.values;
    if (values.has(p, end)) return values.value();
    const written = text.slice(p, end);
    const value = resolvePlainScalar(written);
    values.set(p, end, value);
    return value;
  }

  private skipSpaces(p: number, lineEnd: number): number {
    while (p < lineEnd && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }
}

/** The body of a one-line double-quoted scalar with its escapes applied. */
function unescapeDouble(body: string): string {
  let out = '';
  let from = 0;
  for (let i = body.indexOf('\\'); i !== -1; i = body.indexOf('\\', from)) {
    out += body.slice(from, i);
    const e = body[i + 1];
    if (e === undefined) giveUp();
    const simple = DOUBLE_ESCAPES[e!];
    if (simple !== undefined && Object.prototype.hasOwnProperty.call(DOUBLE_ESCAPES, e!)) {
      out += simple;
      from = i + 2;
      continue;
    }
    const digits = HEX_ESCAPE_LENGTH[e!];
    if (digits === undefined || !Object.prototype.hasOwnProperty.call(HEX_ESCAPE_LENGTH, e!)) giveUp();
    const hex = body.slice(i + 2, i + 2 + digits!);
    if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) giveUp();
    out += String.fromCodePoint(code);
    from = i + 2 + digits!;
  }
  return out + body.slice(from);
}

// Files this reader leaves to the others before reading a line: tabs (indentation or not, the
// rules differ by place), lone CR line breaks, byte-order marks past the start.
function leftToOthers(text: string): boolean {
  return text.includes('\t') || (text.includes('\r') && /\r(?!\n)/.test(text)) || text.indexOf('\ufeff', 1) !== -1;
}

export interface BlockYamlResult {
  docs: CleanYamlDoc[];
  /** Duplicate keys, worded as the yaml-library path words them, in text order. */
  problems: ParseProblem[];
  /** How many problems there are in all (only the first ones are listed). */
  problemCount: number;
}

/** The documents of block-style `text` with their positions, or null when another reader must read it. */
export function readBlockYaml(text: string, limits: BlockYamlLimits): BlockYamlResult | null {
  if (leftToOthers(text)) return null;
  const reader = new BlockReader(text, limits);
  try {
    reader.read();
  } catch (err) {
    if (err instanceof GiveUp) return null;
    throw err;
  }
  const { store, duplicates, duplicateNames } = reader;
  const lineStarts = reader.lineStarts.subarray(0, reader.lineCount);
  const at = (offset: number) => positionAt(lineStarts, offset);
  const lineOf = lineFinder(lineStarts);
  const problems = duplicateKeyProblems(duplicates, duplicateNames, at, 'YAML');
  return {
    docs: reader.docs.map(({ value, start, record }) => ({ value, ...docLocators(store, record, start, at, lineOf) })),
    problems,
    problemCount: reader.duplicateCount,
  };
}
