// Where every collection of a loaded YAML/JSON document is written: the position store the fast
// readers (yaml-block.ts, json-fast.ts, yaml-fast.ts) fill while reading, and the JSON-pointer
// lookup behind YamlDoc.pointerLine. Flat number arrays, no object per collection: a 4 MB
// Envoy file has ~150,000 collections.

export const MAPPING = 0;
export const SEQUENCE = 1;

const INDEX_SEGMENT = /^(0|[1-9][0-9]{0,8})$/;
/** Merge sources followed per lookup, as the yaml-library path does. */
const MERGE_VISIT_MAX = 64;

/**
 * A record's header is [kind, first offset, first name, count, merge sources index or -1]; a
 * mapping entry has three offsets (key start, value start or -1 when empty, the value's record or
 * -1) and a name, a sequence item two (start, record). Aliases link to the anchored node's
 * record, so pointers are followed the way the values share nodes.
 */
export class PositionStore {
  readonly headers: number[] = [];
  readonly offsets: number[] = [];
  readonly names: string[] = [];
  readonly merges: number[][] = [];
  private readonly indexes = new Map<number, Map<string, number>>();

  open(kind: number): number {
    const id = this.headers.length;
    this.headers.push(kind, this.offsets.length, this.names.length, 0, -1);
    return id;
  }

  /** The entry index of the last `name` in mapping `id`, or -1. */
  entryOf(id: number, name: string): number {
    const count = this.headers[id + 3]!;
    const first = this.headers[id + 2]!;
    if (count <= 8) {
      for (let i = count - 1; i >= 0; i--) if (this.names[first + i] === name) return i;
      return -1;
    }
    let index = this.indexes.get(id);
    if (!index) {
      index = new Map();
      for (let i = 0; i < count; i++) index.set(this.names[first + i]!, i);
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
      if (record < 0) break;
      if (headers[record] === SEQUENCE) {
        if (!INDEX_SEGMENT.test(segment)) break;
        const index = Number(segment);
        if (index >= headers[record + 3]!) break;
        const at = headers[record + 1]! + 2 * index;
        keyStart = -1;
        valueStart = offsets[at]!;
        record = offsets[at + 1]!;
      } else {
        const found = this.findEntry(record, segment);
        if (found < 0) break;
        keyStart = offsets[found]!;
        valueStart = offsets[found + 1]!;
        record = offsets[found + 2]!;
      }
    }
    if ((part === 'key' || valueStart < 0) && keyStart >= 0) return keyStart;
    return valueStart >= 0 ? valueStart : keyStart >= 0 ? keyStart : rootStart;
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
