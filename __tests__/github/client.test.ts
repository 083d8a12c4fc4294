import { afterEach, describe, expect, it } from 'vitest';
import { retryBaseFromEnv } from '../../src/github/client.js';
import { describeApiError, isPermissionDenied } from '../../src/github/errors.js';
import { listReviews } from '../../src/github/reviews.js';
import type { FakeGitHub } from '../e2e/fake-github.js';
import { HEAD, REPO, fakeWithClient } from './helpers.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const reviews = [
  { user: { login: 'alice' }, state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER' },
  { user: { login: 'ci[bot]', type: 'Bot' as const }, state: 'APPROVED', commit_id: HEAD, author_association: 'NONE' },
  { user: { login: 'bob' }, state: 'CHANGES_REQUESTED', commit_id: HEAD, author_association: 'COLLABORATOR' },
];

describe('the API client', () => {
  it('lists reviews over every page as plain data', async () => {
    const setup = await fakeWithClient({ reviews, maxPerPage: 2 });
    fake = setup.fake;
    expect(await listReviews(setup.client, REPO, 7)).toEqual([
      { user: { login: 'alice', type: 'User' }, state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER' },
      { user: { login: 'ci[bot]', type: 'Bot' }, state: 'APPROVED', commit_id: HEAD, author_association: 'NONE' },
      { user: { login: 'bob', type: 'User' }, state: 'CHANGES_REQUESTED', commit_id: HEAD, author_association: 'COLLABORATOR' },
    ]);
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(2);
  });

  it('retries a 500 and then succeeds', async () => {
    const setup = await fakeWithClient({ reviews, faults: [{ path: /\/reviews$/, status: 500, times: 2 }] });
    fake = setup.fake;
    expect(await listReviews(setup.client, REPO, 7)).toHaveLength(3);
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(3);
  });

  it('waits out a secondary rate limit as retry-after asks, and warns', async () => {
    const setup = await fakeWithClient({
      reviews,
      faults: [{ path: /\/reviews$/, status: 403, times: 1, headers: { 'retry-after': '1' }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } }],
    });
    fake = setup.fake;
    expect(await listReviews(setup.client, REPO, 7)).toHaveLength(3);
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(2);
    expect(setup.warnings.some((w) => w.includes('secondary rate limit') && w.includes('retrying in 1s'))).toBe(true);
  });

  it('gives up on a secondary rate limit after a bounded number of retries', async () => {
    const setup = await fakeWithClient({
      reviews,
      faults: [{ path: /\/reviews$/, status: 403, times: 99, headers: { 'retry-after': '0' }, body: { message: 'You have exceeded a secondary rate limit.' } }],
    });
    fake = setup.fake;
    await expect(listReviews(setup.client, REPO, 7)).rejects.toThrow(/cannot list the reviews of pull request #7: GET \/repos\/acme\/edge\/pulls\/7\/reviews answered 403/);
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(4);
  });

  it('does not retry a permission error', async () => {
    const setup = await fakeWithClient({ faults: [{ path: /\/reviews$/, status: 403, times: 99, body: { message: 'Resource not accessible by integration' } }] });
    fake = setup.fake;
    const err = await listReviews(setup.client, REPO, 7).catch((e: unknown) => e);
    expect((err as Error).message).toContain('answered 403: Resource not accessible by integration');
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(1);
  });
});

describe('errors', () => {
  it('tells a permission 403 from a rate limit 403', () => {
    expect(isPermissionDenied({ status: 403, message: 'Resource not accessible by integration' })).toBe(true);
    expect(isPermissionDenied({ status: 403, message: 'API rate limit exceeded' })).toBe(false);
    expect(isPermissionDenied({ status: 404, message: 'Not Found' })).toBe(false);
  });

  it('describes an error by method, path and status, never headers', () => {
    const err = {
      status: 502,
      message: 'Bad Gateway',
      request: { method: 'GET', url: 'https://api.github.com/repos/a/b/pulls/1/files?per_page=100', headers: { authorization: 'token secret' } },
    };
    expect(describeApiError(err)).toBe('GET /repos/a/b/pulls/1/files answered 502: Bad Gateway');
  });
});

describe('retryBaseFromEnv', () => {
  it('reads a sane number of milliseconds, else keeps the default', () => {
    expect(retryBaseFromEnv({ LB_GATE_RETRY_BASE_MS: '5' })).toBe(5);
    expect(retryBaseFromEnv({})).toBeUndefined();
    expect(retryBaseFromEnv({ LB_GATE_RETRY_BASE_MS: 'soon' })).toBeUndefined();
    expect(retryBaseFromEnv({ LB_GATE_RETRY_BASE_MS: '-1' })).toBeUndefined();
  });
});
