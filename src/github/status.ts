// The commit status on the PR's head commit: the required check. Set on every run, from
// whichever event ran last, so the check always reflects the latest verdict.

import type { GitHubClient } from './client.js';
import type { RepoRef } from './context.js';
import { GitHubApiError, isPermissionDenied } from './errors.js';

export type StatusState = 'success' | 'failure' | 'error' | 'pending';

export interface CommitStatus {
  state: StatusState;
  context: string;
  description: string;
  targetUrl?: string;
}

/** GitHub truncates nothing and rejects longer descriptions. */
export const STATUS_DESCRIPTION_LIMIT = 140;

export function clampDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= STATUS_DESCRIPTION_LIMIT ? oneLine : oneLine.slice(0, STATUS_DESCRIPTION_LIMIT - 1) + '…';
}

export async function setCommitStatus(client: GitHubClient, repo: RepoRef, sha: string, status: CommitStatus): Promise<void> {
  try {
    await client.rest.repos.createCommitStatus({
      ...repo,
      sha,
      state: status.state,
      context: status.context,
      description: clampDescription(status.description),
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    });
  } catch (err) {
    if (isPermissionDenied(err)) throw err;
    throw new GitHubApiError(`cannot set the ${status.context} commit status on ${sha.slice(0, 7)}`, err);
  }
}
