// Plain-data reading shared by the Kubernetes formats (Gateway API, Ingress): walking the
// objects of a multi-document manifest (and `kind: List` items), their names and namespaces,
// JSON pointers into the parsed documents, and the `/N/...` pointer map over several documents.

import type { ParseProblem } from './types.js';
import type { YamlDoc } from '../yaml-source.js';
import { escapePointerSegment, loadYaml, parsePointer } from '../yaml-source.js';
import { isInteger, isRecord, shown } from './structured-values.js';
export { isInteger, isRecord, shown };

/** The line where the node at a JSON pointer into the parsed documents (`/N/...`) is written. */
export type LineOf = (pointer: string) => number;


/** `base` extended by raw (unescaped) segments. */
export function ptr(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((s) => `/${escapePointerSegment(String(s))}`).join('');
}

export interface K8sObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  /** Pointer to the object in the parsed documents (`/3` or `/3/items/0` for List items). */
  at: string;
  value: Record<string, unknown>;
}

/**
 * Every Kubernetes object of the documents, in file order: top-level documents and the items of
 * `kind: List` documents (what `kubectl get -o yaml` writes). Documents that are not objects with
 * a string `kind` are not Kubernetes objects and are skipped.
 */
export function k8sObjects(docs: unknown[]): K8sObject[] {
  const out: K8sObject[] = [];
  const add = (value: unknown, at: string): void => {
    if (!isRecord(value) || typeof value.kind !== 'string') return;
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    out.push({
      kind: value.kind,
      apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : '',
      name: typeof metadata.name === 'string' ? metadata.name : '',
      namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default',
      at,
      value,
    });
  };
  docs.forEach((doc, index) => {
    const at = `/${index}`;
    if (isRecord(doc) && doc.kind === 'List' && Array.isArray(doc.items)) {
      doc.items.forEach((item, i) => add(item, ptr(at, 'items', i)));
    } else {
      add(doc, at);
    }
  });
  return out;
}

/** `kind ns/name`, as on-call engineers see objects in kubectl. */
export function describe(obj: Pick<K8sObject, 'kind' | 'namespace' | 'name'>): string {
  return `${obj.kind} ${obj.namespace}/${obj.name || '(unnamed)'}`;
}

export interface LoadedManifest {
  /** The parsed documents, in file order (empty documents left out). */
  raw: unknown[];
  problems: ParseProblem[];
  /** `/N/...` → position in document N. */
  pointerLine: (pointer: string, part?: 'key' | 'value') => { line: number; column?: number } | null;
  lineOf: LineOf;
}

/** Reads a multi-document Kubernetes manifest with pointer → line mapping across documents. */
export function loadManifest(text: string): LoadedManifest {
  const { docs, problems } = loadYaml(text, { multi: true });
  const pointerLine = multiDocPointerLine(docs);
  return {
    raw: docs.map((d) => d.value),
    problems,
    pointerLine,
    // A mapping-valued field (`backendRefs:`, `tls:`) is reported on its key's line.
    lineOf: (pointer) => pointerLine(pointer, 'key')?.line ?? 1,
  };
}

/** Maps `/N/rest` to document N's `/rest`; `` and `/N` map to the document's start. */
export function multiDocPointerLine(docs: YamlDoc[]): LoadedManifest['pointerLine'] {
  return (pointer, part) => {
    const segments = parsePointer(pointer);
    if (segments === null) return null;
    if (segments.length === 0) return docs.length > 0 ? docs[0]!.pointerLine('', part) : null;
    const index = /^(0|[1-9][0-9]{0,8})$/.test(segments[0]!) ? Number(segments[0]) : -1;
    const doc = docs[index];
    if (!doc) return null;
    return doc.pointerLine(segments.slice(1).map((s) => `/${escapePointerSegment(s)}`).join(''), part);
  };
}

/** A name unique among `taken` (which it joins): `name`, then `name #2`, `name #3`, … */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} #${n}`;
  taken.add(candidate);
  return candidate;
}

/** Kubernetes integer fields: a JS integer (YAML `80`), not a string or a fraction. */

