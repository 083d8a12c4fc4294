// The one GitHub API client: octokit with retries for transient errors (5xx) and the
// throttling plugin for rate limits, both bounded so a broken API fails the step in
// minutes instead of hanging it, and never silently.

import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  baseUrl: string;
  /**
   * Milliseconds per unit of backoff: retries of 5xx wait 1, 4, 9 units; rate limits wait the
   * seconds GitHub's `retry-after` asks for, in these units. 1000 (real seconds) by default.
   */
  retryBaseMs?: number;
  /** How many times a failed request (5xx) is retried. */
  retries?: number;
  /** Where rate-limit waits are reported. */
  warn?: (message: string) => void;
}

/** Secondary rate limits: wait as asked, up to this many times and this long each. */
const MAX_SECONDARY_RETRIES = 3;
const MAX_WAIT_SECONDS = 120;

export function createClient(token: string, options: ClientOptions): GitHubClient {
  const warn = options.warn ?? (() => {});
  const retryBaseMs = options.retryBaseMs ?? 1000;
  return getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: retryBaseMs },
      throttle: {
        retryAfterBaseValue: retryBaseMs,
        onRateLimit: (retryAfter, request, _octokit, retryCount) => {
          const again = retryCount < 1 && retryAfter <= MAX_WAIT_SECONDS;
          warn(`GitHub API rate limit reached on ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter}s` : 'giving up'}.`);
          return again;
        },
        onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
          const again = retryCount < MAX_SECONDARY_RETRIES && retryAfter <= MAX_WAIT_SECONDS;
          warn(`GitHub API secondary rate limit on ${request.method} ${request.url}; ${again ? `retrying in ${retryAfter}s` : 'giving up'}.`);
          return again;
        },
      },
      log: { debug: () => {}, info: () => {}, warn, error: warn },
    },
    retry,
    throttling,
  );
}

/** Backoff unit from `LB_GATE_RETRY_BASE_MS` (tests make retries instant), else real seconds. */
export function retryBaseFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.LB_GATE_RETRY_BASE_MS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 && n <= 60_000 ? n : undefined;
}
