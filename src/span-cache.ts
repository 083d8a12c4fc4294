// A small direct-mapped cache of what the readers make of spans of one text: the same key
// written 100,000 times (`address`, `port_value`) becomes one string with one name-table index,
// and a short value repeated as often (`STRICT_DNS`, `0.25s`) one string and one resolution.
// Each slot keeps where its span was first read, so a lookup compares the text with itself —
// one string of one representation, where a cached string may be a copy, a slice or a thin
// string by then — and a hit is always the exact same text, never a hash match alone.

const SIZE = 1024; // slots, a power of two

export class SpanCache<T> {
  private readonly starts = new Int32Array(SIZE);
  private readonly lengths = new Int32Array(SIZE).fill(-1);
  private readonly values: T[];
  private readonly tags = new Int32Array(SIZE);
  /** The slot of the last lookup, which set() fills. */
  private slot = 0;

  constructor(
    private readonly text: string,
    empty: T,
  ) {
    this.values = new Array<T>(SIZE).fill(empty);
  }

  /** Whether text[p, end) is cached; value() and tag() then give what was stored for it. */
  has(p: number, end: number): boolean {
    const text = this.text;
    const length = end - p;
    // A hash of the length and four characters: spans that collide are told apart by the compare.
    const hash =
      Math.imul(length, 0x9e3779b1) ^
      Math.imul(text.charCodeAt(p), 0x85ebca6b) ^
      Math.imul(text.charCodeAt(end - 1), 0xc2b2ae35) ^
      Math.imul(text.charCodeAt(p + (length >> 1)), 0x27d4eb2f) ^
      Math.imul(text.charCodeAt(p + (length >> 2)), 0x165667b1);
    const slot = (hash ^ (hash >>> 15)) & (SIZE - 1);
    this.slot = slot;
    if (this.lengths[slot] !== length) return false;
    for (let i = p, j = this.starts[slot]!; i < end; i++, j++) if (text.charCodeAt(i) !== text.charCodeAt(j)) return false;
    return true;
  }

  value(): T {
    return this.values[this.slot]!;
  }

  /** The number stored with the value (the readers keep a key's index in the name table). */
  tag(): number {
    return this.tags[this.slot]!;
  }

  /** Caches `value` (and `tag`) for text[p, end), which the last has() looked up. */
  set(p: number, end: number, value: T, tag = 0): void {
    const slot = this.slot;
    this.starts[slot] = p;
    this.lengths[slot] = end - p;
    this.values[slot] = value;
    this.tags[slot] = tag;
  }
}
