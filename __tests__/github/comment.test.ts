import { afterEach, describe, expect, it } from 'vitest';
import { clampCommentBody, COMMENT_LIMIT, findStickyComment, resolveIdentity, upsertStickyComment } from '../../src/github/comment.js';
import { isPermissionDenied } from '../../src/github/errors.js';
import { ACTIONS_BOT, type FakeGitHub } from '../e2e/fake-github.js';
import { REPO, fakeWithClient } from './helpers.js';

const MARKER = '<!-- lb-gate:comment -->';
const opts = { marker: MARKER, identity: 'github-actions[bot]', createIfMissing: true };

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('resolveIdentity', () => {
  it("uses GET /user's login for a user token", async () => {
    const setup = await fakeWithClient({ viewer: { login: 'infra-bot-user' } });
    fake = setup.fake;
    expect(await resolveIdentity(setup.client)).toBe('infra-bot-user');
  });

  it('falls back to github-actions[bot] when the installation token may not call GET /user', async () => {
    const setup = await fakeWithClient({ viewer: null });
    fake = setup.fake;
    expect(await resolveIdentity(setup.client)).toBe('github-actions[bot]');
  });
});

describe('upsertStickyComment', () => {
  it('creates the comment once, then updates it in place', async () => {
    const setup = await fakeWithClient({});
    fake = setup.fake;
    const first = await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nfirst`, opts);
    expect(first.outcome).toBe('created');
    const second = await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nsecond`, opts);
    expect(second).toEqual({ outcome: 'updated', id: first.id });
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0].body).toBe(`${MARKER}\nsecond`);
    expect(fake.requestsTo('POST')).toHaveLength(1);
    expect(fake.requestsTo('PATCH').map((r) => r.path)).toEqual([`/repos/acme/edge/issues/comments/${first.id}`]);
  });

  it('does not write when the body is unchanged', async () => {
    const setup = await fakeWithClient({ comments: [{ id: 5, body: `${MARKER}\nsame`, user: ACTIONS_BOT }] });
    fake = setup.fake;
    expect(await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nsame`, opts)).toEqual({ outcome: 'unchanged', id: 5 });
    expect(fake.requestsTo('PATCH')).toHaveLength(0);
  });

  it("never edits a person's comment that quotes the marker, and finds its own on a later page", async () => {
    const people = Array.from({ length: 3 }, (_, i) => ({ id: 10 + i, body: `${MARKER}\nquoted by a person`, user: { login: `person${i}` } }));
    const setup = await fakeWithClient({
      comments: [...people, { id: 20, body: 'unrelated', user: ACTIONS_BOT }, { id: 21, body: `${MARKER}\nold report`, user: ACTIONS_BOT }],
      maxPerPage: 2,
    });
    fake = setup.fake;
    const result = await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nnew report`, opts);
    expect(result).toEqual({ outcome: 'updated', id: 21 });
    expect(fake.comments.filter((c) => c.user.login.startsWith('person')).map((c) => c.body)).toEqual(people.map((p) => p.body));
    expect(fake.requestsTo('GET', /\/issues\/7\/comments$/)).toHaveLength(3);
  });

  it('does not take a comment whose marker is not on the first line', async () => {
    const setup = await fakeWithClient({ comments: [{ id: 3, body: `see\n${MARKER}`, user: ACTIONS_BOT }] });
    fake = setup.fake;
    expect(await findStickyComment(setup.client, REPO, 7, MARKER, 'github-actions[bot]')).toBeNull();
  });

  it('creates nothing when asked only to update an existing comment', async () => {
    const setup = await fakeWithClient({});
    fake = setup.fake;
    expect(await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nnothing`, { ...opts, createIfMissing: false })).toEqual({ outcome: 'none' });
    expect(fake.requestsTo('POST')).toHaveLength(0);
  });

  it('passes a 403 through as a permission problem, not retried', async () => {
    const setup = await fakeWithClient({
      faults: [{ method: 'POST', path: /\/issues\/7\/comments$/, status: 403, times: 99, body: { message: 'Resource not accessible by integration' } }],
    });
    fake = setup.fake;
    const err = await upsertStickyComment(setup.client, REPO, 7, `${MARKER}\nx`, opts).catch((e: unknown) => e);
    expect(isPermissionDenied(err)).toBe(true);
    expect(fake.requestsTo('POST')).toHaveLength(1);
  });
});

describe('clampCommentBody', () => {
  it('keeps short bodies and cuts long ones under the limit, saying so', () => {
    expect(clampCommentBody('short')).toBe('short');
    const clamped = clampCommentBody(`${MARKER}\n${'x'.repeat(COMMENT_LIMIT + 10)}`);
    expect(clamped.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(clamped.startsWith(MARKER)).toBe(true);
    expect(clamped).toContain('cut to fit');
  });
});
