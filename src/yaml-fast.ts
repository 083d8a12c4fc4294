// The fast YAML reader behind loadYaml: js-yaml builds the values (≈10x faster than the yaml
// library on multi-megabyte Envoy configs) and its parse listener gives every node's offset, from
// which the pointer → line map is built. It only vouches for clean input, read exactly as the
// yaml-library path reads it: on anything that would need a problem (syntax errors, duplicate
// keys, tags, a second document, depth, alias counts past the limit) or that it does not model
// exactly (directives, tab indentation, odd keys, merges it cannot count), it returns null and
// the caller reads the text with the yaml library, which words and locates the problems.

import { FAILSAFE_SCHEMA, Type, loadAll, type EventType, type LoadOptions, type State } from 'js-yaml';
import { lineStartsOf, positionAt } from './line-index.js';
import { MAPPING, PositionStore, SEQUENCE, docLocators, type DocLocators } from './yaml-positions.js';
import { boolValue, floatValue, intValue, isBoolText, isFloatText, isIntText, isNullText } from './yaml-core-schema.js';
import type { SourcePosition } from './yaml-source.js';

export interface CleanYamlDoc extends DocLocators {
  value: unknown;
}

export interface CleanYamlLimits {
  multi: boolean;
  /** Negative: no limit. */
  maxAliasCount: number;
  maxDepth: number;
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && isNullText(data),
      construct: () => null,
    }),
    new Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && isBoolText(data),
      construct: boolValue,
    }),
    new Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && isIntText(data),
      construct: intValue,
    }),
    new Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (data: string | null) => data !== null && isFloatText(data),
      construct: floatValue,
    }),
    new Type(MERGE_TAG, { kind: 'scalar', resolve: (data: string | null) => data === '<<' }),
  ],
});

/** The parser state js-yaml hands its listener (more than @types/js-yaml declares). */
interface ListenerState {
  input: string;
  position: number;
  kind: string | null;
  result: unknown;
  tag: string | null;
  anchor: string | null;
}

/** Thrown from the listener to stop parsing once the fast path has given up. */
class GiveUp extends Error {}

/** An anchored node, with the yaml library's alias accounting (see useAlias). */
interface Anchor {
  /** Definition order (1-based) and node start, to tell reused names apart. */
  order: number;
  start: number;
  target: unknown;
  /** Uses so far, the definition counting as one, as the yaml library counts. */
  count: number;
  /** The yaml library's "alias count" of the node: computed at first use, 0 until then. */
  aliasCount: number;
  /** aliasCount came out 0: the node holds no scalar at all, and never will. */
  zero: boolean;
  hasScalar: boolean;
  /** The alias uses inside the anchored node: indexes [useStart, useEnd) of `uses`. */
  useStart: number;
  useEnd: number;
  /** Anchors defined inside the node. */
  innerAnchors: number;
  height: number;
  record: number;
}

/**
 * One composeNode call of js-yaml: a node, or an attempt at one (a key tried where a mapping
 * ends, a mapping tried where a scalar follows). Frames are pooled: a 4 MB file has ~400,000.
 */
class Frame {
  children: Frame[] | null = null;
  open = 0;
  useStart = 0;
  anchorStart = 0;
  /** Offset of the node's content (after its anchor); -1 when it has none. */
  start = -1;
  close = 0;
  result: unknown = null;
  container = false;
  flow = false;
  alias: Anchor | null = null;
  mergeKey = false;
  /** Written with an anchor. */
  props = false;
  /** Nesting levels of collections at and below this node, aliases followed. */
  height = 0;
  hasScalar = false;
  /** The collection's positions in the store (for an alias: its anchored node's); -1 for scalars. */
  record = -1;
  /** Can be merged with `<<`: a mapping, or an alias to a mapping the yaml library reads once. */
  mergeSource = false;
  /** A sequence of merge sources (`<<: [*a, *b]`). */
  mergeSources = false;

  reset(open: number, useStart: number, anchorStart: number): this {
    this.children = null;
    this.open = open;
    this.useStart = useStart;
    this.anchorStart = anchorStart;
    this.start = -1;
    this.close = 0;
    this.result = null;
    this.container = false;
    this.flow = false;
    this.alias = null;
    this.mergeKey = false;
    this.props = false;
    this.height = 0;
    this.hasScalar = false;
    this.record = -1;
    this.mergeSource = false;
    this.mergeSources = false;
    return this;
  }
}

