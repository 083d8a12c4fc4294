// The fast path of the HAProxy line reader. Nearly every line of a real config is plain: words
// separated by spaces and tabs, without quotes, backslashes, `#` or other control characters.
// Such lines are split with one comparison per character, and lines that are not plain go to
// the full tokenizer (haproxy-tokenize.ts), which gives the same words for plain lines. Quotes,
// backslashes and `#` are found by searching ahead with indexOf, which scans natively; control
// characters, rare and spread over 28 codes, are caught while splitting.

import { MAX_LINE_WORDS } from './haproxy-tokenize.js';

// The printable characters that make a line more than plain words: " # ' \
const QUOTING_CHARS = ['"', '#', "'", '\\'];

export class PlainLines {
  /** For each of QUOTING_CHARS, where it next occurs at or after the last line asked about. */
  private readonly next: number[];

  constructor(private readonly text: string) {
    this.next = QUOTING_CHARS.map(() => -1);
  }

  /**
   * Whether `text[start, end)` has none of the quoting characters, so that it is plain unless it
   * holds a control character. Lines must be asked about in order.
   */
  unquoted(start: number, end: number): boolean {
    const next = this.next;
    for (let k = 0; k < next.length; k++) {
      // A position found for an earlier line stands until the reader passes it.
      if (next[k] < start) {
        const at = this.text.indexOf(QUOTING_CHARS[k], start);
        next[k] = at === -1 ? this.text.length : at;
      }
      if (next[k] < end) return false;
    }
    return true;
  }

  /**
   * The words of the unquoted line `text[start, end)`, or null when it is not plain after all
   * (a control character other than tab) or has more words than HAProxy accepts: the full
   * tokenizer then reports what it has to.
   */
  split(start: number, end: number): string[] | null {
    const text = this.text;
    const words: string[] = [];
    let i = start;
    for (;;) {
      let c = 0;
      while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
      if (i === end) return words;
      if (c < 32 || words.length === MAX_LINE_WORDS) return null;
      const wordStart = i;
      i++;
      while (i < end && text.charCodeAt(i) > 32) i++;
      words.push(text.slice(wordStart, i));
    }
  }
}
