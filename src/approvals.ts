// Approvals: which reviews count toward the gate's required number, and in words why each
// reviewer counted or not. Pure: the reviews come from the API layer as plain data.

import type { ApprovalPolicy } from './config/types.js';
import type { ApprovalReport, ReviewerVerdict } from './gate-types.js';

/** The fields of a pull request review (`GET /pulls/{n}/reviews`) that decide an approval. */
export interface Review {
  user: { login: string; type?: string } | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  /** The commit the review was submitted on. */
  commit_id?: string | null;
  /** OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE … */
  author_association?: string;
}

export interface PullFacts {
  /** Login of the PR author. */
  author: string;
  /** The PR's head commit: only approvals of it count when stale approvals are dismissed. */
  headSha: string;
}

/** Review states that say nothing about approval: a reviewer's earlier decision stands. */
const NON_DECIDING = new Set(['COMMENTED', 'PENDING']);

export function isBot(user: { login: string; type?: string }): boolean {
  return user.type === 'Bot' || user.login.toLowerCase().endsWith('[bot]');
}

function short(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : 'an unknown commit';
}

interface Standing {
  user: { login: string; type?: string };
  association: string;
  /** The latest deciding review, or null when the person only commented. */
  decision: Review | null;
}

/** Each reviewer once, in order of their first review, with their latest deciding review. */
function standings(reviews: Review[]): Standing[] {
  const byLogin = new Map<string, Standing>();
  // The API lists reviews oldest first, so a later review overrides an earlier one.
  for (const review of reviews) {
    if (!review.user || typeof review.user.login !== 'string') continue;
    const key = review.user.login.toLowerCase();
    let standing = byLogin.get(key);
    if (!standing) {
      standing = { user: review.user, association: '', decision: null };
      byLogin.set(key, standing);
    }
    const state = String(review.state ?? '').toUpperCase();
    if (NON_DECIDING.has(state)) continue;
    standing.decision = { ...review, state };
    standing.association = String(review.author_association ?? '').toUpperCase();
  }
  return [...byLogin.values()];
}

/** Why a reviewer cannot count or block at all, or null when they are eligible. */
function ineligibility(standing: Standing, facts: PullFacts, policy: ApprovalPolicy): string | null {
  const { user } = standing;
  if (user.login.toLowerCase() === facts.author.toLowerCase()) return 'PR author: nobody approves their own change';
  if (isBot(user)) return 'bot: automated reviews never count';
  const allowed = policy.associations.map((a) => a.toUpperCase());
  if (!allowed.includes(standing.association)) {
    const association = standing.association || 'an unknown association';
    return `${association} is not an allowed association (${allowed.join(', ') || 'none allowed'})`;
  }
  return null;
}

function judge(standing: Standing, facts: PullFacts, policy: ApprovalPolicy): ReviewerVerdict & { blocks: boolean } {
  const login = standing.user.login;
  const decision = standing.decision;
  if (!decision) return { login, state: 'COMMENTED', counted: false, blocks: false, reason: 'commented without approving' };
  const state = decision.state;
  const notEligible = ineligibility(standing, facts, policy);
  if (notEligible) {
    const suffix = state === 'CHANGES_REQUESTED' ? '; their request for changes does not block' : '';
    return { login, state, counted: false, blocks: false, reason: notEligible + suffix };
  }
  switch (state) {
    case 'APPROVED': {
      const onHead = (decision.commit_id ?? '').toLowerCase() === facts.headSha.toLowerCase();
      if (onHead) return { login, state, counted: true, blocks: false, reason: 'approved the head commit' };
      if (policy.dismissStale) {
        return {
          login,
          state,
          counted: false,
          blocks: false,
          reason: `stale: approved ${short(decision.commit_id)}, not the head commit ${short(facts.headSha)}`,
        };
      }
      return { login, state, counted: true, blocks: false, reason: `approved ${short(decision.commit_id)} (stale approvals count)` };
    }
    case 'CHANGES_REQUESTED':
      return { login, state, counted: false, blocks: true, reason: 'requested changes: blocks until they approve or the review is dismissed' };
    case 'DISMISSED':
      return { login, state, counted: false, blocks: false, reason: 'their review was dismissed' };
    default:
      return { login, state, counted: false, blocks: false, reason: `review state ${state} is not an approval` };
  }
}

/**
 * Counts approvals: per reviewer the latest review that is not a comment decides; only an
 * APPROVED one from an eligible person (not the author, not a bot, an allowed association, on
 * the head commit when stale approvals are dismissed) counts, once per person.
 */
export function countApprovals(reviews: Review[], facts: PullFacts, policy: ApprovalPolicy, required: number): ApprovalReport {
  const reviewers: ReviewerVerdict[] = [];
  const changesRequested: string[] = [];
  for (const standing of standings(reviews)) {
    const { blocks, ...verdict } = judge(standing, facts, policy);
    if (blocks) changesRequested.push(verdict.login);
    reviewers.push(verdict);
  }
  return {
    required,
    approved: reviewers.filter((r) => r.counted).length,
    changesRequested,
    reviewers,
  };
}
