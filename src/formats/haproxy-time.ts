// Reads HAProxy time values ("5000", "500ms", "5s", "1m", "4h", "1d", "100us") into milliseconds,
// with the same strictness as HAProxy: digits then at most one unit, nothing else.

import { shown } from './haproxy-message.js';

/** HAProxy refuses timers that do not fit its signed 32-bit millisecond counters. */
const MAX_TIME_MS = 2_147_483_647;

const UNIT_MS = new Map<string, number>([
  ['', 1],
  ['us', 1 / 1000],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

export type TimeParse = { ok: true; ms: number } | { ok: false; reason: string };

export function parseHaproxyTime(value: string): TimeParse {
  // The amount is summed while scanning, rather than sliced and converted: every server line has one.
  let i = 0;
  let amount = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) break;
    amount = amount * 10 + (c - 48);
    i++;
  }
  if (i === 0) {
    return { ok: false, reason: value === '' ? 'is empty' : `${shown(value)} does not start with a number` };
  }
  // Digits beyond 15 cannot be a sensible timer, and the sum would lose precision.
  if (i > 15) return { ok: false, reason: `${shown(value)} is too large for HAProxy's timers` };
  const unit = value.slice(i);
  const factor = UNIT_MS.get(unit);
  if (factor === undefined) {
    return { ok: false, reason: `${shown(value)} has an unknown unit ${shown(unit)} (use us, ms, s, m, h or d)` };
  }
  // Like HAProxy, microseconds round up to whole milliseconds.
  const ms = unit === 'us' ? Math.ceil(amount / 1000) : amount * factor;
  if (ms > MAX_TIME_MS) return { ok: false, reason: `${shown(value)} is too large for HAProxy's timers (max about 24.8 days)` };
  return { ok: true, ms };
}
