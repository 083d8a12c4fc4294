// Reads the parameters of `server`, `server-template` and `default-server` lines: the few that
// shape traffic (weight, backup, disabled, check, inter) are kept; every other keyword is skipped
// together with its value, so that a value such as `cookie backup` is not mistaken for a flag.

import { shown } from './haproxy-message.js';
import { parseHaproxyTime } from './haproxy-time.js';

/** Server settings that lb-gate models. Unset fields fall back to `default-server`, then HAProxy's defaults. */
export interface ServerParams {
  weight?: number;
  backup?: boolean;
  disabled?: boolean;
  check?: boolean;
  interMs?: number;
}

export interface ServerParamsParse {
  params: ServerParams;
  /** What HAProxy (or an on-call reading the file) would find wrong, one message per mistake. */
  problems: string[];
}

/** HAProxy's largest user weight. */
export const MAX_WEIGHT = 256;

// Server keywords that take one value. The value is skipped so it is never read as a keyword. A
// keyword missing here is read as a flag, which is the safer mistake: its value is then merely
// an unknown word, whereas skipping after a real flag could hide a following `check` or `backup`.
export const ONE_VALUE_KEYWORDS: ReadonlySet<string> = new Set([
  'addr', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send', 'alpn', 'ca-file', 'check-alpn',
  'check-proto', 'check-sni', 'ciphers', 'ciphersuites', 'client-sigalgs', 'cookie', 'crl-file', 'crt',
  'curves', 'downinter', 'error-limit', 'fall', 'fastinter', 'guid', 'hash-key', 'id', 'idle-ping',
  'init-addr', 'init-state', 'interface', 'log-bufsize', 'log-proto', 'max-reuse', 'maxconn', 'maxqueue',
  'minconn', 'namespace', 'npn', 'observe', 'on-error', 'on-marked-down', 'on-marked-up', 'pool-conn-name',
  'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto', 'proxy-v2-options', 'quic-cc-algo',
  'redir', 'resolve-net', 'resolve-opts', 'resolve-prefer', 'resolvers', 'rise', 'shard', 'sigalgs',
  'slowstart', 'sni', 'socks4', 'source', 'ssl-max-ver', 'ssl-min-ver', 'tcp-md5sig',
  'tcp-ut', 'track', 'usesrc', 'verify', 'verifyhost', 'ws', 'set-proxy-v2-tlv-fmt',
]);

/** `-?[0-9]{1,6}` as a number, or null; read by hand since every server line has a weight. */
function wholeNumber(value: string): number | null {
  const negative = value.charCodeAt(0) === 45; // -
  const start = negative ? 1 : 0;
  const digits = value.length - start;
  if (digits < 1 || digits > 6) return null;
  let n = 0;
  for (let i = start; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

function parseWeight(value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) {
    problems.push('"weight" has no value: a number from 0 to 256 is expected');
    return undefined;
  }
  const weight = wholeNumber(value);
  if (weight === null) {
    problems.push(
      `weight ${shown(value)} is not a whole number from 0 to ${MAX_WEIGHT}: HAProxy would silently read it as ` +
        'some other weight (often 0, which takes the server out of rotation)',
    );
    return undefined;
  }
  if (weight < 0 || weight > MAX_WEIGHT) {
    problems.push(`weight ${weight} is out of range: HAProxy refuses weights outside 0 to ${MAX_WEIGHT}`);
    return undefined;
  }
  return weight;
}

/** Reads server parameters from `words[from]` on, on top of `base` (the `default-server` settings). */
export function parseServerParams(words: string[], from: number, base: ServerParams): ServerParamsParse {
  const params: ServerParams = { ...base };
  const problems: string[] = [];
  for (let i = from; i < words.length; i++) {
    const word = words[i];
    switch (word) {
      case 'weight':
        params.weight = parseWeight(words[i + 1], problems) ?? params.weight;
        i++;
        break;
      case 'backup':
        params.backup = true;
        break;
      case 'no-backup':
        params.backup = false;
        break;
      case 'disabled':
        params.disabled = true;
        break;
      case 'enabled':
        params.disabled = false;
        break;
      case 'check':
        params.check = true;
        break;
      case 'no-check':
        params.check = false;
        break;
      case 'inter': {
        const value = words[i + 1];
        i++;
        if (value === undefined) {
          problems.push('"inter" has no value: a check interval such as 2s is expected');
          break;
        }
        const time = parseHaproxyTime(value);
        if (time.ok) params.interMs = time.ms;
        else problems.push(`check interval "inter ${value}" ${time.reason}`);
        break;
      }
      default:
        if (ONE_VALUE_KEYWORDS.has(word)) i++;
    }
  }
  return { params, problems };
}
