// Turns nginx tokens into a flat stream of events: a directive (possibly opening a block) or the
// end of a block. Block nesting is tracked on an explicit stack, never by recursion, so any
// depth of braces is safe. The reader keeps braces balanced within one file whatever the input:
// it reports a stray `}` and skips it, and closes blocks left open at the end of the file, so
// the model builder always sees well-formed nesting and a partial but usable config.

import { NginxTokenizer, type SyntaxProblem } from './nginx-tokens.js';

export interface Directive {
  kind: 'directive';
  name: string;
  args: string[];
  line: number;
  column: number;
  /** True when the directive opens a `{ … }` block. */
  block: boolean;
}

export type ReaderEvent =
  | Directive
  | { kind: 'end'; line: number }
  | { kind: 'eof' };

/** Blocks nested deeper than this are not a config anyone writes; reading stops there. */
export const MAX_BLOCK_DEPTH = 100_000;

/**
 * Directive names that start a new statement. When one of these begins a line in the middle of
 * an unterminated statement, the previous line almost certainly lost its `;` (nginx itself would
 * read both lines as one directive and fail on the odd parameter).
 */
const STATEMENT_STARTERS = new Set([
  'server', 'listen', 'server_name', 'location', 'upstream', 'http', 'stream', 'events',
  'proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass',
  'include', 'root', 'alias', 'index', 'return', 'rewrite', 'try_files', 'set', 'if',
  'proxy_set_header', 'proxy_connect_timeout', 'proxy_read_timeout', 'proxy_send_timeout',
  'proxy_timeout', 'proxy_http_version', 'proxy_redirect', 'proxy_buffering',
  'least_conn', 'ip_hash', 'hash', 'random', 'least_time', 'keepalive', 'zone', 'health_check',
  'ssl_certificate', 'ssl_certificate_key', 'ssl_protocols', 'ssl_ciphers',
  'access_log', 'error_log', 'add_header', 'client_max_body_size', 'keepalive_timeout',
  'worker_processes', 'worker_connections', 'sendfile', 'resolver', 'default_type',
]);

/**
 * Directives whose values may legitimately put one of those names at the start of a line: free
 * text, or (for `random two least_conn`) a parameter that shares a directive's name.
 */
const FREE_TEXT = new Set(['log_format', 'js_set', 'perl_set', 'random', 'sub_filter', 'add_header', 'return']);

interface OpenBlock {
  name: string;
  args: string[];
  line: number;
}

