// The one sticky lb-gate comment on a pull request: found by its marker on the first line
// and by its author being this token's own identity, updated in place, created only when
// none exists. A person's comment that quotes the marker is never touched.

import type { GitHubClient } from './client.js';
import type { RepoRef } from './context.js';
import { GitHubApiError, isPermissionDenied } from './errors.js';

/** Who comments with the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT = 'github-actions[bot]';

/** GitHub rejects comments longer than this. */
export const COMMENT_LIMIT = 65_536;

export interface IssueComment {
  id: number;
  body: string;
  user: { login: string; type?: string } | null;
}

export type CommentOutcome = 'created' | 'updated' | 'unchanged' | 'none';

/**
 * The login this token comments as: `GET /user` for a personal or app user token; installation
 * tokens (GITHUB_TOKEN) may not call it, and comment as `github-actions[bot]`.
 */
export async function resolveIdentity(client: GitHubClient, fallback = ACTIONS_BOT): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return typeof data?.login === 'string' && data.login !== '' ? data.login : fallback;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404) return fallback;
    throw new GitHubApiError('cannot tell which account this token comments as', err);
  }
}

export function isStickyComment(comment: IssueComment, marker: string, identity: string): boolean {
  return (
    typeof comment.body === 'string' &&
    comment.body.startsWith(marker) &&
    comment.user !== null &&
    comment.user.login.toLowerCase() === identity.toLowerCase()
  );
}

export async function findStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  marker: string,
  identity: string,
): Promise<IssueComment | null> {
  let comments: IssueComment[];
  try {
    const listed = await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
    comments = listed.map((c) => ({ id: c.id, body: c.body ?? '', user: c.user ? { login: c.user.login, type: c.user.type } : null }));
  } catch (err) {
    throw new GitHubApiError(`cannot list the comments of pull request #${issueNumber}`, err);
  }
  // The oldest one is the sticky comment; it keeps its place in the conversation.
  return comments.find((c) => isStickyComment(c, marker, identity)) ?? null;
}

/** Keeps a body under GitHub's limit; the renderer folds first, this is the last line of defence. */
export function clampCommentBody(body: string): string {
  if (body.length <= COMMENT_LIMIT) return body;
  const note = '\n\n…the rest of this report was cut to fit GitHub\'s comment size limit; the job summary has all of it.\n';
  return body.slice(0, COMMENT_LIMIT - note.length - 16) + note;
}

export interface UpsertOptions {
  marker: string;
  identity: string;
  /** False when there is nothing to say unless a comment already exists (no LB config changed). */
  createIfMissing: boolean;
}

export async function upsertStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  options: UpsertOptions,
): Promise<{ outcome: CommentOutcome; id?: number }> {
  const text = clampCommentBody(body);
  const existing = await findStickyComment(client, repo, issueNumber, options.marker, options.identity);
  try {
    if (existing) {
      if (existing.body === text) return { outcome: 'unchanged', id: existing.id };
      await client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text });
      return { outcome: 'updated', id: existing.id };
    }
    if (!options.createIfMissing) return { outcome: 'none' };
    const { data } = await client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: text });
    return { outcome: 'created', id: data.id };
  } catch (err) {
    if (isPermissionDenied(err)) throw err;
    throw new GitHubApiError(`cannot ${existing ? 'update' : 'create'} the lb-gate comment on pull request #${issueNumber}`, err);
  }
}
