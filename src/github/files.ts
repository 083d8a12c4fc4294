// The pull request's changed files (`GET /pulls/{n}/files`, every page) and which of them are
// load-balancer configs by the policy's globs.

import { fileMatches, globMatcher } from '../discover.js';
import type { FileStatus } from '../gate-types.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './context.js';
import { GitHubApiError } from './errors.js';

/** The fields of a `pulls/{n}/files` entry that lb-gate uses. */
export interface PullFile {
  filename: string;
  status: string;
  previous_filename?: string;
  /** Blob sha of the file at the head; used for files too large for the contents API. */
  sha?: string | null;
}

export interface ChangedFile {
  path: string;
  previousPath?: string;
  status: FileStatus;
  /** Blob sha at the head, when GitHub gave one. */
  headBlobSha?: string;
}

/** GitHub lists at most this many files of a pull request. */
export const PULL_FILES_LIMIT = 3000;

export async function listPullFiles(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullFile[]> {
  try {
    const files = await client.paginate(client.rest.pulls.listFiles, { ...repo, pull_number: pullNumber, per_page: 100 });
    return files.map((f) => ({
      filename: f.filename,
      status: f.status,
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      sha: f.sha ?? null,
    }));
  } catch (err) {
    throw new GitHubApiError(`cannot list the files of pull request #${pullNumber}`, err);
  }
}

/**
 * GitHub's statuses in lb-gate's terms. A copy is judged as a new file (its source is
 * untouched); `changed` is a mode change, judged as a modification; `unchanged` is skipped.
 */
export function toChangedFile(file: PullFile): ChangedFile | null {
  const headBlobSha = file.sha ? { headBlobSha: file.sha } : {};
  switch (file.status) {
    case 'added':
    case 'copied':
      return { path: file.filename, status: 'added', ...headBlobSha };
    case 'removed':
      return { path: file.filename, status: 'removed' };
    case 'renamed':
      if (file.previous_filename && file.previous_filename !== file.filename) {
        return { path: file.filename, previousPath: file.previous_filename, status: 'renamed', ...headBlobSha };
      }
      return { path: file.filename, status: 'modified', ...headBlobSha };
    case 'unchanged':
      return null;
    default:
      return { path: file.filename, status: 'modified', ...headBlobSha };
  }
}

/** The changed files that are LB configs: a rename counts when either of its paths matches. */
export function selectConfigFiles(files: PullFile[], globs: string[]): ChangedFile[] {
  const match = globMatcher(globs);
  const selected: ChangedFile[] = [];
  for (const file of files) {
    const changed = toChangedFile(file);
    if (changed && fileMatches(changed, match)) selected.push(changed);
  }
  return selected;
}
