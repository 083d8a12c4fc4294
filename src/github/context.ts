// The run's context from the environment a runner gives: which event ran, on which pull
// request, at which base and head commits. Built inside run() (not at import) so tests can
// hand the action any environment they like.

import { readFileSync } from 'node:fs';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestFacts {
  number: number;
  /** Login of the PR author. */
  author: string;
  baseSha: string;
  headSha: string;
  /** True when the head branch lives in another repository (its token is read-only). */
  fromFork: boolean;
}

export type EventDecision =
  | { kind: 'run'; pull: PullRequestFacts }
  | { kind: 'skip'; reason: string };

export interface RunEnvironment {
  eventName: string;
  payload: Record<string, unknown>;
  repo: RepoRef;
  apiUrl: string;
  /** Link to this workflow run, for the commit status and the comment; undefined outside a runner. */
  runUrl?: string;
  /** The checkout, when there is one: contents come from it instead of the API when it has both commits. */
  workspace?: string;
  /** Where the JSON report is written. */
  tempDir: string;
}

/**
 * The events and actions that can change the verdict: new commits (pull_request) and new or
 * dismissed reviews (pull_request_review). `pull_request_target` has the same payload and is
 * the pattern that lets fork PRs get a comment and a status without running their code.
 */
export const SUPPORTED_EVENTS: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened', 'ready_for_review'],
  pull_request_target: ['opened', 'synchronize', 'reopened', 'ready_for_review'],
  pull_request_review: ['submitted', 'edited', 'dismissed'],
};

export class ContextError extends Error {}

function get(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function requireString(payload: unknown, path: string[]): string {
  const value = get(payload, path);
  if (typeof value !== 'string' || value === '') {
    throw new ContextError(`the event payload has no ${path.join('.')}; is this a pull request event?`);
  }
  return value;
}

/** Decides from the event alone whether the gate runs; pure, no API calls. */
export function decideEvent(eventName: string, payload: Record<string, unknown>): EventDecision {
  const actions = SUPPORTED_EVENTS[eventName];
  if (!actions) {
    const names = Object.keys(SUPPORTED_EVENTS).join(', ');
    return { kind: 'skip', reason: `lb-gate only judges pull requests; the "${eventName || 'unknown'}" event is not one of ${names}, so there is nothing to check.` };
  }
  const action = typeof payload.action === 'string' ? payload.action : '';
  if (!actions.includes(action)) {
    return { kind: 'skip', reason: `lb-gate does not re-evaluate on ${eventName}.${action || '(no action)'}; it runs on ${actions.join(', ')}.` };
  }
  const number = get(payload, ['pull_request', 'number']);
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw new ContextError('the event payload has no pull_request.number; is this a pull request event?');
  }
  const baseRepo = get(payload, ['pull_request', 'base', 'repo', 'full_name']);
  const headRepo = get(payload, ['pull_request', 'head', 'repo', 'full_name']);
  return {
    kind: 'run',
    pull: {
      number,
      author: requireString(payload, ['pull_request', 'user', 'login']),
      baseSha: requireString(payload, ['pull_request', 'base', 'sha']),
      headSha: requireString(payload, ['pull_request', 'head', 'sha']),
      // A deleted fork has no head repo: treat it as a fork, its token is read-only too.
      fromFork: typeof baseRepo === 'string' && baseRepo !== headRepo,
    },
  };
}

function repoFrom(env: NodeJS.ProcessEnv, payload: Record<string, unknown>): RepoRef {
  const full = env.GITHUB_REPOSITORY ?? get(payload, ['repository', 'full_name']);
  const parts = typeof full === 'string' ? full.split('/') : [];
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ContextError(`GITHUB_REPOSITORY must look like owner/repo; got "${String(full ?? '')}"`);
  }
  return { owner: parts[0], repo: parts[1] };
}

export function runUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return undefined;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}

function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ContextError(`cannot read the event file GITHUB_EVENT_PATH=${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ContextError(`the event file GITHUB_EVENT_PATH=${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The event name and payload only: enough to decide whether to run, without needing a repo. */
export function readEvent(env: NodeJS.ProcessEnv): { eventName: string; payload: Record<string, unknown> } {
  return { eventName: env.GITHUB_EVENT_NAME ?? '', payload: readPayload(env.GITHUB_EVENT_PATH) };
}

export function readRunEnvironment(env: NodeJS.ProcessEnv, event = readEvent(env)): RunEnvironment {
  return {
    ...event,
    repo: repoFrom(env, event.payload),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    runUrl: runUrlFrom(env),
    workspace: env.GITHUB_WORKSPACE || undefined,
    tempDir: env.RUNNER_TEMP || env.GITHUB_WORKSPACE || process.cwd(),
  };
}
