// Reads HAProxy time values ("5000", "500ms", "5s", "1m", "4h", "1d", "100us") into milliseconds,
// with the same strictness as HAProxy: digits then at most one unit, nothing else.

import { shown } from './haproxy-message.js';

/** HAProxy refuses timers that do not fit its signed 32-bit millisecond counters. */
const MAX_TIME_MS = 2_147_483_647;

// Digits beyond 15 cannot be a sensible timer, and the sum would lose precision.
const MAX_DIGITS = 15;

export type TimeParse = { ok: true; ms: number } | { ok: false; reason: string };

/** Milliseconds per unit written in `text[start, end)`; 0 for microseconds, -1 for no unit HAProxy knows. */
function unitMs(text: string, start: number, end: number): number {
  switch (end - start) {
    case 0:
      return 1;
    case 1:
      switch (text.charCodeAt(start)) {
        case 115: // s
          return 1000;
        case 109: // m
          return 60_000;
        case 104: // h
          return 3_600_000;
        case 100: // d
          return 86_400_000;
        default:
          return -1;
      }
    case 2:
      if (text.charCodeAt(start + 1) !== 115 /* s */) return -1;
      if (text.charCodeAt(start) === 117 /* u */) return 0;
      return text.charCodeAt(start) === 109 /* m */ ? 1 : -1;
    default:
      return -1;
  }
}

/**
 * The milliseconds the time value `text[start, end)` stands for, or -1 where HAProxy refuses it.
 * Read in place rather than from a slice: every server line can have one.
 */
export function timeMs(text: string, start: number, end: number): number {
  let i = start;
  let amount = 0;
  while (i < end) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    amount = amount * 10 + d;
    i++;
  }
  if (i === start || i - start > MAX_DIGITS) return -1;
  const factor = unitMs(text, i, end);
  if (factor < 0) return -1;
  // Like HAProxy, microseconds round up to whole milliseconds.
  const ms = factor === 0 ? Math.ceil(amount / 1000) : amount * factor;
  return ms > MAX_TIME_MS ? -1 : ms;
}

export function parseHaproxyTime(value: string): TimeParse {
  const ms = timeMs(value, 0, value.length);
  return ms >= 0 ? { ok: true, ms } : { ok: false, reason: whyNotATime(value) };
}

/** What is wrong with a value timeMs refuses. */
function whyNotATime(value: string): string {
  let digits = 0;
  while (digits < value.length && value.charCodeAt(digits) >= 48 && value.charCodeAt(digits) <= 57) digits++;
  if (digits === 0) return value === '' ? 'is empty' : `${shown(value)} does not start with a number`;
  if (digits > MAX_DIGITS) return `${shown(value)} is too large for HAProxy's timers`;
  if (unitMs(value, digits, value.length) < 0) {
    return `${shown(value)} has an unknown unit ${shown(value.slice(digits))} (use us, ms, s, m, h or d)`;
  }
  return `${shown(value)} is too large for HAProxy's timers (max about 24.8 days)`;
}
