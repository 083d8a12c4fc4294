import { afterEach, describe, expect, it } from 'vitest';
import { listPullFiles, selectConfigFiles, toChangedFile } from '../../src/github/files.js';
import type { FakeGitHub } from '../e2e/fake-github.js';
import { REPO, fakeWithClient } from './helpers.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('listPullFiles', () => {
  it('reads every page, asking for 100 per page', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ filename: `lb/haproxy-${i}.cfg`, status: 'modified', sha: 'f'.repeat(40) }));
    const setup = await fakeWithClient({ files, maxPerPage: 2 });
    fake = setup.fake;
    const listed = await listPullFiles(setup.client, REPO, 7);
    expect(listed.map((f) => f.filename)).toEqual(files.map((f) => f.filename));
    const requests = fake.requestsTo('GET', /\/pulls\/7\/files$/);
    expect(requests).toHaveLength(3);
    expect(requests[0].query.per_page).toBe('100');
    expect(requests[0].authorization).toBe('token test-token-123');
  });

  it('fails with the request and status when GitHub keeps failing', async () => {
    const setup = await fakeWithClient({ faults: [{ path: /\/pulls\/7\/files$/, status: 502, times: 99 }] });
    fake = setup.fake;
    await expect(listPullFiles(setup.client, REPO, 7)).rejects.toThrow(
      'cannot list the files of pull request #7: GET /repos/acme/edge/pulls/7/files answered 502',
    );
    // One try and three retries: bounded.
    expect(fake.requestsTo('GET', /\/pulls\/7\/files$/)).toHaveLength(4);
  });
});

describe('toChangedFile', () => {
  it('maps GitHub statuses to added, removed, modified and renamed', () => {
    expect(toChangedFile({ filename: 'a.cfg', status: 'added', sha: 'abc' })).toEqual({ path: 'a.cfg', status: 'added', headBlobSha: 'abc' });
    expect(toChangedFile({ filename: 'a.cfg', status: 'removed', sha: null })).toEqual({ path: 'a.cfg', status: 'removed' });
    expect(toChangedFile({ filename: 'b.cfg', status: 'renamed', previous_filename: 'a.cfg' })).toEqual({ path: 'b.cfg', previousPath: 'a.cfg', status: 'renamed' });
    expect(toChangedFile({ filename: 'a.cfg', status: 'changed' })).toEqual({ path: 'a.cfg', status: 'modified' });
    expect(toChangedFile({ filename: 'copy.cfg', status: 'copied' })).toEqual({ path: 'copy.cfg', status: 'added' });
    expect(toChangedFile({ filename: 'a.cfg', status: 'unchanged' })).toBeNull();
  });
});

describe('selectConfigFiles', () => {
  it('keeps files matching the globs, renames by either path', () => {
    const selected = selectConfigFiles(
      [
        { filename: 'lb/haproxy.cfg', status: 'modified' },
        { filename: 'README.md', status: 'modified' },
        { filename: 'attic/old.cfg', status: 'renamed', previous_filename: 'lb/haproxy-old.cfg' },
      ],
      ['lb/**'],
    );
    expect(selected.map((f) => f.path)).toEqual(['lb/haproxy.cfg', 'attic/old.cfg']);
  });
});
