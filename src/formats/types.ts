// The contract every format parser fulfils: text in, normalized model and parse problems out.

import type { LbConfig } from '../model.js';

export type FormatId =
  | 'haproxy'
  | 'nginx'
  | 'envoy'
  | 'traefik'
  | 'gateway-api'
  | 'ingress'
  | 'yaml'
  | 'json';

export interface ParseProblem {
  message: string;
  /** 1-based; the line the parser could not read. */
  line: number;
  column?: number;
}

export interface ParseOptions {
  /** Path of the file being parsed, recorded in every SourceLoc. */
  file: string;
  /**
   * Reads another file the config includes (nginx `include`), or null when it is not available
   * to the gate. Relative paths arrive already resolved the way the balancer resolves them
   * (nginx: against the main file's directory); absolute paths arrive as written.
   */
  readInclude?: (path: string, fromFile: string) => string | null;
}

export interface ParseResult {
  format: FormatId;
  /** The normalized model; partial but usable when there are problems. */
  model: LbConfig;
  /** Problems that make the file unreadable or ambiguous. Each becomes a `parse-error` finding. */
  problems: ParseProblem[];
  /** The parsed document for schema validation (YAML/JSON formats), if any. */
  raw?: unknown;
  /** JSON pointer (`/a/0/b`) → source position, for schema findings on YAML/JSON formats. */
  pointerLine?: (pointer: string, part?: 'key' | 'value') => { line: number; column?: number } | null;
}

export interface FormatParser {
  id: FormatId;
  parse(text: string, options: ParseOptions): ParseResult;
}
