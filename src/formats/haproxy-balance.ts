// Reads a `balance` line into the normalized algorithm and hash key, and decides whether a
// `balance hash <expr>` key can only ever take one value (which sends every request to one server).

import { shown } from './haproxy-message.js';

export interface Balance {
  algorithm: string;
  hashKey?: string;
  hashKeyConstant?: boolean;
}

export type BalanceParse = { ok: true; value: Balance } | { ok: false; reason: string };

const PLAIN_ALGORITHMS = new Set(['roundrobin', 'static-rr', 'leastconn', 'first', 'log-sticky']);
const KEYED_ALGORITHMS = new Set(['source', 'uri', 'url_param', 'log-hash']);

// Sample fetches whose value is the same for every request of a running process.
const CONSTANT_FETCHES = new Set([
  'str',
  'int',
  'bool',
  'ipv4',
  'ipv6',
  'bin',
  'meth',
  'env',
  'hostname',
  'nbthread',
  'pid',
  'always_true',
  'always_false',
]);

// Variable scopes: a converter argument naming a variable makes the result vary per request.
const VARIABLE_SCOPES = ['txn.', 'sess.', 'req.', 'res.', 'proc.', 'check.'];

/** Splits `fetch(args),conv1(args),conv2` at the commas outside parentheses. */
function splitConverters(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim());
}

function callName(part: string): string {
  const open = part.indexOf('(');
  return open === -1 ? part : part.slice(0, open);
}

function callArgs(part: string): string[] {
  const open = part.indexOf('(');
  if (open === -1) return [];
  const close = part.lastIndexOf(')');
  return part.slice(open + 1, close === -1 ? part.length : close).split(',').map((a) => a.trim());
}

/** True when a sample expression takes the same value for every request. */
export function isConstantSampleExpr(expr: string): boolean {
  const trimmed = expr.trim();
  if (trimmed === '' || trimmed.includes('%[')) return false;
  const [fetch, ...converters] = splitConverters(trimmed);
  if (!CONSTANT_FETCHES.has(callName(fetch))) return false;
  for (const conv of converters) {
    // Stick-table lookups change as traffic flows, whatever their key.
    if (callName(conv).startsWith('table_')) return false;
    if (callArgs(conv).some((a) => VARIABLE_SCOPES.some((scope) => a.startsWith(scope)))) return false;
  }
  return true;
}

/** Reads the words after `balance`. No words means HAProxy's default, round robin. */
export function parseBalance(args: string[]): BalanceParse {
  if (args.length === 0) return { ok: true, value: { algorithm: 'roundrobin' } };
  const [algo, ...rest] = args;
  if (PLAIN_ALGORITHMS.has(algo)) return { ok: true, value: { algorithm: algo } };
  if (algo === 'random' || algo.startsWith('random(')) return { ok: true, value: { algorithm: 'random' } };
  if (KEYED_ALGORITHMS.has(algo)) {
    if (algo === 'url_param' && rest.length === 0) {
      return { ok: false, reason: '"balance url_param" needs the name of the URL parameter to hash' };
    }
    return { ok: true, value: { algorithm: algo, hashKey: args.join(' ') } };
  }
  if (algo.startsWith('hdr(') && algo.endsWith(')') && algo.length > 5) {
    return { ok: true, value: { algorithm: 'hdr', hashKey: args.join(' ') } };
  }
  if (algo === 'rdp-cookie' || (algo.startsWith('rdp-cookie(') && algo.endsWith(')'))) {
    return { ok: true, value: { algorithm: 'rdp-cookie', hashKey: args.join(' ') } };
  }
  if (algo === 'hash') {
    if (rest.length === 0) return { ok: false, reason: '"balance hash" needs a sample expression to hash' };
    const hashKey = rest.join(' ');
    return { ok: true, value: { algorithm: 'hash', hashKey, hashKeyConstant: isConstantSampleExpr(hashKey) } };
  }
  return {
    ok: false,
    reason:
      `unknown balance algorithm ${shown(algo)}: HAProxy refuses to start ` +
      '(roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr(name), random, rdp-cookie or hash expected)',
  };
}
