// Evaluates the condition of HAProxy `.if` / `.elif` blocks as far as a static reader can.
// Literal numbers and string comparisons of literal text have a known value; predicates that
// depend on the running HAProxy (`defined()`, `feature()`, `version_atleast()`, environment
// variables) are unknown, and the caller decides how to treat them.

export type CondValue = 'true' | 'false' | 'unknown';

// Parentheses nest at most this deep before the expression is given up as unknown, so a line of
// thousands of "(" costs nothing and cannot exhaust the stack.
const MAX_DEPTH = 32;

function not(v: CondValue): CondValue {
  return v === 'unknown' ? v : v === 'true' ? 'false' : 'true';
}

function and(a: CondValue, b: CondValue): CondValue {
  if (a === 'false' || b === 'false') return 'false';
  if (a === 'true' && b === 'true') return 'true';
  return 'unknown';
}

function or(a: CondValue, b: CondValue): CondValue {
  if (a === 'true' || b === 'true') return 'true';
  if (a === 'false' && b === 'false') return 'false';
  return 'unknown';
}

class CondReader {
  private pos = 0;
  constructor(private readonly src: string) {}

  evaluate(): CondValue {
    const value = this.orExpr(0);
    this.skipSpace();
    return this.pos === this.src.length ? value : 'unknown';
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && this.src[this.pos] === ' ') this.pos++;
  }

  private orExpr(depth: number): CondValue {
    let value = this.andExpr(depth);
    for (;;) {
      this.skipSpace();
      if (!this.src.startsWith('||', this.pos)) return value;
      this.pos += 2;
      value = or(value, this.andExpr(depth));
    }
  }

  private andExpr(depth: number): CondValue {
    let value = this.unary(depth);
    for (;;) {
      this.skipSpace();
      if (!this.src.startsWith('&&', this.pos)) return value;
      this.pos += 2;
      value = and(value, this.unary(depth));
    }
  }

  private unary(depth: number): CondValue {
    this.skipSpace();
    if (this.src[this.pos] === '!') {
      this.pos++;
      return not(this.unary(depth));
    }
    if (this.src[this.pos] === '(') {
      if (depth >= MAX_DEPTH) {
        this.pos = this.src.length;
        return 'unknown';
      }
      this.pos++;
      const value = this.orExpr(depth + 1);
      this.skipSpace();
      if (this.src[this.pos] === ')') this.pos++;
      return value;
    }
    return this.term();
  }

  private term(): CondValue {
    const start = this.pos;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === ')' || c === '&' || c === '|') break;
      if (c === '(') {
        const close = this.src.indexOf(')', this.pos);
        this.pos = close === -1 ? this.src.length : close + 1;
        break;
      }
      this.pos++;
    }
    return termValue(this.src.slice(start, this.pos));
  }
}

function termValue(term: string): CondValue {
  if (term === '') return 'false';
  if (/^-?[0-9]{1,15}$/.test(term)) return Number(term) !== 0 ? 'true' : 'false';
  const open = term.indexOf('(');
  if (open === -1 || !term.endsWith(')')) return 'unknown';
  const name = term.slice(0, open);
  const args = term.slice(open + 1, -1);
  if ((name === 'streq' || name === 'strneq') && !args.includes('$')) {
    const comma = args.indexOf(',');
    if (comma === -1 || args.indexOf(',', comma + 1) !== -1) return 'unknown';
    const equal = args.slice(0, comma) === args.slice(comma + 1);
    return equal === (name === 'streq') ? 'true' : 'false';
  }
  return 'unknown';
}

/** The value of a `.if` condition given as its words after the directive. */
export function evaluateCondition(words: string[]): CondValue {
  return new CondReader(words.join(' ')).evaluate();
}
