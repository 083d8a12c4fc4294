import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiContentReader, chooseContentReader, localGitReader } from '../../src/github/contents.js';
import { blobSha, type FakeGitHub } from '../e2e/fake-github.js';
import { gitRepoWithCommits, removeDir } from './git-repo.js';
import { BASE, HEAD, REPO, fakeWithClient } from './helpers.js';

const HAPROXY_BASE = 'backend web\n  balance roundrobin\n  server w1 10.0.0.1:80 check\n';
const HAPROXY_HEAD = 'backend web\n  balance first\n  server w1 10.0.0.1:80 check\n';
const UNICODE = '# Zürich edge — ünïcode ✓\nbackend web\n';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('apiContentReader', () => {
  const commits: Record<string, Record<string, string>> = {
    [BASE]: { 'lb/haproxy.cfg': HAPROXY_BASE, 'lb/big.cfg': HAPROXY_BASE, 'lb/huge.cfg': HAPROXY_BASE, 'lb/utf8.cfg': UNICODE },
    [HEAD]: { 'lb/haproxy.cfg': HAPROXY_HEAD, 'lb/new.cfg': HAPROXY_HEAD },
  };

  it('reads a file at a commit, decoding wrapped base64 and UTF-8', async () => {
    const setup = await fakeWithClient({ commits });
    fake = setup.fake;
    const reader = apiContentReader(setup.client, REPO);
    expect(reader.source).toBe('api');
    expect(await reader.read(BASE, 'lb/haproxy.cfg')).toBe(HAPROXY_BASE);
    expect(await reader.read(HEAD, 'lb/haproxy.cfg')).toBe(HAPROXY_HEAD);
    expect(await reader.read(BASE, 'lb/utf8.cfg')).toBe(UNICODE);
    const request = fake.requestsTo('GET', /\/contents\//)[0];
    expect(request.path).toBe('/repos/acme/edge/contents/lb/haproxy.cfg');
    expect(request.query.ref).toBe(BASE);
  });

  it('reads a missing file (404) as null: added or removed at that side', async () => {
    const setup = await fakeWithClient({ commits });
    fake = setup.fake;
    const reader = apiContentReader(setup.client, REPO);
    expect(await reader.read(BASE, 'lb/new.cfg')).toBeNull();
    expect(await reader.read(HEAD, 'lb/big.cfg')).toBeNull();
  });

  it('reads a directory where a file was as absent', async () => {
    const setup = await fakeWithClient({ commits });
    fake = setup.fake;
    expect(await apiContentReader(setup.client, REPO).read(BASE, 'lb')).toBeNull();
  });

  it('falls back to the blobs API for a file over 1 MB (no content in the contents API)', async () => {
    const setup = await fakeWithClient({ commits, largeFiles: ['lb/big.cfg'] });
    fake = setup.fake;
    expect(await apiContentReader(setup.client, REPO).read(BASE, 'lb/big.cfg')).toBe(HAPROXY_BASE);
    expect(fake.requestsTo('GET', /\/git\/blobs\//).map((r) => r.path)).toEqual([`/repos/acme/edge/git/blobs/${blobSha(HAPROXY_BASE)}`]);
  });

  it('finds the blob through the directory listing when the contents API refuses the file as too large', async () => {
    const setup = await fakeWithClient({ commits, hugeFiles: ['lb/huge.cfg'] });
    fake = setup.fake;
    expect(await apiContentReader(setup.client, REPO).read(BASE, 'lb/huge.cfg')).toBe(HAPROXY_BASE);
    expect(fake.requestsTo('GET', /\/contents\/lb$/)).toHaveLength(1);
    expect(fake.requestsTo('GET', /\/git\/blobs\//)).toHaveLength(1);
  });

  it('uses a known blob sha directly when the file is too large', async () => {
    const setup = await fakeWithClient({ commits, hugeFiles: ['lb/huge.cfg'] });
    fake = setup.fake;
    expect(await apiContentReader(setup.client, REPO).read(BASE, 'lb/huge.cfg', blobSha(HAPROXY_BASE))).toBe(HAPROXY_BASE);
    expect(fake.requestsTo('GET', /\/contents\/lb$/)).toHaveLength(0);
  });

  it('fails clearly on a persistent server error instead of reading the file as absent', async () => {
    const setup = await fakeWithClient({ commits, faults: [{ path: /\/contents\//, status: 500, times: 99 }] });
    fake = setup.fake;
    await expect(apiContentReader(setup.client, REPO).read(BASE, 'lb/haproxy.cfg')).rejects.toThrow(
      'cannot read lb/haproxy.cfg at 1111111: GET /repos/acme/edge/contents/lb/haproxy.cfg answered 500: scripted 500',
    );
  });
});

describe('localGitReader', () => {
  let repo: { dir: string; shas: string[] };
  beforeAll(() => {
    repo = gitRepoWithCommits([
      { 'lb/haproxy.cfg': HAPROXY_BASE, 'lb/gone.cfg': HAPROXY_BASE },
      { 'lb/haproxy.cfg': HAPROXY_HEAD, 'lb/new.cfg': UNICODE },
    ]);
  });
  afterAll(() => removeDir(repo.dir));

  it('reads both sides from the checkout, absent paths as null', async () => {
    const [base, head] = repo.shas;
    const reader = await localGitReader(repo.dir, [base, head]);
    expect(reader?.source).toBe('git');
    expect(await reader!.read(base, 'lb/haproxy.cfg')).toBe(HAPROXY_BASE);
    expect(await reader!.read(head, 'lb/haproxy.cfg')).toBe(HAPROXY_HEAD);
    expect(await reader!.read(head, 'lb/new.cfg')).toBe(UNICODE);
    expect(await reader!.read(head, 'lb/gone.cfg')).toBeNull();
    expect(await reader!.read(base, 'lb/new.cfg')).toBeNull();
    expect(await reader!.read(base, 'lb')).toBeNull();
  });

  it('is not used when a commit is missing, the directory is no repository, or a sha is not a sha', async () => {
    expect(await localGitReader(repo.dir, [repo.shas[0], 'f'.repeat(40)])).toBeNull();
    expect(await localGitReader(mkdtempSync(join(tmpdir(), 'lb-gate-empty-')), [repo.shas[0]])).toBeNull();
    expect(await localGitReader(repo.dir, ['--output=/tmp/x'])).toBeNull();
    expect(await localGitReader(undefined, [repo.shas[0]])).toBeNull();
  });

  it('is chosen over the API when it has both commits, with no API request', async () => {
    const setup = await fakeWithClient({});
    fake = setup.fake;
    const reader = await chooseContentReader(setup.client, REPO, repo.dir, repo.shas);
    expect(reader.source).toBe('git');
    expect(await reader.read(repo.shas[1], 'lb/haproxy.cfg')).toBe(HAPROXY_HEAD);
    expect(fake.requests).toHaveLength(0);
    const fallback = await chooseContentReader(setup.client, REPO, repo.dir, [BASE, HEAD]);
    expect(fallback.source).toBe('api');
  });
});
