import { afterEach, describe, expect, it } from 'vitest';
import { clampDescription, setCommitStatus } from '../../src/github/status.js';
import type { FakeGitHub } from '../e2e/fake-github.js';
import { HEAD, REPO, fakeWithClient } from './helpers.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('setCommitStatus', () => {
  it('posts the state, context, description and run link on the head commit', async () => {
    const setup = await fakeWithClient({});
    fake = setup.fake;
    await setCommitStatus(setup.client, REPO, HEAD, {
      state: 'failure',
      context: 'lb-gate',
      description: 'fail · critical risk · 0/2 approvals · 1 error',
      targetUrl: 'https://github.com/acme/edge/actions/runs/42',
    });
    expect(fake.statuses).toEqual([
      {
        sha: HEAD,
        state: 'failure',
        context: 'lb-gate',
        description: 'fail · critical risk · 0/2 approvals · 1 error',
        target_url: 'https://github.com/acme/edge/actions/runs/42',
      },
    ]);
  });

  it('retries a transient server error', async () => {
    const setup = await fakeWithClient({ faults: [{ method: 'POST', path: /\/statuses\//, status: 503, times: 1 }] });
    fake = setup.fake;
    await setCommitStatus(setup.client, REPO, HEAD, { state: 'success', context: 'lb-gate', description: 'pass' });
    expect(fake.requestsTo('POST')).toHaveLength(2);
    expect(fake.statuses.map((s) => s.state)).toEqual(['success']);
  });
});

describe('clampDescription', () => {
  it('keeps one line of at most 140 characters', () => {
    expect(clampDescription('a\nb')).toBe('a b');
    const long = clampDescription('x'.repeat(200));
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
  });
});
