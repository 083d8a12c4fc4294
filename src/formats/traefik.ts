// Traefik dynamic configuration (file provider, YAML or TOML) → the normalized model.
//
// Services become pools (see traefik-services.ts; tcp and udp pools are named `tcp/<name>` and
// `udp/<name>` because each protocol has its own service names). Routers become routes on one
// listener per entry point, `entrypoint/<name>`: dynamic config does not say where an entry
// point listens, so its bind is the entry point's name with no port, TLS when a router on it
// terminates TLS; a static `entryPoints.<name>.address` in the same file fills in the real one.
// A router without entryPoints listens on all of them: listener `entrypoint/*`.
//
// TOML carries no positions, so lines for TOML come from traefik-toml-locator.ts, a linear
// scan of the source for table headers and keys.

import { parse as parseToml } from 'smol-toml';
import type { Bind, LbConfig, Listener, Pool } from '../model.js';
import { emptyConfig } from '../model.js';
import { YAML_LIMITS, escapePointerSegment, loadYaml } from '../yaml-source.js';
import { tooDeepMessage } from '../reader-problems.js';
import { serviceResolver } from './traefik-refs.js';
import { isRecord, servicePool, shown, type Protocol, type ServiceContext } from './traefik-services.js';
import { tomlLocator } from './traefik-toml-locator.js';
import type { FormatParser, ParseOptions, ParseProblem, ParseResult } from './types.js';

const PROTOCOLS: Protocol[] = ['http', 'tcp', 'udp'];
const ALL_ENTRY_POINTS = '*';

type PointerLine = (pointer: string, part?: 'key' | 'value') => { line: number; column?: number } | null;

export function parseTraefik(text: string, options: ParseOptions): ParseResult {
  const loaded = traefikSyntax(options.file, text) === 'toml' ? loadToml(text) : loadTraefikYaml(text);
  // Named entries (`shop-api:`) are reported on their key's line, not on their first field's.
  const lineOf = (pointer: string) => loaded.pointerLine?.(pointer, 'key')?.line ?? 1;
  const mapped = traefikModel(loaded.raw, lineOf, options.file);
  const result: ParseResult = {
    format: 'traefik',
    model: mapped.model,
    problems: [...loaded.problems, ...mapped.problems].sort((a, b) => a.line - b.line),
  };
  if (loaded.raw !== undefined) result.raw = loaded.raw;
  if (loaded.pointerLine) result.pointerLine = loaded.pointerLine;
  return result;
}

export const traefikParser: FormatParser = { id: 'traefik', parse: parseTraefik };

