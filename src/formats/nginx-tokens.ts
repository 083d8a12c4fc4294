// Splits nginx configuration text into tokens the way nginx's own reader does: words,
// quoted strings with backslash escapes, `;`, `{`, `}`, and `#` comments. It is pull-based
// (one token per call) so that an `include` can pause one file and read another, and it works
// on character codes in a single forward pass so a 50 MB file costs one linear scan.

export type TokenKind = 'word' | ';' | '{' | '}' | 'eof';

export interface SyntaxProblem {
  line: number;
  column?: number;
  message: string;
}

/** Why the tokenizer stopped before the end of the text, if it did. */
export type StopReason = 'binary' | 'unterminated-quote' | null;

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const DOLLAR = 36;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const SEMICOLON = 59;
const LBRACE = 123;
const RBRACE = 125;
const RPAREN = 41;
const BOM = 0xfeff;

/**
 * Control characters that never occur in a text config. Tab, LF, CR, vertical tab and form feed
 * are allowed: editors leave the last two behind and they do not make a file binary.
 */
function isBinary(code: number): boolean {
  return code < 32 && code !== TAB && code !== LF && code !== CR && code !== 11 && code !== 12;
}

function isSpace(code: number): boolean {
  return code === SPACE || code === LF || code === TAB || code === CR;
}

/** nginx resolves only these escapes; any other backslash stays in the value as written. */
function unescape(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[i + 1];
      if (n === '"' || n === "'" || n === '\\') out += n;
      else if (n === 't') out += '\t';
      else if (n === 'r') out += '\r';
      else if (n === 'n') out += '\n';
      else out += c + n;
      i += 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

function hex(code: number): string {
  return '0x' + code.toString(16).padStart(2, '0');
}

/**
 * Reads tokens one at a time. `next()` returns the kind and leaves the token's text and position
 * in the public fields, so a large file allocates no object per token.
 */
export class NginxTokenizer {
  /** Text of the last word token (quotes removed, escapes resolved). */
  text = '';
  /** True when the last word was written in quotes: it is always a value, never a directive name. */
  quoted = false;
  /** 1-based position where the last token starts. */
  line = 1;
  column = 1;

  private pos = 0;
  private cur = 1;
  private lineStart = 0;
  private stop: StopReason = null;

  constructor(
    private readonly input: string,
    private readonly report: (problem: SyntaxProblem) => void,
  ) {
    if (input.charCodeAt(0) === BOM) {
      report({
        line: 1,
        column: 1,
        message:
          'the file starts with a UTF-8 byte-order mark; nginx reads it as part of the first directive name and refuses the file. Save it without the BOM.',
      });
      this.pos = 1;
      this.lineStart = 1;
    }
  }

  get stopReason(): StopReason {
    return this.stop;
  }

  next(): TokenKind {
    const text = this.input;
    const len = text.length;
    while (this.pos < len) {
      const code = text.charCodeAt(this.pos);
      if (code === LF) {
        this.pos += 1;
        this.cur += 1;
        this.lineStart = this.pos;
        continue;
      }
      if (code === SPACE || code === TAB || code === CR) {
        this.pos += 1;
        continue;
      }
      if (isBinary(code)) return this.binary(code);
      if (code === HASH) {
        if (!this.skipComment()) return 'eof';
        continue;
      }
      this.line = this.cur;
      this.column = this.pos - this.lineStart + 1;
      if (code === SEMICOLON) {
        this.pos += 1;
        return ';';
      }
      if (code === LBRACE) {
        this.pos += 1;
        return '{';
      }
      if (code === RBRACE) {
        this.pos += 1;
        return '}';
      }
      if (code === DQUOTE || code === SQUOTE) return this.quotedWord(code);
      return this.word();
    }
    return this.eof();
  }

  private eof(): TokenKind {
    this.line = this.cur;
    this.column = this.pos - this.lineStart + 1;
    return 'eof';
  }

  private binary(code: number): TokenKind {
    this.report({
      line: this.cur,
      column: this.pos - this.lineStart + 1,
      message: `binary data (byte ${hex(code)}) at line ${this.cur}: this is not a text nginx config, so lb-gate stopped reading it here`,
    });
    this.stop = 'binary';
    this.pos = this.input.length;
    return this.eof();
  }

  /** Skips to the end of the line; false when binary data was found inside the comment. */
  private skipComment(): boolean {
    const text = this.input;
    const len = text.length;
    while (this.pos < len) {
      const code = text.charCodeAt(this.pos);
      if (code === LF) return true;
      if (isBinary(code)) {
        this.binary(code);
        return false;
      }
      this.pos += 1;
    }
    return true;
  }

  private quotedWord(quote: number): TokenKind {
    const text = this.input;
    const len = text.length;
    const start = this.pos + 1;
    let escaped = false;
    let i = start;
    for (; i < len; i++) {
      const code = text.charCodeAt(i);
      if (code === LF) {
        this.cur += 1;
        this.lineStart = i + 1;
      } else if (isBinary(code)) {
        this.pos = i;
        return this.binary(code);
      }
      if (code === BACKSLASH) {
        escaped = true;
        i += 1;
        if (i < len && text.charCodeAt(i) === LF) {
          this.cur += 1;
          this.lineStart = i + 1;
        }
        continue;
      }
      if (code === quote) break;
    }
    if (i >= len) {
      const q = quote === DQUOTE ? '"' : "'";
      this.report({
        line: this.line,
        column: this.column,
        message: `unterminated quoted string: the ${q} opened on line ${this.line} is never closed, so nginx reads the rest of the file as one value`,
      });
      this.stop = 'unterminated-quote';
      this.pos = len;
      return 'eof';
    }
    const raw = text.slice(start, i);
    this.pos = i + 1;
    if (this.pos < len) {
      const after = text.charCodeAt(this.pos);
      // nginx wants a separator right after a closing quote; `}` is left to the statement reader,
      // which reports the missing `;`.
      if (!isSpace(after) && after !== SEMICOLON && after !== LBRACE && after !== RBRACE && after !== RPAREN) {
        this.report({
          line: this.cur,
          column: this.pos - this.lineStart + 1,
          message: `unexpected "${text[this.pos]}" right after a quoted string on line ${this.cur}; nginx needs a space, ";" or "{" there`,
        });
      }
    }
    this.text = escaped ? unescape(raw) : raw;
    this.quoted = true;
    return 'word';
  }

  private word(): TokenKind {
    const text = this.input;
    const len = text.length;
    const start = this.pos;
    let escaped = false;
    let i = start;
    let afterDollar = false;
    for (; i < len; i++) {
      const code = text.charCodeAt(i);
      if (code === SPACE || code === TAB || code === CR || code === LF || code === SEMICOLON) break;
      if (code === LBRACE && !afterDollar) break;
      if (isBinary(code)) {
        this.pos = i;
        return this.binary(code);
      }
      afterDollar = code === DOLLAR;
      if (code === BACKSLASH && i + 1 < len) {
        escaped = true;
        i += 1;
        const next = text.charCodeAt(i);
        if (next === LF) {
          this.cur += 1;
          this.lineStart = i + 1;
        } else if (isBinary(next)) {
          this.pos = i;
          return this.binary(next);
        }
      }
    }
    const raw = text.slice(start, i);
    this.pos = i;
    this.text = escaped ? unescape(raw) : raw;
    this.quoted = false;
    return 'word';
  }
}
