// Splits HAProxy socket addresses (`bind` and `server` targets) into an address and a port, the
// way HAProxy reads them: `host:port`, `[v6]:port`, bare IPv6 where the last colon starts the
// port (`:::80`, `1::1:`), `*:443`, `:80`, family prefixes (`ipv4@`, `quic4@`, `unix@/path`,
// `fd@3`), UNIX socket paths, port ranges on binds (`8000-8010`) and port offsets on servers
// (`:+1`).

import { shown } from './haproxy-message.js';

export interface SplitAddress {
  /** The host part, brackets removed, with any family prefix kept (`quic4@0.0.0.0`). */
  address: string;
  /** null when there is no fixed port: none written, an offset, a socket, a range or a variable. */
  port: number | null;
  /** For bind port ranges: the range as written (`8000-8010`). */
  portRange?: string;
}

export interface AddressParse {
  value: SplitAddress;
  /**
   * Why HAProxy would refuse this address (a malformed or forbidden port), when it would. The
   * value is still usable: the port is then null.
   */
  refusal?: string;
}

// Families whose address is a name, a path or a file descriptor, never a port.
const PORTLESS_FAMILIES = new Set(['unix', 'abns', 'abnsz', 'fd', 'sockpair', 'uxst', 'uxdg', 'rhttp']);

function familyOf(prefix: string): string {
  // `stream+ipv4@` and `dgram+unix@` name the socket type before the family.
  const plus = prefix.lastIndexOf('+');
  return plus === -1 ? prefix : prefix.slice(plus + 1);
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function portNumber(text: string): number | null {
  if (!isDigits(text) || text.length > 5) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** The port written as 1 to 5 digits in `text[from, to)` (1..65535), or -1 for anything else. */
export function plainPort(text: string, from: number, to = text.length): number {
  const length = to - from;
  if (length < 1 || length > 5) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n >= 1 && n <= 65535 ? n : -1;
}

/**
 * The last colon of the address word starting at `start`, which runs to the first blank or
 * control character or to `end`; -1 when there is none or the address has a family prefix (`@`),
 * is a path or is bracketed. When plainPort reads a port after that colon, splitAddress gives
 * the text before it as the host and that port: servers read straight from a line
 * (haproxy-server-line.ts) take this shortcut.
 */
export function plainHostEnd(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start);
  if (first === 47 /* / */ || first === 91 /* [ */) return -1;
  let colon = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32) break;
    if (c === 58 /* : */) colon = i;
    else if (c === 64 /* @ */) return -1;
  }
  return colon;
}

function refused(address: string, refusal: string): AddressParse {
  return { value: { address, port: null }, refusal };
}

/**
 * Reads one address. Binds must have a port and may give a range (`low-high`); servers may omit
 * the port or give an offset (`+N`/`-N`) to the port the client connected to.
 */
export function splitAddress(raw: string, role: 'bind' | 'server'): AddressParse {
  const forBind = role === 'bind';
  let prefix = '';
  let rest = raw;
  const at = raw.indexOf('@');
  if (at !== -1) {
    prefix = raw.slice(0, at + 1);
    rest = raw.slice(at + 1);
    if (PORTLESS_FAMILIES.has(familyOf(raw.slice(0, at)))) {
      return { value: { address: raw, port: null } };
    }
  }
  if (rest.startsWith('/')) return { value: { address: raw, port: null } };

  let host: string;
  let portText: string | null;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return { value: { address: raw, port: null }, refusal: `${shown(raw)} opens "[" without closing "]"` };
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after === '') portText = null;
    else if (after.startsWith(':')) portText = after.slice(1);
    else return { value: { address: prefix + host, port: null }, refusal: `${shown(raw)} has unexpected text after "]"` };
  } else {
    const colon = rest.lastIndexOf(':');
    // The common `host:port` is read without slicing out and re-checking the port text.
    const plain = colon === -1 ? -1 : plainPort(rest, colon + 1);
    if (plain > 0) return { value: { address: prefix + rest.slice(0, colon), port: plain } };
    if (colon === -1) {
      host = rest;
      portText = null;
    } else {
      host = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    }
  }
  const address = prefix + host;
  if (portText === null || portText === '') {
    if (forBind && !raw.includes('$')) return refused(address, `${shown(raw)} has no port to listen on`);
    return { value: { address, port: null } };
  }
  // Values from the environment are only known when HAProxy starts.
  if (portText.includes('$')) return { value: { address, port: null } };

  const first = portText.charCodeAt(0);
  if (first === 43 || first === 45) {
    // `+N` / `-N`: an offset to the port the client connected to.
    if (forBind) return refused(address, `${shown(raw)} has a port offset ${shown(portText)}, which only servers accept`);
    if (isDigits(portText.slice(1))) return { value: { address, port: null } };
    return refused(address, `${shown(raw)} has an invalid port offset ${shown(portText)}`);
  }
  const dash = portText.indexOf('-');
  if (dash !== -1) {
    if (!forBind) return refused(address, `${shown(raw)} has a port range, which a server cannot use`);
    const low = portNumber(portText.slice(0, dash));
    const high = portNumber(portText.slice(dash + 1));
    if (low === null || high === null || low > high || low === 0) {
      return refused(address, `${shown(raw)} has an invalid port range ${shown(portText)}`);
    }
    if (low === high) return { value: { address, port: low } };
    return { value: { address, port: null, portRange: portText } };
  }
  const port = portNumber(portText);
  if (port === null) return refused(address, `${shown(raw)} has an invalid port ${shown(portText)} (a number from 1 to 65535 is expected)`);
  if (port === 0 && forBind) return refused(address, `${shown(raw)} has port 0, which HAProxy cannot listen on`);
  return { value: { address, port } };
}
