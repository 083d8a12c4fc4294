// Reads the values inside nginx directives: time intervals, `listen` addresses, upstream
// `server` addresses, and the target of a `proxy_pass`-style directive. Each function takes the
// text as written and returns a plain value or a reason it cannot be read; none of them throw.

import type { PoolTarget } from '../model.js';

const TIME_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 86_400_000],
  ['M', 30 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const UNIT_RANK: Readonly<Record<string, number>> = { y: 0, M: 1, w: 2, d: 3, h: 4, m: 5, s: 6 };
const SECONDS_RANK = 6;
const MS_RANK = 7;

/**
 * An nginx time interval in milliseconds, or null when nginx would reject it. Units go from the
 * most to the least significant, each at most once, optionally separated by spaces (`1m30s`,
 * `1h 30m`); a bare number means seconds. `resolution: 's'` is for directives such as
 * `fail_timeout` that refuse milliseconds; `'ms'` for timeouts, which refuse years.
 */
export function parseNginxTime(value: string, resolution: 'ms' | 's' = 'ms'): number | null {
  let i = 0;
  let lastRank = -1;
  let total = 0;
  let parts = 0;
  const len = value.length;
  while (i < len) {
    while (i < len && value[i] === ' ') i++;
    if (i >= len) break;
    const digitsStart = i;
    while (i < len && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
    if (i === digitsStart || i - digitsStart > 12) return null;
    const n = Number(value.slice(digitsStart, i));
    let rank: number;
    if (i >= len || value[i] === ' ') {
      rank = SECONDS_RANK;
    } else if (value[i] === 'm' && value[i + 1] === 's') {
      rank = MS_RANK;
      i += 2;
    } else {
      rank = UNIT_RANK[value[i]] ?? -1;
      if (rank < 0) return null;
      i += 1;
    }
    if (rank <= lastRank) return null;
    if (resolution === 's' && rank === MS_RANK) return null;
    if (resolution === 'ms' && rank === 0) return null;
    lastRank = rank;
    total += n * TIME_UNITS[rank][1];
    parts++;
  }
  return parts > 0 ? total : null;
}

export interface HostPort {
  /** Host, IP (IPv6 in brackets), `*`, or `unix:/path`. */
  address: string;
  port: number | null;
}

function parsePort(text: string): number | null {
  if (text.length === 0 || text.length > 5) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * An address with an optional port: `10.0.0.1:8080`, `[::1]:443`, `backend.internal`, `*:80`,
 * `unix:/run/app.sock`. `defaultPort` applies when no port is written.
 */
export function parseHostPort(raw: string, defaultPort: number | null): HostPort | { error: string } {
  if (raw.startsWith('unix:')) {
    return raw.length > 5 ? { address: raw, port: null } : { error: `"${raw}" names no socket path` };
  }
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close < 0) return { error: `"${raw}" has an unclosed "[" in its IPv6 address` };
    const address = raw.slice(0, close + 1);
    const rest = raw.slice(close + 1);
    if (rest === '') return { address, port: defaultPort };
    const port = rest.startsWith(':') ? parsePort(rest.slice(1)) : null;
    return port === null ? { error: `invalid port in "${raw}"` } : { address, port };
  }
  const colon = raw.lastIndexOf(':');
  if (colon < 0) {
    if (raw === '') return { error: 'empty address' };
    return { address: raw, port: defaultPort };
  }
  const host = raw.slice(0, colon);
  const port = parsePort(raw.slice(colon + 1));
  if (host === '' || port === null) return { error: `invalid port in "${raw}"` };
  return { address: host, port };
}

/** A `listen` value: a bare port (`80`) means every address; a bare host means port 80. */
export function parseListenAddress(raw: string): HostPort | { error: string } {
  if (/^[0-9]+$/.test(raw)) {
    const port = parsePort(raw);
    return port === null ? { error: `invalid port "${raw}"` } : { address: '*', port };
  }
  return parseHostPort(raw, 80);
}

const IPV4 = /^[0-9]{1,3}(\.[0-9]{1,3}){3}$/;

/**
 * The host part of a `*_pass` value: the scheme is dropped, then everything from the first `/`
 * (the URI nginx substitutes). A unix socket ends at the `:` that precedes its URI.
 */
export function passHost(value: string): string {
  let rest = value;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  if (rest.startsWith('unix:')) {
    const end = rest.indexOf(':', 5);
    return end < 0 ? rest : rest.slice(0, end);
  }
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Variables that always expand to a URI path or query, never to part of a host name. */
const URI_VARIABLES = new Set(['request_uri', 'uri', 'document_uri', 'is_args', 'args', 'query_string']);

/**
 * The host when it is known before run time, else null. `http://app$request_uri` still goes to
 * `app`, since `$request_uri` starts with `/`; any other variable may change the host itself.
 */
function fixedHost(host: string): string | null {
  const dollar = host.indexOf('$');
  if (dollar < 0) return host === '' ? null : host;
  if (dollar === 0) return null;
  const name = /^\$\{?([A-Za-z0-9_]+)/.exec(host.slice(dollar));
  return name && URI_VARIABLES.has(name[1]) ? host.slice(0, dollar) : null;
}

/**
 * What a `proxy_pass` (or grpc/fastcgi/uwsgi/scgi/memcached pass, or stream `proxy_pass`) sends
 * requests to. `upstreams` maps lower-cased upstream names to pool names: nginx matches them
 * without regard to case and only when no port is written.
 */
export function classifyPassTarget(value: string, upstreams: ReadonlyMap<string, string>): PoolTarget {
  const host = fixedHost(passHost(value));
  if (host === null) return { pool: value, weight: 1, dynamic: true };
  const pool = upstreams.get(host.toLowerCase());
  if (pool !== undefined) return { pool, weight: 1 };
  if (
    host.startsWith('unix:') ||
    host.startsWith('[') ||
    host.includes(':') ||
    host.includes('.') ||
    IPV4.test(host) ||
    host.toLowerCase() === 'localhost'
  ) {
    return { pool: host, weight: 1, external: true };
  }
  return { pool: host, weight: 1 };
}
