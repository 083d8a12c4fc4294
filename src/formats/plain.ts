// Plain YAML and JSON: files the engine does not model (an in-house LB format, say). They are
// read for syntax and for the user's schemas; their model is empty, so no traffic rules apply.

import { emptyConfig } from '../model.js';
import { loadYaml } from '../yaml-source.js';
import type { FormatId, FormatParser, ParseOptions, ParseResult } from './types.js';

function parsePlain(format: FormatId, text: string, options: ParseOptions): ParseResult {
  // JSON is read through the YAML loader too: one source map, one set of limits.
  const { docs, problems } = loadYaml(text, { multi: false });
  const doc = docs[0];
  return {
    format,
    model: emptyConfig(format, options.file),
    problems,
    raw: doc?.value,
    pointerLine: (pointer, part) => doc?.pointerLine(pointer, part) ?? null,
  };
}

export const yamlParser: FormatParser = { id: 'yaml', parse: (text, options) => parsePlain('yaml', text, options) };
export const jsonParser: FormatParser = { id: 'json', parse: (text, options) => parsePlain('json', text, options) };

/** Formats whose model is always empty: only their text diff tells whether they changed. */
export const UNMODELED_FORMATS: ReadonlySet<FormatId> = new Set(['yaml', 'json']);
