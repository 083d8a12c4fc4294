// The HAProxy reader's fast paths against its general path, on many generated lines: plain lines
// split by haproxy-plain-lines.ts must give the words the full tokenizer gives, server lines read
// in place by haproxy-server-line.ts must give what parseServerParams and splitAddress give, and
// whole configs must parse the same whether their lines take the fast paths or not.

import { describe, expect, it } from 'vitest';
import { splitAddress } from '../../src/formats/haproxy-address.js';
import { PlainLines } from '../../src/formats/haproxy-plain-lines.js';
import { PlainServerLine } from '../../src/formats/haproxy-server-line.js';
import { parseServerParams, type ServerParams } from '../../src/formats/haproxy-server.js';
import { LineTokenizer, MAX_LINE_WORDS } from '../../src/formats/haproxy-tokenize.js';
import { parseHaproxy } from '../../src/formats/haproxy.js';

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function tokenize(line: string): { words: string[]; error: string | null } {
  const tokenizer = new LineTokenizer();
  const words = tokenizer.tokenize(line, 0, line.length);
  return { words, error: tokenizer.error?.message ?? null };
}

// Pieces of words, plain and not: quotes, escapes, comments, variables, control characters, non-ASCII.
const PIECES = [
  'server', 'web1', '10.0.0.1:80', 'weight', '100', 'check', 'inter', '2s', 'x', 'bind', ':443', 'ssl',
  '${VAR}', '"${ADDR}:${PORT}"', "'single quoted'", '"double quoted"', '"esc\\"aped"', 'a\\ b', '\\x41',
  '\\xZZ', '#', '# comment', 'word#comment', '"unterminated', "'unterminated", '\\', 'trailing\\',
  '{', '}', 'hdr(host)', 'é', '日本', '\x01', '\x00', '\v', '\f', '\r', '$HOME', 'x\\$y', '"x\\$y"', '',
];
const BLANKS = [' ', ' ', ' ', '  ', '\t', ' \t '];

function generatedLine(rand: () => number): string {
  const long = rand() < 0.1;
  const count = long ? 60 + Math.floor(rand() * 10) : Math.floor(rand() * 9);
  // Long lines with no other reason to leave the fast path are the ones at the word limit.
  const odd = long ? 0.001 : 0.15;
  let line = rand() < 0.5 ? pick(rand, BLANKS) : '';
  for (let i = 0; i < count; i++) {
    line += rand() < odd ? pick(rand, PIECES) : pick(rand, PIECES.slice(0, 12));
    if (rand() < odd) line += pick(rand, PIECES);
    line += pick(rand, BLANKS);
  }
  return rand() < 0.5 ? line.trimEnd() : line;
}

