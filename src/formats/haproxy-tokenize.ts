// Splits one HAProxy configuration line into words the way HAProxy's own line parser does:
// spaces and tabs separate words, `#` outside quotes starts a comment (even inside a word),
// 'single quotes' keep everything literally, "double quotes" and bare text understand backslash
// escapes, and adjacent quoted and bare pieces join into one word. There is no line continuation:
// a trailing backslash is kept as a character. Environment variables (`${X}`) are kept as text,
// since their values are not known to the gate.

/** HAProxy refuses lines with more words than this (MAX_LINE_ARGS). */
export const MAX_LINE_WORDS = 64;

export interface TokenError {
  message: string;
  /** 1-based column in the line. */
  column: number;
}

const INVALID_HEX = 'invalid \\x escape: HAProxy expects two hexadecimal digits after \\x';
const UNTERMINATED_SINGLE = 'unterminated single quote: the quote opened here is never closed on this line';
const UNTERMINATED_DOUBLE = 'unterminated double quote: the quote opened here is never closed on this line';

const SPACE = 32;
const TAB = 9;
const VTAB = 11;
const FORM_FEED = 12;
const CR = 13;
const HASH = 35;
const DOLLAR = 36;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

// Characters turned into strings at once when a word is assembled; keeps fromCharCode's argument list small.
const DECODE_CHUNK = 8192;

// Character classes as a table, one lookup per character instead of a chain of comparisons:
// the tokenizer looks at every character of the file.
const IS_SPACE = 1;
const ENDS_PLAIN_RUN = 2;
const CHAR_CLASS = new Uint8Array(128);
for (const c of [SPACE, TAB, CR, VTAB, FORM_FEED]) CHAR_CLASS[c] = IS_SPACE | ENDS_PLAIN_RUN;
for (const c of [HASH, SQUOTE, DQUOTE, BACKSLASH]) CHAR_CLASS[c] = ENDS_PLAIN_RUN;

function isSpace(c: number): boolean {
  return c < 128 && (CHAR_CLASS[c] & IS_SPACE) !== 0;
}

function endsPlainRun(c: number): boolean {
  return c < 128 && (CHAR_CLASS[c] & ENDS_PLAIN_RUN) !== 0;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Tokenizes lines one at a time. Words with quotes or escapes are assembled in a scratch buffer
 * that grows to the longest such word, so a file of millions of escapes costs a few nanoseconds
 * per character rather than an allocation per escape.
 */
export class LineTokenizer {
  /** The first thing HAProxy would refuse on the last line tokenized, if any. */
  error: TokenError | null = null;
  private buffer = new Uint16Array(256);
  private length = 0;
  private lineStart = 0;

  /** The words of `text[start, end)`, one configuration line without its line break. */
  tokenize(text: string, start: number, end: number): string[] {
    const words: string[] = [];
    this.error = null;
    this.lineStart = start;
    let i = start;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === HASH) break;
      if (words.length === MAX_LINE_WORDS) {
        this.fail(`too many words: HAProxy reads at most ${MAX_LINE_WORDS} per line and refuses the rest`, i);
        break;
      }
      // Fast path: a plain word without quotes or escapes is a slice of the line.
      const wordStart = i;
      while (i < end) {
        c = text.charCodeAt(i);
        if (endsPlainRun(c)) break;
        i++;
      }
      if (i >= end || isSpace(c) || c === HASH) {
        words.push(text.slice(wordStart, i));
        continue;
      }
      this.length = 0;
      this.append(text, wordStart, i);
      i = this.assemble(text, i, end);
      words.push(this.word());
      if (this.error !== null) break;
    }
    return words;
  }

  /**
   * Assembles the rest of a word with quoted or escaped parts from `i`, stopping at a separator,
   * a comment or the first error (after which HAProxy refuses the line). Returns where it stopped.
   */
  private assemble(text: string, i: number, end: number): number {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (isSpace(c) || c === HASH) return i;
      if (c === SQUOTE) {
        const close = text.indexOf("'", i + 1);
        if (close === -1 || close >= end) {
          this.fail(UNTERMINATED_SINGLE, i);
          this.append(text, i + 1, end);
          return end;
        }
        this.append(text, i + 1, close);
        i = close + 1;
      } else if (c === DQUOTE) {
        const quoteAt = i;
        i++;
        for (;;) {
          if (i >= end) {
            this.fail(UNTERMINATED_DOUBLE, quoteAt);
            return end;
          }
          const d = text.charCodeAt(i);
          if (d === DQUOTE) break;
          if (d === BACKSLASH) {
            const next = this.escape(text, i, end, true);
            if (next === -1) return end;
            i = next;
          } else {
            this.push(d);
            i++;
          }
        }
        i++;
      } else if (c === BACKSLASH) {
        const next = this.escape(text, i, end, false);
        if (next === -1) return end;
        i = next;
      } else {
        const runStart = i;
        while (i < end && !endsPlainRun(text.charCodeAt(i))) i++;
        this.append(text, runStart, i);
      }
    }
    return i;
  }

  /**
   * Appends what the escape at the backslash at `i` stands for and returns the index after it,
   * or -1 for a malformed `\x` (the rest of the line is then kept as written). `\$` only loses its
   * backslash inside double quotes, where variables would otherwise be expanded.
   */
  private escape(text: string, i: number, end: number, inDoubleQuotes: boolean): number {
    if (i + 1 >= end) {
      this.push(BACKSLASH);
      return i + 1;
    }
    const next = text.charCodeAt(i + 1);
    switch (next) {
      case BACKSLASH:
      case SPACE:
      case HASH:
      case SQUOTE:
      case DQUOTE:
        this.push(next);
        return i + 2;
      case 116: // t
        this.push(TAB);
        return i + 2;
      case 110: // n
        this.push(10);
        return i + 2;
      case 114: // r
        this.push(CR);
        return i + 2;
      case DOLLAR:
        if (!inDoubleQuotes) this.push(BACKSLASH);
        this.push(DOLLAR);
        return i + 2;
      case 120: {
        // x
        const hi = i + 2 < end ? hexValue(text.charCodeAt(i + 2)) : -1;
        const lo = i + 3 < end ? hexValue(text.charCodeAt(i + 3)) : -1;
        if (hi < 0 || lo < 0) {
          this.fail(INVALID_HEX, i);
          this.append(text, i, end);
          return -1;
        }
        this.push(hi * 16 + lo);
        return i + 4;
      }
      default:
        this.push(BACKSLASH);
        this.push(next);
        return i + 2;
    }
  }

  private fail(message: string, at: number): void {
    if (this.error === null) this.error = { message, column: at - this.lineStart + 1 };
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint16Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private push(code: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = code;
  }

  private append(text: string, from: number, to: number): void {
    this.reserve(to - from);
    const buffer = this.buffer;
    let n = this.length;
    for (let k = from; k < to; k++) buffer[n++] = text.charCodeAt(k);
    this.length = n;
  }

  private word(): string {
    if (this.length <= DECODE_CHUNK) {
      return String.fromCharCode.apply(null, this.buffer.subarray(0, this.length) as unknown as number[]);
    }
    const chunks: string[] = [];
    for (let k = 0; k < this.length; k += DECODE_CHUNK) {
      const part = this.buffer.subarray(k, Math.min(k + DECODE_CHUNK, this.length));
      chunks.push(String.fromCharCode.apply(null, part as unknown as number[]));
    }
    return chunks.join('');
  }
}
