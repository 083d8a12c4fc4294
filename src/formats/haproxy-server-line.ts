// Reads the common shape of a `server` line straight from the configuration text: a plain line
// (see haproxy-plain-lines.ts) with a `host:port` address and parameters that parse without a
// problem. Large configs are mostly such lines, and reading them in place makes strings only of
// the server name and host, where splitting the line first would make one of every word and an
// array to hold them. Anything else (a problem to report, an address in another form, a control
// character, too many words) is left to the general reading, which gives the same result for the
// lines read here: parseServerParams in haproxy-server.ts and splitAddress in haproxy-address.ts.
// A keyword given a meaning there needs the same here; haproxy-fast-paths.test.ts compares the two.

import { plainHostEnd, plainPort } from './haproxy-address.js';
import { MAX_WEIGHT, ONE_VALUE_KEYWORDS, type ServerParams } from './haproxy-server.js';
import { timeMs } from './haproxy-time.js';
import { MAX_LINE_WORDS } from './haproxy-tokenize.js';

/**
 * One reader per configuration file. After `read` returns true, `name`, `address`, `port` and
 * `params` describe the server until the next call; `params` is reused from line to line.
 */
export class PlainServerLine {
  name = '';
  address = '';
  port = 0;
  readonly params: ServerParams = {};
  private text = '';
  private end = 0;
  /** Where the scan is: at the start of a word after `atWord`, after it once it is read. */
  private pos = 0;
  /** The first character of the word found by `atWord`. */
  private first = 0;
  private words = 0;
  /** Whether the last `atWord` that found no word stopped at the end of the line, rather than at something not plain. */
  private atEnd = false;

  /**
   * Reads `text[start, end)` if it is a server line of the common shape. `base` holds the
   * `default-server` settings the parameters start from. Returns false for any other line.
   */
  read(text: string, start: number, end: number, base: ServerParams): boolean {
    this.text = text;
    this.end = end;
    this.pos = start;
    this.words = 0;
    if (!this.atWord() || this.first !== 115 /* s */ || !this.keyword('server') || !this.atWord()) return false;
    const nameStart = this.pos;
    const nameEnd = this.skipWord();
    if (!this.atWord()) return false;
    const addressStart = this.pos;
    const colon = plainHostEnd(text, addressStart, end);
    if (colon === -1) return false;
    // The port runs from the colon to the end of the address.
    this.pos = colon;
    const port = plainPort(text, colon + 1, this.skipWord());
    if (port < 0 || !this.readParams(base)) return false;
    this.name = text.slice(nameStart, nameEnd);
    this.address = text.slice(addressStart, colon);
    this.port = port;
    return true;
  }

  /** The parameters after the address, as parseServerParams reads them when it finds no problem. */
  private readParams(base: ServerParams): boolean {
    const params = this.params;
    params.weight = base.weight;
    params.backup = base.backup;
    params.disabled = base.disabled;
    params.check = base.check;
    params.interMs = base.interMs;
    while (this.atWord()) {
      const start = this.pos;
      // Keywords are told by their first character, then compared in place.
      switch (this.first) {
        case 99: // c
          if (this.keyword('check')) {
            params.check = true;
            continue;
          }
          break;
        case 105: // i
          if (this.keyword('inter')) {
            if (!this.atWord()) return false;
            const ms = timeMs(this.text, this.pos, this.skipWord());
            if (ms < 0) return false;
            params.interMs = ms;
            continue;
          }
          break;
        case 119: // w
          if (this.keyword('weight')) {
            if (!this.atWord()) return false;
            const weight = this.weight();
            if (weight < 0) return false;
            params.weight = weight;
            continue;
          }
          break;
        case 98: // b
          if (this.keyword('backup')) {
            params.backup = true;
            continue;
          }
          break;
        case 100: // d
          if (this.keyword('disabled')) {
            params.disabled = true;
            continue;
          }
          break;
        case 101: // e
          if (this.keyword('enabled')) {
            params.disabled = false;
            continue;
          }
          break;
        case 110: // n
          if (this.keyword('no-check')) {
            params.check = false;
            continue;
          }
          if (this.keyword('no-backup')) {
            params.backup = false;
            continue;
          }
          break;
      }
      // Other keywords change nothing lb-gate models; those taking a value skip it.
      const keyword = this.text.slice(start, this.skipWord());
      if (ONE_VALUE_KEYWORDS.has(keyword)) {
        if (this.atWord()) this.skipWord();
        else if (!this.atEnd) return false;
      }
    }
    return this.atEnd;
  }

  /** Skips blanks to the next word; false at the end of the line or at something not plain. */
  private atWord(): boolean {
    const text = this.text;
    const end = this.end;
    let i = this.pos;
    let c = 0;
    while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
    this.pos = i;
    this.atEnd = i === end;
    // Control characters are for the full tokenizer to read, and HAProxy refuses too many words.
    if (this.atEnd || c < 32 || this.words === MAX_LINE_WORDS) return false;
    this.words++;
    this.first = c;
    return true;
  }

  /** Moves past the word at the scan position; returns where it ends. */
  private skipWord(): number {
    const text = this.text;
    const end = this.end;
    let i = this.pos + 1;
    while (i < end && text.charCodeAt(i) > 32) i++;
    this.pos = i;
    return i;
  }

  /** Moves past the word at the scan position if it is `word`, whose first character the caller has matched. */
  private keyword(word: string): boolean {
    const text = this.text;
    const at = this.pos;
    const after = at + word.length;
    if (after > this.end) return false;
    for (let k = 1; k < word.length; k++) {
      if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
    }
    // A longer word only starts with this one.
    if (after < this.end && text.charCodeAt(after) > 32) return false;
    this.pos = after;
    return true;
  }

  /**
   * Reads the weight at the scan position: 1 to 6 digits, as parseServerParams's whole number,
   * of at most MAX_WEIGHT; anything else (a sign, a problem to report) is -1.
   */
  private weight(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    let n = 0;
    while (i < this.end) {
      const c = text.charCodeAt(i);
      if (c <= 32) break;
      if (c < 48 || c > 57) return -1;
      n = n * 10 + (c - 48);
      i++;
    }
    if (i - start > 6 || n > MAX_WEIGHT) return -1;
    this.pos = i;
    return n;
  }
}