// YAML: a top-level `http:`/`tcp:`/`udp:` and an indented `routers:`/`services:` (JSON: the
// quoted keys). TOML: a `[http.routers…]`-style table header or a dotted `http.routers…` key.
const YAML_SECTION = /^["']?(?:http|tcp|udp)["']?[ \t]*:/m;
const YAML_CHILD = /^[ \t]+["']?(?:routers|services)["']?[ \t]*:/m;
const JSON_SECTION = /"(?:http|tcp|udp)"[ \t\r\n]*:[ \t\r\n]*\{[ \t\r\n]*"(?:routers|services|middlewares)"/;
const TOML_TABLE = /^[ \t]*\[\[?[ \t]*(?:http|tcp|udp)\.(?:routers|services)\b/m;
const TOML_DOTTED = /^[ \t]*(?:http|tcp|udp)\.(?:routers|services)\.[^=\n]*=/m;

/** Content detection: the text (or its head) is a Traefik dynamic configuration. */
export function looksLikeTraefik(text: string): boolean {
  return (
    TOML_TABLE.test(text) ||
    TOML_DOTTED.test(text) ||
    JSON_SECTION.test(text) ||
    (YAML_SECTION.test(text) && YAML_CHILD.test(text))
  );
}

/**
 * TOML or YAML, by extension, else by the first line that is not blank or a comment: a table
 * header (`[http.routers]`) or `key = value` is TOML. YAML would read `[http.routers]` as a list,
 * so the extension must win when there is one.
 */
export function traefikSyntax(file: string, text: string): 'toml' | 'yaml' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json')) return 'yaml';
  let start = 0;
  for (let lines = 0; start < text.length && lines < 1000; lines++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    start = end === -1 ? text.length : end + 1;
    if (line === '' || line.startsWith('#')) continue;
    return /^\[\[?[^\]=]*\]\]?\s*(#.*)?$/.test(line) || /^[A-Za-z0-9_."'-]+\s*=/.test(line) ? 'toml' : 'yaml';
  }
  return 'yaml';
}

interface Loaded {
  raw: unknown;
  problems: ParseProblem[];
  pointerLine?: PointerLine;
}

function loadTraefikYaml(text: string): Loaded {
  const { docs, problems } = loadYaml(text);
  const doc = docs[0];
  return doc ? { raw: doc.value, problems, pointerLine: (p, part) => doc.pointerLine(p, part) } : { raw: undefined, problems };
}

function loadToml(text: string): Loaded {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) {
    return {
      raw: undefined,
      problems: [{ line: 1, column: 1, message: `file is ${Math.round(bytes / 1048576)} MB, over the ${YAML_LIMITS.maxBytes / 1048576} MB lb-gate reads as TOML; it was not checked — split it into smaller files` }],
    };
  }
  try {
    const raw = parseToml(text, { maxDepth: YAML_LIMITS.maxDepth });
    // smol-toml bounds inline nesting only; `[a.b.c…]` headers can nest without limit.
    const deepAt = firstTooDeep(raw, YAML_LIMITS.maxDepth);
    if (deepAt !== null) {
      const line = lineOfKey(text, deepAt);
      return {
        raw: undefined,
        problems: [{ line, message: tooDeepMessage(YAML_LIMITS.maxDepth) }],
      };
    }
    return { raw, problems: [], pointerLine: tomlLocator(text) };
  } catch (err) {
    const e = err as { message?: unknown; line?: unknown; column?: unknown };
    const message = typeof e.message === 'string' ? e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '') : String(err);
    const line = typeof e.line === 'number' && e.line > 0 ? e.line : 1;
    const column = typeof e.column === 'number' && e.column > 0 ? e.column : undefined;
    return { raw: undefined, problems: [{ line, ...(column ? { column } : {}), message: `TOML syntax error: ${message}` }] };
  }
}

/** The key of the first table or array nested deeper than `max` levels, or null. */
function firstTooDeep(value: unknown, max: number): string | null {
  const stack: Array<{ node: unknown; depth: number; key: string }> = [{ node: value, depth: 0, key: '' }];
  while (stack.length > 0) {
    const { node, depth, key } = stack.pop()!;
    if (typeof node !== 'object' || node === null || node instanceof Date) continue;
    if (depth > max) return key;
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [k, v] of entries) stack.push({ node: v, depth: depth + 1, key: k });
  }
  return null;
}

/** The first line that mentions `key` (cheap, good enough for pointing at a refused file). */
function lineOfKey(text: string, key: string): number {
  const index = key === '' ? -1 : text.indexOf(key);
  if (index === -1) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function ptr(...segments: Array<string | number>): string {
  return segments.map((s) => `/${escapePointerSegment(String(s))}`).join('');
}

/** The model of an already-parsed dynamic configuration; `lineOf` maps pointers to lines. */
export function traefikModel(
  doc: unknown,
  lineOf: (pointer: string) => number,
  file: string,
): { model: LbConfig; problems: ParseProblem[] } {
  const model = emptyConfig('traefik', file);
  const problems: ParseProblem[] = [];
  const problem = (at: string, message: string): void => {
    problems.push({ line: lineOf(at), message });
  };
  if (doc === undefined || doc === null) return { model, problems };
  if (!isRecord(doc)) {
    problem('', `the file holds ${shown(doc)}, not a Traefik dynamic configuration (a mapping with http, tcp or udp sections)`);
    return { model, problems };
  }

  const listeners = new Map<string, Listener>();
  const staticBinds = staticEntryPoints(doc.entryPoints, lineOf, file);
  for (const protocol of PROTOCOLS) {
    const section = doc[protocol];
    if (section === undefined || section === null) continue;
    if (!isRecord(section)) {
      problem(ptr(protocol), `${protocol} is ${shown(section)}, expected a mapping with routers and services`);
      continue;
    }
    const services = namedEntries(section.services, ptr(protocol, 'services'), `${protocol}.services`, problem);
    const routers = namedEntries(section.routers, ptr(protocol, 'routers'), `${protocol}.routers`, problem);
    const resolve = serviceResolver(protocol, new Set(services.map(([name]) => name)));
    const ctx: ServiceContext = {
      protocol,
      file,
      lineOf,
      problem,
      at: (...segments) => ptr(protocol, 'services', ...segments),
      resolve,
    };
    const pools: Pool[] = [];
    for (const [name, def] of services) {
      const pool = servicePool(name, def, ctx);
      if (pool) pools.push(pool);
    }
    for (const pool of pools) model.pools.push(pool);

    for (const [name, router] of routers) {
      const at = (...segments: Array<string | number>) => ptr(protocol, 'routers', name, ...segments);
      const label = `${protocol} router "${name}"`;
      if (!isRecord(router)) {
        problem(at(), `${label} is ${shown(router)}, expected a mapping with rule, service and entryPoints`);
        continue;
      }
      if (typeof router.service !== 'string' || router.service === '') {
        problem(at(), `${label} names no service (found ${shown(router.service)}); Traefik rejects it and its requests get no answer`);
        continue;
      }
      let entryPoints: string[] = [ALL_ENTRY_POINTS];
      if (router.entryPoints !== undefined) {
        if (!Array.isArray(router.entryPoints) || !router.entryPoints.every((e) => typeof e === 'string')) {
          problem(at('entryPoints'), `${label}: entryPoints is ${shown(router.entryPoints)}, expected a list of entry point names`);
          continue;
        }
        if (router.entryPoints.length > 0) entryPoints = router.entryPoints as string[];
      }
      const tls = routerTls(router.tls);
      const target = resolve(router.service);
      const rule = typeof router.rule === 'string' && router.rule !== '' ? router.rule : 'all requests';
      const line = lineOf(at());
      for (const entryPoint of entryPoints) {
        const listenerName = `entrypoint/${entryPoint}`;
        let listener = listeners.get(listenerName);
        if (!listener) {
          const bind: Bind = staticBinds.get(entryPoint) ?? {
            address: entryPoint,
            port: null,
            tls: false,
            loc: { file, line: lineOf(router.entryPoints !== undefined ? at('entryPoints') : at()) },
          };
          listener = { name: listenerName, binds: [{ ...bind, tls: false }], routes: [], defaultTargets: [], loc: { file, line } };
          listeners.set(listenerName, listener);
          model.listeners.push(listener);
        }
        if (tls) listener.binds[0]!.tls = true;
        listener.routes.push({
          match: `${rule} (router ${name})`,
          targets: [{ pool: target.pool, weight: 1, ...(target.external ? { external: true } : {}) }],
          loc: { file, line },
        });
      }
    }
  }
  return { model, problems };
}

/** A router terminates TLS when it has a `tls` section, unless a TCP router passes TLS through. */
function routerTls(tls: unknown): boolean {
  if (tls === undefined || tls === null || tls === false) return false;
  if (isRecord(tls) && tls.passthrough === true) return false;
  return true;
}

/** The `name → definition` entries of a routers or services mapping. */
function namedEntries(
  value: unknown,
  at: string,
  label: string,
  problem: (at: string, message: string) => void,
): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    problem(at, `${label} is ${shown(value)}, expected a mapping from names to definitions`);
    return [];
  }
  return Object.entries(value);
}

/** Binds of entry points declared with an address in the same file (static configuration). */
function staticEntryPoints(value: unknown, lineOf: (pointer: string) => number, file: string): Map<string, Bind> {
  const out = new Map<string, Bind>();
  if (!isRecord(value)) return out;
  for (const [name, def] of Object.entries(value)) {
    if (!isRecord(def) || typeof def.address !== 'string') continue;
    const match = /^(.*):([0-9]{1,5})(?:\/(?:tcp|udp))?$/.exec(def.address.trim());
    if (!match) continue;
    out.set(name, {
      address: match[1] === '' ? '*' : match[1]!,
      port: Number(match[2]),
      tls: false,
      loc: { file, line: lineOf(ptr('entryPoints', name, 'address')) },
    });
  }
  return out;
}
