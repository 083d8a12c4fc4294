// Shared helpers of the `npm run bench` sections: medians of timed runs under a time budget,
// peak memory of the process, and aligned report lines.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile of `xs` (0.5: the median), interpolated between the two nearest samples. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const low = Math.floor(at);
  return low + 1 < s.length ? s[low] + (s[low + 1] - s[low]) * (at - low) : s[low];
}

export interface Timing<T> {
  medianMs: number;
  runs: number;
  /** What the warm-up run returned, for the report. */
  result: T;
}

/**
 * Median wall time of `fn` in milliseconds: `runs` samples, fewer (never under 3) when they
 * would take longer than `budgetMs`, so slow cases keep the whole bench short. The first run
 * warms up the JIT; when it takes over a second, warming up is noise and it counts as a sample
 * (the median drops it if it was the slow one).
 */
export function timeMedian<T>(fn: () => T, runs = 7, budgetMs = 4000): Timing<T> {
  const t0 = performance.now();
  const result = fn();
  const first = performance.now() - t0;
  const n = Math.max(3, Math.min(runs, Math.floor(budgetMs / Math.max(first, 1))));
  const samples: number[] = first > 1000 ? [first] : [];
  while (samples.length < n) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { medianMs: median(samples), runs: n, result };
}

export interface PairedTiming<T> extends Timing<T> {
  /** Median of the baseline's samples. */
  baselineMs: number;
  /** Median of the per-pair ratios fn / baseline. */
  ratio: number;
  /** The middle half of the per-pair ratios (25th to 75th percentile): how much the machine moved them. */
  ratioLow: number;
  ratioHigh: number;
}

/** `8.7x (middle half 8.1-9.6x)`: a paired timing's ratio with its spread. */
export function ratioWithSpread(timing: PairedTiming<unknown>): string {
  return `${timing.ratio.toFixed(1)}x (middle half ${timing.ratioLow.toFixed(1)}-${timing.ratioHigh.toFixed(1)}x)`;
}

/**
 * `fn` timed against `baseline`, alternating one run of each, so both see the same machine
 * load and garbage-collector state; the ratio is the median of the per-pair ratios. On a shared
 * 2-core machine the baseline alone (JSON.parse) swings by 2x between moments.
 */
export function timeAgainst<T>(baseline: () => unknown, fn: () => T, runs = 9, budgetMs = 8000): PairedTiming<T> {
  baseline();
  const t0 = performance.now();
  const result = fn();
  const first = performance.now() - t0;
  fn(); // a second warm-up: the first run's code is not all optimized yet
  const n = Math.max(3, Math.min(runs, Math.floor(budgetMs / Math.max(first, 1))));
  const samples: number[] = [];
  const baselines: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    baseline();
    const b = performance.now() - t;
    t = performance.now();
    fn();
    const s = performance.now() - t;
    baselines.push(b);
    samples.push(s);
    ratios.push(s / b);
  }
  return {
    medianMs: median(samples),
    baselineMs: median(baselines),
    ratio: median(ratios),
    ratioLow: quantile(ratios, 0.25),
    ratioHigh: quantile(ratios, 0.75),
    runs: n,
    result,
  };
}

export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** The process's peak resident set so far, in bytes (the kernel's high-water mark, not a sample). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** RSS when the section started: the runtime and modules, before any work. */
export const startRss = process.memoryUsage().rss;

export function line(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(34)} ${value}${note ? `   ${note}` : ''}`);
}

export function ratio(ms: number, baselineMs: number): string {
  return `${(ms / baselineMs).toFixed(1)}x`;
}

export function printPeakRss(extra = ''): void {
  line('peak RSS', `${mb(peakRssBytes())} MB`, `(${mb(startRss)} MB at start${extra})`);
}

/**
 * `text` as the CLI and the action get it, decoded from a file's bytes: one flat string. A
 * generated text (`lines.join('\n') + '\n'`) is a rope V8 flattens on first read, and reading it
 * afterwards goes through an extra indirection per character (~10% slower parsing).
 */
export function asReadFromFile(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Wall time of one `lb-gate check BEFORE AFTER --format json` in a fresh process of the built
 * CLI (dist/cli.js): node's start, module loading and a cold JIT included, as a user sees it.
 * Median of `runs`; null when dist/ is not built.
 */
export function timeColdCli(files: Record<string, string>, args: string[], runs = 3): { medianMs: number; status: number | null } | null {
  const cli = resolve('dist/cli.js');
  if (!existsSync(cli)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'lb-gate-bench-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const samples: number[] = [];
    let status: number | null = null;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
      samples.push(performance.now() - t);
      status = run.status;
    }
    return { medianMs: median(samples), status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