/** js-yaml recurses per nesting level; beyond this the yaml-library path (iterative) decides. */
const PARSER_DEPTH_CAP = 1000;

class CleanReader {
  private input = '';
  private readonly stack: Frame[] = [];
  private readonly roots: Frame[] = [];
  private readonly framePool: Frame[] = [];
  private readonly listPool: Frame[][] = [];
  readonly store = new PositionStore();
  private readonly anchors = new Map<string, Anchor>();
  private readonly uses: Anchor[] = [];
  private anchorsDefined = 0;
  /** Offsets of `#`s right after a flow indicator, quote or colon, in order; see coverGluedHashes. */
  private readonly gluedHashes: number[] = [];
  private nextGluedHash = 0;
  /** Set by contentStart: the node has an anchor. */
  private sawProps = false;
  /** Bounds the work of the alias accounting, which rescans anchored nodes' alias uses. */
  private aliasWork: number;

  constructor(
    private readonly limits: CleanYamlLimits,
    textLength: number,
  ) {
    this.aliasWork = 4 * textLength + 1000;
  }

  readonly listener = (event: EventType, parserState: State): void => {
    const state = parserState as unknown as ListenerState;
    if (event === 'open') {
      if (this.input === '') this.startInput(state.input);
      const frame = (this.framePool.pop() ?? new Frame()).reset(state.position, this.uses.length, this.anchorsDefined);
      const parent = this.stack[this.stack.length - 1];
      if (parent) (parent.children ??= this.listPool.pop() ?? []).push(frame);
      this.stack.push(frame);
    } else {
      const frame = this.stack.pop()!;
      const children = frame.children;
      this.closeFrame(frame, state, children);
      if (children) {
        for (const child of children) this.framePool.push(child);
        children.length = 0;
        this.listPool.push(children);
        frame.children = null;
      }
      if (this.stack.length === 0) this.roots.push(frame);
    }
  };

  private startInput(input: string): void {
    this.input = input;
    if (input.includes('#')) for (const match of input.matchAll(GLUED_HASH)) this.gluedHashes.push(match.index + 1);
  }

  /** The documents js-yaml read from `text`, with their positions; null to leave them to the yaml library. */
  docs(values: unknown[], text: string): CleanYamlDoc[] | null {
    if (values.length !== this.roots.length) return null;
    if (this.nextGluedHash < this.gluedHashes.length) return null;
    // Offsets are into js-yaml's copy of the text, which lacks a leading byte-order mark.
    const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let lineStarts: number[] | null = null;
    const at = (offset: number): SourcePosition => {
      lineStarts ??= lineStartsOf(text);
      return positionAt(lineStarts, offset + shift);
    };
    const docs: CleanYamlDoc[] = [];
    for (const [index, root] of this.roots.entries()) {
      if (root.start < 0 && !root.props) continue; // empty document: a trailing `---`, comments
      if (root.start < 0 || !Object.is(values[index], root.result)) return null;
      if (root.container && !root.flow && this.onMarkerLine(root.start)) return null; // `--- a: 1`
      const { start, record } = root;
      docs.push({ value: values[index], ...docLocators(this.store, record, start, at) });
    }
    if (!this.limits.multi && docs.length > 1) return null;
    this.release();
    return docs;
  }

  /** Drops what only parsing needs; the documents keep the position store. */
  private release(): void {
    this.input = '';
    this.framePool.length = 0;
    this.listPool.length = 0;
    this.roots.length = 0;
    this.anchors.clear();
    this.uses.length = 0;
  }

