// Plain-scalar resolution of the YAML 1.2 core schema exactly as the yaml library applies it, so
// every reader gives the same values (js-yaml's own core types also read 0b…, -0x…, and not -.5).

const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_DEC_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Numbers start with a digit, sign or dot; the regexes are skipped for every other scalar. */
function mayBeNumber(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
}

export const isNullText = (data: string): boolean => NULL_RE.test(data);
export const isBoolText = (data: string): boolean => BOOL_RE.test(data);
export const boolValue = (data: string): boolean => data[0] === 't' || data[0] === 'T';

export const isIntText = (data: string): boolean =>
  mayBeNumber(data) && (INT_DEC_RE.test(data) || INT_OCT_RE.test(data) || INT_HEX_RE.test(data));

export const intValue = (data: string): number =>
  data[1] === 'o' ? parseInt(data.slice(2), 8) : data[1] === 'x' ? parseInt(data.slice(2), 16) : parseInt(data, 10);

export const isFloatText = (data: string): boolean => mayBeNumber(data) && (FLOAT_RE.test(data) || FLOAT_SPECIAL_RE.test(data));

export function floatValue(data: string): number {
  if (!FLOAT_SPECIAL_RE.test(data)) return parseFloat(data);
  if (data.slice(-3).toLowerCase() === 'nan') return NaN;
  return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** The value of a plain (unquoted) scalar: null, boolean, number or the text itself. */
export function resolvePlainScalar(data: string): unknown {
  if (data === '') return null;
  const c = data.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
    // Decimal ints and floats use only digits, signs, dots and exponent letters; any other
    // character leaves hex, octal, .inf/.nan or text. Saves five regex tests per `0.25s`.
    let decimal = true;
    let dots = 0;
    for (let i = 0; i < data.length; i++) {
      const d = data.charCodeAt(i);
      if (d === 0x2e) dots++;
      else if (!((d >= 0x30 && d <= 0x39) || d === 0x2b || d === 0x2d || d === 0x65 || d === 0x45)) {
        decimal = false;
        break;
      }
    }
    if (decimal) {
      if (dots > 1) return data; // an IPv4 address, a version
      if (INT_DEC_RE.test(data)) return parseInt(data, 10);
      return FLOAT_RE.test(data) ? parseFloat(data) : data;
    }
    // Only `0o…`/`0x…` can be octal or hex, only `.…`/`+.…`/`-.…` a special float: `0.25s`
    // and `5s` are text without a regex.
    const second = data.charCodeAt(1);
    if (c === 0x30 && (second === 0x6f || second === 0x78)) return INT_OCT_RE.test(data) || INT_HEX_RE.test(data) ? intValue(data) : data;
    if (c === 0x2e || second === 0x2e) return FLOAT_SPECIAL_RE.test(data) ? floatValue(data) : data;
    return data;
  }
  // ~ (1 char), null/Null/NULL (4); true/True/TRUE (4), false/False/FALSE (5)
  const length = data.length;
  if (c === 0x7e || c === 0x6e || c === 0x4e) return (length === 1 || length === 4) && NULL_RE.test(data) ? null : data;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) return (length === 4 || length === 5) && BOOL_RE.test(data) ? boolValue(data) : data;
  return data;
}