describe('plain lines', () => {
  it('split into the words the full tokenizer gives, or are left to it', () => {
    const rand = random(1);
    let fast = 0;
    let tooMany = 0;
    for (let n = 0; n < 20_000; n++) {
      const line = generatedLine(rand);
      const general = tokenize(line);
      const plain = new PlainLines(line);
      if (!plain.unquoted(0, line.length)) continue;
      const words = plain.split(0, line.length);
      const controlChars = /[\x00-\x08\x0a-\x1f]/.test(line);
      if (words === null) {
        // Left to the tokenizer: a control character, or too many words, which it reports.
        if (!controlChars) {
          expect(general.error).toContain('too many words');
          tooMany++;
        }
        continue;
      }
      fast++;
      expect({ line, controlChars, words, error: null }).toEqual({ line, controlChars: false, words: general.words, error: general.error });
    }
    expect(fast).toBeGreaterThan(5_000);
    expect(tooMany).toBeGreaterThan(100);
  });

  it('leave lines of more than 64 words to the tokenizer, which reports them', () => {
    for (const count of [MAX_LINE_WORDS - 1, MAX_LINE_WORDS, MAX_LINE_WORDS + 1, 200]) {
      const line = Array.from({ length: count }, (_, i) => `w${i}${i % 3 ? ' ' : '\t '}`).join('');
      const plain = new PlainLines(line);
      expect(plain.unquoted(0, line.length)).toBe(true);
      const words = plain.split(0, line.length);
      const general = tokenize(line);
      if (count <= MAX_LINE_WORDS) {
        expect(words).toEqual(general.words);
        expect(general.error).toBeNull();
      } else {
        expect(words).toBeNull();
        expect(general.error).toContain('too many words');
      }
    }
  });

  it('tell quoted lines of a file apart, asked about in order', () => {
    const rand = random(2);
    const lines = Array.from({ length: 3_000 }, () => generatedLine(rand));
    const text = lines.join('\n');
    const plain = new PlainLines(text);
    let start = 0;
    for (const line of lines) {
      const end = start + line.length;
      expect({ line, unquoted: plain.unquoted(start, end) }).toEqual({ line, unquoted: !/["#'\\]/.test(line) });
      start = end + 1;
    }
  });
});

// Server line parts, common and not, each with what makes the general reading take another turn.
const NAMES = ['web1', 's-1', 'a.b', 'x#y', '"quoted name"', 'é'];
const ADDRESSES = [
  '10.0.0.1:80', '10.0.0.1:8080', 'app.internal:1', 'h:65535', 'h:65536', 'h:0', 'h:080', 'h:000080', ':80',
  'h', 'h:', 'h:+1', 'h:-1', 'h:8000-8010', 'h:${PORT}', '${HOST}:80', '[::1]:80', '[::1]', '::1', ':::80',
  'ipv4@10.0.0.1:80', 'unix@/run/s.sock', '/run/s.sock', 'fd@3', 'h:8a', 'h:1:2', 'h@x:80', 'unix@/run/a:80',
  'abns@sock:1', 'ipv6@[::1]:80', 'ipv4@/x:80', '/run/a:80',
];
const PARAMS = [
  'weight 0', 'weight 1', 'weight 100', 'weight 256', 'weight 257', 'weight -1', 'weight -0', 'weight 000100',
  'weight 0000100', 'weight 1234567', 'weight abc', 'weight', 'check', 'no-check', 'backup', 'no-backup',
  'disabled', 'enabled', 'inter 2s', 'inter 100ms', 'inter 0', 'inter 1500us', 'inter 5x', 'inter 1d',
  'inter 999999999999999999', 'inter 25d', 'inter', 'maxconn 100', 'cookie backup', 'cookie', 'rise 2 fall 3',
  'ssl verify none', 'resolvers dns init-addr none', 'checks', 'weight2 5', 'check-ssl', 'send-proxy',
  'on-marked-down shutdown-sessions', 'agent-check', 'slowstart 10s', 'id 3', 'track be/s1',
];
const BASES: ServerParams[] = [{}, { weight: 5, check: true }, { backup: true, disabled: true, interMs: 500 }, { check: false }];

function generatedServerLine(rand: () => number, controlChars = 0.03): string {
  const parts = [rand() < 0.02 ? 'server-template' : 'server'];
  if (rand() < 0.97) parts.push(rand() < 0.9 ? `s${Math.floor(rand() * 1000)}` : pick(rand, NAMES));
  if (rand() < 0.97) parts.push(rand() < 0.6 ? `10.0.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}:8080` : pick(rand, ADDRESSES));
  const count = rand() < 0.05 ? 40 : Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) parts.push(rand() < 0.7 ? pick(rand, PARAMS.slice(0, 22)) : pick(rand, PARAMS));
  let line = rand() < 0.7 ? '    ' : '\t';
  for (const part of parts) line += part + pick(rand, BLANKS);
  if (rand() < controlChars) line += '\x01';
  return rand() < 0.5 ? line.trimEnd() : line;
}

describe('server lines read in place', () => {
  it('give what the general reading gives, which finds no problem in them', () => {
    const rand = random(3);
    const reader = new PlainServerLine();
    let fast = 0;
    for (let n = 0; n < 30_000; n++) {
      const line = generatedServerLine(rand);
      const base = pick(rand, BASES);
      const plain = new PlainLines(line);
      if (!plain.unquoted(0, line.length) || !reader.read(line, 0, line.length, base)) continue;
      fast++;
      const { words, error } = tokenize(line);
      expect(error).toBeNull();
      expect(words[0]).toBe('server');
      const general = parseServerParams(words, 3, base);
      const address = splitAddress(words[2], 'server');
      const keys = ['weight', 'backup', 'disabled', 'check', 'interMs'] as const;
      const pickParams = (p: ServerParams) => Object.fromEntries(keys.map((k) => [k, p[k]]));
      expect({ line, name: reader.name, address: reader.address, port: reader.port, params: pickParams(reader.params), problems: [] }).toEqual({
        line,
        name: words[1],
        address: address.value.address,
        port: address.value.port,
        params: pickParams(general.params),
        problems: address.refusal === undefined ? general.problems : [...general.problems, address.refusal],
      });
    }
    expect(fast).toBeGreaterThan(5_000);
  });
});

describe('whole configs', () => {
  /** A config of defaults, frontends and backends whose lines are mostly of the common shapes. */
  function generatedConfig(rand: () => number): string {
    const lines = ['global', '    maxconn 100', 'defaults', '    mode http', '    timeout connect 5s'];
    if (rand() < 0.5) lines.push('    default-server inter 3s weight 7');
    lines.push('frontend fe', '    bind :80', '    use_backend be0 if { hdr(host) -i a.example.com }', '    default_backend be1');
    for (let b = 0; b < 5; b++) {
      lines.push(rand() < 0.9 ? `backend be${b}` : `listen be${b}`, '    balance roundrobin');
      if (rand() < 0.5) lines.push('    option httpchk GET /healthz');
      if (rand() < 0.2) lines.push(`    default-server ${pick(rand, PARAMS.slice(0, 22))}`);
      if (rand() < 0.1) lines.push('    disabled');
      for (let s = 0; s < 12; s++) lines.push(generatedServerLine(rand, 0.001));
      if (rand() < 0.1) lines.push('.if 0', generatedServerLine(rand), '.endif');
    }
    if (rand() < 0.1) lines.push(`backend be1`, generatedServerLine(rand));
    return lines.join(rand() < 0.8 ? '\n' : '\r\n');
  }

  it('parse the same when every line is left to the full tokenizer', () => {
    const rand = random(4);
    for (let n = 0; n < 300; n++) {
      const text = generatedConfig(rand);
      // A comment after every line keeps its words but makes it too much for the fast paths.
      const commented = text
        .split('\n')
        .map((line) => (line.endsWith('\r') ? `${line.slice(0, -1)} #\r` : `${line} #`))
        .join('\n');
      expect(parseHaproxy(text, { file: 'x.cfg' })).toEqual(parseHaproxy(commented, { file: 'x.cfg' }));
    }
  });
});