  private closeFrame(frame: Frame, state: ListenerState, children: Frame[] | null): void {
    const input = this.input;
    const result = state.result;
    frame.close = state.position;
    frame.result = result;
    frame.mergeKey = state.tag === MERGE_TAG;
    frame.start = this.contentStart(frame.open, state.position);
    frame.props = this.sawProps;

    const kind = state.kind;
    const only = children !== null && children.length === 1 ? children[0]! : null;
    if (only && frame.props && only.props && only.start === frame.start && this.skipBlanks(frame.open) !== only.open) {
      // `&a` then `&b` on the next line: js-yaml gives the node both; YAML allows one anchor.
      throw new GiveUp();
    }
    if (frame.start < 0) {
      // Nothing read: an empty value (null), or a key attempt that found the mapping's end.
      if (state.tag !== null) throw new GiveUp();
      frame.hasScalar = true;
    } else if (input.charCodeAt(frame.start) === 0x2a /* * */) {
      if (state.tag !== null || state.anchor !== null) throw new GiveUp();
      const alias =
        only && only.start === frame.start && only.alias
          ? only.alias // a mapping attempt that read just this alias
          : this.useAlias(frame.start, result);
      frame.alias = alias;
      frame.record = alias.record;
      frame.height = alias.height;
      frame.mergeSource =
        result !== null && typeof result === 'object' && !Array.isArray(result) && alias.useEnd === alias.useStart && alias.innerAnchors === 0;
    } else if ((kind === 'mapping' || kind === 'sequence') && result !== null && typeof result === 'object') {
      frame.container = true;
      if (only !== null && only.container && only.result === result) {
        // A mapping attempt that read just this collection: the inner frame has its positions.
        frame.record = only.record;
        frame.height = only.height;
        frame.hasScalar = only.hasScalar;
        frame.flow = only.flow;
        frame.mergeSource = only.mergeSource;
        frame.mergeSources = only.mergeSources;
      } else {
        const open = input.charCodeAt(frame.start);
        frame.flow = open === 0x7b /* { */ || open === 0x5b; /* [ */
        if (frame.flow) {
          const lineBreak = input.indexOf('\n', frame.start);
          if (lineBreak !== -1 && lineBreak < frame.close) this.checkFlowLines(frame);
        }
        if (kind === 'mapping') this.closeMapping(frame, result as Record<string, unknown>, children);
        else this.closeSequence(frame, result as unknown[], children);
      }
      if (frame.props) frame.mergeSource = frame.mergeSources = false;
    } else if (kind === 'scalar') {
      frame.hasScalar = true;
      if (this.nextGluedHash < this.gluedHashes.length) this.coverGluedHashes(frame.start, frame.close);
      const c = input.charCodeAt(frame.start);
      if ((c === 0x7c /* | */ || c === 0x3e) /* > */ && this.hasIndentIndicator(frame.start + 1)) throw new GiveUp();
    } else {
      throw new GiveUp();
    }

    if (state.anchor !== null) this.defineAnchor(state.anchor, frame);
    if (frame.height > this.limits.maxDepth) throw new GiveUp();
  }

  private closeMapping(frame: Frame, result: Record<string, unknown>, children: Frame[] | null): void {
    const store = this.store;
    const id = store.open(MAPPING);
    frame.record = id;
    let count = 0;
    let merges: number[] | null = null;
    let height = 0;
    const n = children === null ? 0 : children.length;
    for (let i = 0; i < n; ) {
      const key = children![i]!;
      if (key.start < 0 && key.open === key.close && !key.props && !frame.flow && i === n - 1) {
        // A block mapping's last key attempt that found its end (`---`, say); an empty explicit
        // key `?` would have been stored under "null".
        if (Object.prototype.hasOwnProperty.call(result, 'null')) throw new GiveUp();
        break;
      }
      if (key.start < 0 || key.alias || key.container || key.result === null || typeof key.result === 'object') {
        throw new GiveUp(); // empty, alias or collection keys: read differently by the two paths
      }
      if (key.start > key.open) this.checkPlainAfterComment(key.open, key.start); // `?` keys
      const value = this.followedByColon(key.close, frame.flow) ? children![i + 1] : undefined;
      i += value ? 2 : 1;
      if (key.mergeKey) {
        if (!value) throw new GiveUp();
        merges ??= [];
        this.addMergeSources(value, merges);
      } else {
        const name = String(key.result);
        // The entry must be the one js-yaml stored (not, say, an explicit `? [a]` pair); an own
        // property, as a prototype's (`toString`) would be a function.
        if (!Object.is(result[name], value ? value.result : null)) throw new GiveUp();
        store.addName(name);
        store.add(key.start);
        store.add(value ? value.start : -1);
        store.add(value ? value.record : -1);
        count++;
      }
      if (value) {
        // js-yaml reads `a: b: c` and `a: &x b: c` as nested mappings; YAML does not allow them.
        if (value.container && !value.flow && this.input.lastIndexOf('\n', value.start) < key.close) throw new GiveUp();
        if (!value.container && value.alias === null && value.start >= 0) this.checkPlainAfterComment(key.close, value.start);
        if (value.height > height) height = value.height;
      }
    }
    store.setCount(id, count);
    if (merges) store.setMerges(id, merges);
    frame.height = height + 1;
    frame.hasScalar = count > 0 || merges !== null;
    frame.mergeSource = true;
  }

