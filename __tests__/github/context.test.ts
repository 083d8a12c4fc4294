import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContextError, decideEvent, readEvent, readRunEnvironment, runUrlFrom } from '../../src/github/context.js';

function pr(action: string, extra: Record<string, unknown> = {}) {
  return {
    action,
    pull_request: {
      number: 12,
      user: { login: 'dana' },
      base: { sha: 'a'.repeat(40), repo: { full_name: 'acme/edge' } },
      head: { sha: 'b'.repeat(40), repo: { full_name: 'acme/edge' } },
      ...extra,
    },
  };
}

describe('decideEvent', () => {
  it('runs on the pull request actions that can change the verdict', () => {
    for (const action of ['opened', 'synchronize', 'reopened', 'ready_for_review']) {
      expect(decideEvent('pull_request', pr(action))).toEqual({
        kind: 'run',
        pull: { number: 12, author: 'dana', baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40), fromFork: false },
      });
    }
    for (const action of ['submitted', 'edited', 'dismissed']) expect(decideEvent('pull_request_review', pr(action)).kind).toBe('run');
  });

  it('skips other events and actions with a reason', () => {
    const push = decideEvent('push', {});
    expect(push.kind).toBe('skip');
    expect(push.kind === 'skip' && push.reason).toContain('the "push" event is not one of pull_request');
    const labeled = decideEvent('pull_request', pr('labeled'));
    expect(labeled.kind === 'skip' && labeled.reason).toBe(
      'lb-gate does not re-evaluate on pull_request.labeled; it runs on opened, synchronize, reopened, ready_for_review.',
    );
  });

  it('marks a fork PR', () => {
    const decision = decideEvent('pull_request', pr('opened', { head: { sha: 'b'.repeat(40), repo: { full_name: 'someone/edge' } } }));
    expect(decision.kind === 'run' && decision.pull.fromFork).toBe(true);
  });

  it('refuses a pull request event without the facts it needs', () => {
    expect(() => decideEvent('pull_request', { action: 'opened' })).toThrow(ContextError);
    expect(() => decideEvent('pull_request', pr('opened', { head: { sha: '' } }))).toThrow('the event payload has no pull_request.head.sha');
  });
});

describe('readRunEnvironment', () => {
  it('reads the event file, repository, API URL and run link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-gate-ctx-'));
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify(pr('opened')));
    const env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/edge',
      GITHUB_API_URL: 'http://127.0.0.1:9/',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '77',
      RUNNER_TEMP: dir,
    };
    const ctx = readRunEnvironment(env);
    expect(ctx.eventName).toBe('pull_request');
    expect(ctx.repo).toEqual({ owner: 'acme', repo: 'edge' });
    expect(ctx.apiUrl).toBe('http://127.0.0.1:9');
    expect(ctx.runUrl).toBe('https://github.example/acme/edge/actions/runs/77');
    expect(ctx.tempDir).toBe(dir);
    expect(ctx.workspace).toBeUndefined();
  });

  it('explains a missing or broken event file', () => {
    expect(() => readEvent({ GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow('cannot read the event file GITHUB_EVENT_PATH=/nonexistent/event.json: ENOENT');
    const dir = mkdtempSync(join(tmpdir(), 'lb-gate-ctx-'));
    writeFileSync(join(dir, 'e.json'), '{not json');
    expect(() => readEvent({ GITHUB_EVENT_PATH: join(dir, 'e.json') })).toThrow(/is not valid JSON/);
  });

  it('explains a malformed repository name', () => {
    expect(() => readRunEnvironment({ GITHUB_REPOSITORY: 'no-slash' }, { eventName: 'pull_request', payload: {} })).toThrow(
      'GITHUB_REPOSITORY must look like owner/repo; got "no-slash"',
    );
  });

  it('has no run link outside a runner', () => {
    expect(runUrlFrom({})).toBeUndefined();
    expect(runUrlFrom({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '1' })).toBe('https://github.com/a/b/actions/runs/1');
  });
});
