// The pull request's reviews (`GET /pulls/{n}/reviews`, every page), oldest first, as the
// plain data the approvals logic judges.

import type { Review } from '../approvals.js';
import type { GitHubClient } from './client.js';
import type { RepoRef } from './context.js';
import { GitHubApiError } from './errors.js';

export async function listReviews(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<Review[]> {
  try {
    const reviews = await client.paginate(client.rest.pulls.listReviews, { ...repo, pull_number: pullNumber, per_page: 100 });
    return reviews.map((r) => ({
      user: r.user ? { login: r.user.login, type: r.user.type } : null,
      state: r.state,
      commit_id: r.commit_id ?? null,
      author_association: r.author_association,
    }));
  } catch (err) {
    throw new GitHubApiError(`cannot list the reviews of pull request #${pullNumber}`, err);
  }
}