  private closeSequence(frame: Frame, items: unknown[], children: Frame[] | null): void {
    const n = children === null ? 0 : children.length;
    // Bare `-` items (null, no frame) and `[a: 1]` pairs (two frames) do not line up: rare.
    if (n !== items.length) throw new GiveUp();
    const store = this.store;
    const id = store.open(SEQUENCE);
    frame.record = id;
    let height = 0;
    let hasScalar = false;
    let mergeSources = true;
    for (let i = 0; i < n; i++) {
      const item = children![i]!;
      if (item.start < 0 || !Object.is(items[i], item.result)) throw new GiveUp();
      if (!frame.flow && !item.container && item.alias === null) {
        const dash = i === 0 ? frame.start : this.skipBlanks(children![i - 1]!.close);
        if (this.input.charCodeAt(dash) !== 0x2d /* - */) throw new GiveUp();
        this.checkPlainAfterComment(dash + 1, item.start);
      }
      store.add(item.start);
      store.add(item.record);
      if (item.height > height) height = item.height;
      if (item.hasScalar) hasScalar = true;
      if (!item.mergeSource) mergeSources = false;
    }
    store.setCount(id, n);
    frame.height = height + 1;
    frame.hasScalar = hasScalar;
    frame.mergeSources = mergeSources;
  }

  /**
   * `<<: *base`, `<<: [*a, *b]` or an inline mapping. A merged alias counts as one use, as in
   * the yaml library — which also re-reads the merged node, recounting any aliases and anchors
   * inside it: such nodes are left to the yaml-library path.
   */
  private addMergeSources(value: Frame, merges: number[]): void {
    if (value.mergeSource) {
      merges.push(value.record);
    } else if (value.mergeSources) {
      const { headers, offsets } = this.store;
      const first = headers[value.record + 1]!;
      for (let i = 0; i < headers[value.record + 3]!; i++) merges.push(offsets[first + 2 * i + 1]!);
    } else {
      throw new GiveUp();
    }
  }

  private defineAnchor(name: string, frame: Frame): void {
    // js-yaml gives a name reused inside the node it anchors (`a: &x [{b: &x 1}]`) to the outer
    // node, the yaml library to the later one. A mapping attempt re-reading the node is fine.
    const earlier = this.anchors.get(name);
    if (earlier && earlier.order > frame.anchorStart && earlier.start !== frame.start) throw new GiveUp();
    this.anchorsDefined++;
    this.anchors.set(name, {
      order: this.anchorsDefined,
      start: frame.start,
      target: frame.result,
      count: 1,
      aliasCount: 0,
      zero: false,
      hasScalar: frame.hasScalar,
      useStart: frame.useStart,
      useEnd: this.uses.length,
      innerAnchors: this.anchorsDefined - 1 - frame.anchorStart,
      height: frame.height,
      record: frame.record,
    });
  }

  /**
   * One alias use, counted the way the yaml library counts when it builds values: the anchored
   * node's uses times its "alias count" (1 for a node holding scalars, else the largest
   * uses × alias count among the aliases inside it, at the time of its first use) must stay
   * within maxAliasCount. Past it the yaml-library path refuses the file as an alias bomb.
   */
  private useAlias(start: number, target: unknown): Anchor {
    const input = this.input;
    let end = start + 1;
    while (!isAnchorEnd(input.charCodeAt(end))) end++;
    if (input.charCodeAt(end - 1) === 0x3a /* : */) throw new GiveUp(); // `*a: b` is ambiguous
    const anchor = this.anchors.get(input.slice(start + 1, end));
    // A different target means a circular alias (its node is still open) or a case not modelled.
    if (!anchor || !Object.is(anchor.target, target)) throw new GiveUp();
    const max = this.limits.maxAliasCount;
    if (max === 0) throw new GiveUp(); // aliases are refused outright
    if (max > 0) {
      anchor.count += 1;
      if (anchor.aliasCount === 0 && !anchor.zero) {
        anchor.aliasCount = this.aliasCountOf(anchor);
        anchor.zero = anchor.aliasCount === 0;
      }
      if (anchor.count * anchor.aliasCount > max) throw new GiveUp();
    }
    this.uses.push(anchor);
    return anchor;
  }

