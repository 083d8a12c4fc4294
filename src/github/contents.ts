// File contents at a commit: from the local checkout when it has the commit (no API calls),
// otherwise from the contents API, falling back to the git blobs API for files too large for
// it. A file that does not exist at that commit reads as null (added or removed there).

import { execFile } from 'node:child_process';
import { posix } from 'node:path';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './context.js';
import { GitHubApiError, httpStatus, isNotFound, type ApiErrorShape } from './errors.js';

export interface ContentReader {
  readonly source: 'git' | 'api';
  /** The text of `path` at commit `sha`, or null when the file does not exist there. */
  read(sha: string, path: string, blobSha?: string): Promise<string | null>;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function short(sha: string): string {
  return sha.slice(0, 7);
}

class ReadError extends Error {}

interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: MAX_FILE_BYTES, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => resolve({ ok: !err, stdout: stdout ?? Buffer.alloc(0), stderr: String(stderr ?? '') || (err ? err.message : '') }),
    );
  });
}

/** git says so when the path is not in that commit (or is a directory or submodule there). */
const ABSENT_AT_COMMIT = /does not exist in|exists on disk, but not in|: bad file/;

/**
 * A reader over the checkout in `workspace`, or null when it cannot serve every commit in
 * `shas` (no checkout, a shallow clone without them, git missing or refusing the directory).
 */
export async function localGitReader(workspace: string | undefined, shas: string[]): Promise<ContentReader | null> {
  if (!workspace) return null;
  for (const sha of shas) {
    if (!SHA.test(sha)) return null;
    const present = await git(workspace, ['cat-file', '-e', `${sha}^{commit}`]);
    if (!present.ok) return null;
  }
  return {
    source: 'git',
    async read(sha, path) {
      if (!SHA.test(sha)) throw new ReadError(`not a commit sha: ${sha}`);
      const shown = await git(workspace, ['cat-file', 'blob', `${sha}:${path}`]);
      if (shown.ok) return shown.stdout.toString('utf8');
      if (ABSENT_AT_COMMIT.test(shown.stderr)) return null;
      throw new ReadError(`cannot read ${path} at ${short(sha)} from the checkout: ${shown.stderr.trim().split('\n')[0]}`);
    },
  };
}

interface ContentEntry {
  type?: string;
  name?: string;
  sha?: string;
  size?: number;
  encoding?: string;
  content?: string;
}

function decode(content: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(content, 'base64').toString('utf8');
  return content;
}

function isTooLarge(err: unknown): boolean {
  if (httpStatus(err) !== 403) return false;
  const e = err as ApiErrorShape;
  const errors = (e.response?.data as { errors?: { code?: string }[] } | undefined)?.errors ?? [];
  return errors.some((x) => x?.code === 'too_large') || /too large/i.test(String(e.message ?? ''));
}

/** A reader over the REST API: `contents/{path}?ref=`, and `git/blobs/{sha}` for large files. */
export function apiContentReader(client: GitHubClient, repo: RepoRef): ContentReader {
  const readBlob = async (fileSha: string, path: string): Promise<string> => {
    try {
      const { data } = await client.rest.git.getBlob({ ...repo, file_sha: fileSha });
      return decode(data.content, data.encoding);
    } catch (err) {
      throw new GitHubApiError(`cannot read the blob of ${path}`, err);
    }
  };

  // A file too large for the contents API has no content there; its directory listing has its sha.
  const blobShaFromDirectory = async (sha: string, path: string): Promise<string | null> => {
    const dir = posix.dirname(path);
    try {
      const { data } = await client.rest.repos.getContent({ ...repo, path: dir === '.' ? '' : dir, ref: sha });
      if (!Array.isArray(data)) return null;
      const entry = (data as ContentEntry[]).find((e) => e.name === posix.basename(path));
      return entry?.sha ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw new GitHubApiError(`cannot list the directory of ${path} at ${short(sha)}`, err);
    }
  };

  return {
    source: 'api',
    async read(sha, path, blobSha) {
      let entry: ContentEntry | ContentEntry[];
      try {
        const { data } = await client.rest.repos.getContent({ ...repo, path, ref: sha });
        entry = data as ContentEntry | ContentEntry[];
      } catch (err) {
        if (isNotFound(err)) return null;
        if (isTooLarge(err)) {
          const fileSha = blobSha ?? (await blobShaFromDirectory(sha, path));
          if (fileSha) return readBlob(fileSha, path);
        }
        throw new GitHubApiError(`cannot read ${path} at ${short(sha)}`, err);
      }
      // A directory where a file was: the file does not exist at this commit.
      if (Array.isArray(entry)) return null;
      if (entry.type !== undefined && entry.type !== 'file') {
        throw new ReadError(`${path} at ${short(sha)} is a ${entry.type}, not a file; lb-gate reads only regular files`);
      }
      const hasContent = typeof entry.content === 'string' && (entry.content !== '' || entry.size === 0) && entry.encoding !== 'none';
      if (hasContent) return decode(entry.content!, entry.encoding);
      const fileSha = entry.sha ?? blobSha;
      if (!fileSha) throw new ReadError(`GitHub returned no content and no blob sha for ${path} at ${short(sha)}`);
      return readBlob(fileSha, path);
    },
  };
}

/** The local checkout when it has both commits, else the API. */
export async function chooseContentReader(
  client: GitHubClient,
  repo: RepoRef,
  workspace: string | undefined,
  shas: string[],
): Promise<ContentReader> {
  return (await localGitReader(workspace, shas)) ?? apiContentReader(client, repo);
}