function describe(words: readonly string[]): string {
  const text = words.join(' ');
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

export class NginxReader {
  private readonly tokenizer: NginxTokenizer;
  private readonly queue: ReaderEvent[] = [];
  private queueHead = 0;
  private readonly open: OpenBlock[] = [];
  /** The statement being read: its words and where its first and last words start. */
  private words: string[] = [];
  private firstLine = 0;
  private firstColumn = 0;
  private lastLine = 0;
  private lastColumn = 0;
  private finished = false;
  private tooDeep = false;

  constructor(
    text: string,
    private readonly report: (problem: SyntaxProblem) => void,
  ) {
    this.tokenizer = new NginxTokenizer(text, report);
  }

  /** Set once the file turned out to be binary (or nested absurdly deep): stop everything. */
  get aborted(): boolean {
    return this.tokenizer.stopReason === 'binary' || this.tooDeep;
  }

  next(): ReaderEvent {
    if (this.queueHead < this.queue.length) return this.dequeue();
    if (this.finished) return { kind: 'eof' };
    const tk = this.tokenizer;
    for (;;) {
      const kind = tk.next();
      switch (kind) {
        case 'word': {
          const words = this.words;
          if (words.length === 0) {
            this.firstLine = tk.line;
            this.firstColumn = tk.column;
          } else if (tk.line > this.lastLine && !tk.quoted && STATEMENT_STARTERS.has(tk.text) && !FREE_TEXT.has(words[0])) {
            this.report({
              line: this.lastLine,
              column: this.lastColumn,
              message: `missing ";" at the end of line ${this.lastLine}: "${describe(words)}" runs on into "${tk.text}" on line ${tk.line}, so nginx reads both lines as one directive`,
            });
            const event = this.emit(false);
            this.words.push(tk.text);
            this.firstLine = this.lastLine = tk.line;
            this.firstColumn = this.lastColumn = tk.column;
            return event;
          }
          words.push(tk.text);
          this.lastLine = tk.line;
          this.lastColumn = tk.column;
          continue;
        }
        case ';':
          if (this.words.length === 0) {
            this.report({ line: tk.line, column: tk.column, message: `unexpected ";" on line ${tk.line}: there is no directive before it` });
            continue;
          }
          return this.emit(false);
        case '{':
          if (this.words.length === 0) {
            this.report({
              line: tk.line,
              column: tk.column,
              message: `unexpected "{" on line ${tk.line}: a block must follow a directive name (e.g. "location /api {")`,
            });
            this.words.push('');
            this.firstLine = this.lastLine = tk.line;
            this.firstColumn = this.lastColumn = tk.column;
          }
          if (this.open.length >= MAX_BLOCK_DEPTH) {
            this.report({
              line: tk.line,
              column: tk.column,
              message: `blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep at line ${tk.line}; lb-gate stopped reading the file here`,
            });
            this.tooDeep = true;
            this.finished = true;
            this.words = [];
            return { kind: 'eof' };
          }
          return this.emit(true);
        case '}': {
          let event: ReaderEvent | null = null;
          if (this.words.length > 0) {
            this.report({
              line: this.lastLine,
              column: this.lastColumn,
              message: `missing ";" after "${describe(this.words)}" on line ${this.lastLine}, before the "}" on line ${tk.line}`,
            });
            event = this.emit(false);
          }
          if (this.open.length === 0) {
            this.report({
              line: tk.line,
              column: tk.column,
              message: `unexpected "}" on line ${tk.line}: there is no open block to close (an extra "}" or a missing "{" above)`,
            });
            if (event) return event;
            continue;
          }
          this.open.pop();
          const end: ReaderEvent = { kind: 'end', line: tk.line };
          if (event) {
            this.queue.push(end);
            return event;
          }
          return end;
        }
        case 'eof':
          this.finish();
          return this.queueHead < this.queue.length ? this.dequeue() : { kind: 'eof' };
      }
    }
  }

  private dequeue(): ReaderEvent {
    const event = this.queue[this.queueHead++];
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
    return event;
  }

  private emit(block: boolean): ReaderEvent {
    // `words` becomes the directive's args once its name is taken off the front; shift() on a
    // short array is cheaper than allocating a second one.
    const args = this.words;
    this.words = [];
    const name = args.shift() as string;
    if (block) this.open.push({ name, args, line: this.firstLine });
    return { kind: 'directive', name, args, line: this.firstLine, column: this.firstColumn, block };
  }

  private finish(): void {
    this.finished = true;
    const eofLine = this.tokenizer.line;
    const stop = this.tokenizer.stopReason;
    if (stop === 'binary') {
      this.words = [];
      return;
    }
    if (this.words.length > 0) {
      // After an unterminated quote the statement holds the swallowed text; the quote was reported.
      if (stop !== 'unterminated-quote') {
        this.report({
          line: this.lastLine,
          column: this.lastColumn,
          message: `unexpected end of file: "${describe(this.words)}" on line ${this.firstLine} is not terminated by ";" (is the file truncated?)`,
        });
        this.queue.push(this.emit(false));
      }
      this.words = [];
    }
    if (this.open.length > 0) {
      if (stop !== 'unterminated-quote') {
        const innermost = this.open[this.open.length - 1];
        const outermost = this.open[0];
        const more =
          this.open.length === 1
            ? ''
            : ` (${this.open.length} blocks are open; the outermost is "${describe([outermost.name, ...outermost.args])}" on line ${outermost.line})`;
        this.report({
          line: innermost.line,
          message: `unexpected end of file at line ${eofLine}: the block "${describe([innermost.name, ...innermost.args])}" opened on line ${innermost.line} is missing its closing "}"${more}`,
        });
      }
      for (let i = this.open.length; i > 0; i--) this.queue.push({ kind: 'end', line: eofLine });
      this.open.length = 0;
    }
  }
}