  private aliasCountOf(anchor: Anchor): number {
    this.aliasWork -= anchor.useEnd - anchor.useStart;
    if (this.aliasWork < 0) throw new GiveUp();
    let count = anchor.hasScalar ? 1 : 0;
    for (let i = anchor.useStart; i < anchor.useEnd; i++) {
      const inner = this.uses[i]!;
      const c = inner.count * inner.aliasCount;
      if (c > count) count = c;
    }
    return count;
  }

  /**
   * A flow collection spread over lines must indent them past the block collection holding it
   * (the yaml library reports a line that is not: "must be sufficiently indented"); js-yaml
   * accepts them. Checked on the outermost flow collection; blank and comment lines are free.
   */
  private checkFlowLines(frame: Frame): void {
    const input = this.input;
    let minIndent = 0;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const start = this.contentStart(this.stack[i]!.open, frame.start + 1);
      if (start === frame.start) continue; // the same node, read through a mapping attempt
      const c = input.charCodeAt(start);
      if (c === 0x5b /* [ */ || c === 0x7b /* { */) return; // inside another flow collection
      minIndent = start - (input.lastIndexOf('\n', start - 1) + 1) + 1;
      break;
    }
    for (let nl = input.indexOf('\n', frame.start); nl !== -1 && nl < frame.close; nl = input.indexOf('\n', nl + 1)) {
      let p = nl + 1;
      while (input.charCodeAt(p) === 0x20) p++;
      const c = input.charCodeAt(p);
      if (c === 0x0a || c === 0x0d) continue;
      if (c === 0x23 /* # */) {
        // The yaml library rejects some unindented comments in a top-level flow mapping.
        if (p === nl + 1 && minIndent === 0) throw new GiveUp();
        continue;
      }
      if (p - (nl + 1) < minIndent || input.startsWith('---', nl + 1) || input.startsWith('...', nl + 1)) {
        throw new GiveUp();
      }
    }
  }

  /**
   * A plain scalar written on the line after its key, `-` or `?`, behind a comment line: the yaml
   * library joins it with what follows (`a:`, `# c`, `  1`, `b: 2` is a multi-line key "1 b", and
   * `-`, `# c`, `  1`, `- 2` one item "1 - 2"); js-yaml does not. Such nodes are left to it.
   */
  private checkPlainAfterComment(keyEnd: number, valueStart: number): void {
    const input = this.input;
    const c = input.charCodeAt(valueStart);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */ || c === 0x7c /* | */ || c === 0x3e /* > */) return;
    if (input.lastIndexOf('\n', valueStart) < keyEnd) return; // on the key's line
    for (let p = keyEnd; p < valueStart; p++) if (input.charCodeAt(p) === 0x23 /* # */) throw new GiveUp();
  }

  /**
   * Scalars that hold the next glued `#`s (`"#fff"`, `a,#b`); one before `start` was read by
   * js-yaml as a comment, which YAML does not allow without a blank before it.
   */
  private coverGluedHashes(start: number, end: number): void {
    const hashes = this.gluedHashes;
    while (this.nextGluedHash < hashes.length && hashes[this.nextGluedHash]! < end) {
      if (hashes[this.nextGluedHash]! < start) throw new GiveUp();
      this.nextGluedHash++;
    }
  }

  /** A block scalar header like `|2-`: js-yaml counts the indentation differently at the root. */
  private hasIndentIndicator(from: number): boolean {
    for (let p = from; ; p++) {
      const c = this.input.charCodeAt(p);
      if (c >= 0x31 && c <= 0x39) return true;
      if (c !== 0x2b /* + */ && c !== 0x2d /* - */) return false;
    }
  }

  /** Whether the line holding `offset` starts with a `---` marker before it. */
  private onMarkerLine(offset: number): boolean {
    const lineStart = this.input.lastIndexOf('\n', offset - 1) + 1;
    return lineStart < offset && this.input.startsWith('---', lineStart);
  }

  /** Skips blanks, line breaks, comments and anchors from a frame's open; -1 if nothing follows. */
  private contentStart(from: number, to: number): number {
    const input = this.input;
    let p = from;
    this.sawProps = false;
    while (p < to) {
      const c = input.charCodeAt(p);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        p++;
      } else if (c === 0x23 /* # */) {
        while (p < to && !isLineBreak(input.charCodeAt(p))) p++;
      } else if (c === 0x26 /* & */) {
        this.sawProps = true;
        p++;
        while (p < to && !isAnchorEnd(input.charCodeAt(p))) p++;
        // `&a: b` is ambiguous, and YAML wants a blank after the name (js-yaml reads `&a{x: 1}`).
        if (input.charCodeAt(p - 1) === 0x3a /* : */ || !isBlankOrBreak(input.charCodeAt(p))) throw new GiveUp();
      } else if (c === 0x21 /* ! */) {
        // Explicit tags are rare in LB configs and js-yaml applies some oddly (`!!str` on its
        // own line re-tags an already resolved value): the yaml-library path reads them.
        throw new GiveUp();
      } else {
        return p;
      }
    }
    return -1;
  }

  /** The first offset from `from` that is not a blank, line break or comment. */
  private skipBlanks(from: number): number {
    const input = this.input;
    let p = from;
    for (;;) {
      const c = input.charCodeAt(p);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        p++;
      } else if (c === 0x23 /* # */) {
        while (p < input.length && !isLineBreak(input.charCodeAt(p))) p++;
      } else {
        return p;
      }
    }
  }

  /** Whether a key that ended at `from` is followed by the `:` of its value. */
  private followedByColon(from: number, flow: boolean): boolean {
    const input = this.input;
    let p = from;
    let c = input.charCodeAt(p);
    while (c === 0x20) c = input.charCodeAt(++p); // the usual `key: value`
    if (c !== 0x3a /* : */) {
      p = this.skipBlanks(p);
      c = input.charCodeAt(p);
      if (c !== 0x3a) return false;
    }
    return flow || isBlankOrBreak(input.charCodeAt(p + 1)) || input.charCodeAt(p + 1) === 0;
  }

}

