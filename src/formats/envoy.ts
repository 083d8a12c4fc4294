// The Envoy format: a bootstrap or static-resources file (YAML or JSON; JSON is YAML) read into
// the normalized model. Clusters become pools, endpoints members (with their locality priority),
// listeners listeners, and weighted_clusters splits virtual pools. The parsed document and its
// pointer → line map are returned too, so schemas/envoy.schema.json can be checked with lines.

import { loadYaml } from '../yaml-source.js';
import { envoyToModel } from './envoy-map.js';
import type { FormatParser, ParseOptions, ParseResult } from './types.js';

export function parseEnvoy(text: string, options: ParseOptions): ParseResult {
  const loaded = loadYaml(text);
  const doc = loaded.docs[0];
  const lineOf = doc ? doc.pointerLine : () => null;
  const { model, problems } = envoyToModel(doc?.value ?? null, options.file, lineOf, doc?.root?.() ?? null);
  const result: ParseResult = {
    format: 'envoy',
    model,
    problems: [...loaded.problems, ...problems].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)),
  };
  if (doc) {
    result.raw = doc.value;
    result.pointerLine = doc.pointerLine;
  }
  return result;
}

export const envoyParser: FormatParser = { id: 'envoy', parse: parseEnvoy };