function isLineBreak(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

function isBlankOrBreak(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Where js-yaml ends an anchor or alias name: blanks, breaks, flow indicators, end of input. */
function isAnchorEnd(c: number): boolean {
  return (
    isBlankOrBreak(c) || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0 || Number.isNaN(c)
  );
}


// Left to the yaml-library path: tab indentation (also after `- `, where it indents a compact
// collection), `%` directives (a `%YAML 1.1` document reads differently), `---` glued to text
// or a tab (js-yaml takes `------` for two markers), `...` document end markers, lone CR line
// breaks and byte-order marks past the start (js-yaml and the yaml library disagree on them).
const TAB_INDENT = /(?:^|\n)[ ?:-]*\t/;
const DIRECTIVE = /(?:^|\n)%/;
const MARKER = /(?:^|\n)(?:---[^ \r\n]|\.\.\.)/;
const LONE_CR = /\r(?!\n)/;
/** A `#` js-yaml may read as a comment though no blank precedes it; see coverGluedHashes. */
const GLUED_HASH = /[,[\]{}"':]#/g;

function leftToYamlLibrary(text: string): boolean {
  return (
    (text.includes('\t') && TAB_INDENT.test(text)) ||
    (text.includes('%') && DIRECTIVE.test(text)) ||
    ((text.includes('---') || text.includes('...')) && MARKER.test(text)) ||
    (text.includes('\r') && LONE_CR.test(text)) ||
    text.indexOf('\ufeff', 1) !== -1
  );
}

/**
 * The documents of `text` with their positions, or null when the yaml-library path must read it:
 * any problem to report, or anything this reader does not reproduce exactly.
 */
export function readCleanYaml(text: string, limits: CleanYamlLimits): CleanYamlDoc[] | null {
  if (leftToYamlLibrary(text)) return null;
  const reader = new CleanReader(limits, text.length);
  const options: LoadOptions & { maxDepth: number } = {
    schema: SCHEMA,
    listener: reader.listener,
    onWarning: () => {
      throw new GiveUp();
    },
    maxDepth: Math.min(limits.maxDepth + 2, PARSER_DEPTH_CAP),
  };
  let values: unknown[];
  try {
    values = loadAll(text, null, options);
  } catch {
    return null; // syntax errors, duplicate keys, unknown tags, GiveUp: the yaml path says why
  }
  return reader.docs(values, text);
}
