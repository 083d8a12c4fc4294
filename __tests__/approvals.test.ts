import { describe, expect, it } from 'vitest';
import { countApprovals, isBot, type Review } from '../src/approvals.js';
import type { ApprovalPolicy } from '../src/config/types.js';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const facts = { author: 'dana', headSha: HEAD };
const policy: ApprovalPolicy = { required: 1, byRisk: {}, dismissStale: true, associations: ['OWNER', 'MEMBER', 'COLLABORATOR'] };

function review(login: string, state: string, extra: Partial<Review> & { type?: string } = {}): Review {
  const { type, ...rest } = extra;
  return { user: { login, ...(type ? { type } : {}) }, state, commit_id: HEAD, author_association: 'MEMBER', ...rest };
}

describe('countApprovals', () => {
  it('counts an approval of the head commit by a member', () => {
    const report = countApprovals([review('alice', 'APPROVED')], facts, policy, 2);
    expect(report).toEqual({
      required: 2,
      approved: 1,
      changesRequested: [],
      reviewers: [{ login: 'alice', state: 'APPROVED', counted: true, reason: 'approved the head commit' }],
    });
  });

  it('never counts the PR author, whatever the case of the login', () => {
    const report = countApprovals([review('Dana', 'APPROVED')], facts, policy, 1);
    expect(report.approved).toBe(0);
    expect(report.reviewers[0]).toMatchObject({ login: 'Dana', counted: false, reason: 'PR author: nobody approves their own change' });
  });

  it('never counts a bot, by type or by [bot] login', () => {
    const report = countApprovals(
      [review('renovate', 'APPROVED', { type: 'Bot' }), review('deploy-helper[bot]', 'APPROVED')],
      facts,
      policy,
      1,
    );
    expect(report.approved).toBe(0);
    expect(report.reviewers.map((r) => r.reason)).toEqual(['bot: automated reviews never count', 'bot: automated reviews never count']);
  });

  it('does not count a stale approval when stale approvals are dismissed', () => {
    const report = countApprovals([review('alice', 'APPROVED', { commit_id: OLD })], facts, policy, 1);
    expect(report.approved).toBe(0);
    expect(report.reviewers[0].reason).toBe('stale: approved bbbbbbb, not the head commit aaaaaaa');
  });

  it('counts a stale approval when the policy keeps them', () => {
    const report = countApprovals([review('alice', 'APPROVED', { commit_id: OLD })], facts, { ...policy, dismissStale: false }, 1);
    expect(report.approved).toBe(1);
    expect(report.reviewers[0].reason).toBe('approved bbbbbbb (stale approvals count)');
  });

  it('lets a later CHANGES_REQUESTED override an approval, and blocks', () => {
    const report = countApprovals([review('alice', 'APPROVED'), review('alice', 'CHANGES_REQUESTED')], facts, policy, 1);
    expect(report.approved).toBe(0);
    expect(report.changesRequested).toEqual(['alice']);
    expect(report.reviewers).toHaveLength(1);
    expect(report.reviewers[0].state).toBe('CHANGES_REQUESTED');
  });

  it('keeps a decision through later comments: comments do not decide', () => {
    const approved = countApprovals([review('alice', 'APPROVED'), review('alice', 'COMMENTED')], facts, policy, 1);
    expect(approved.approved).toBe(1);
    const blocked = countApprovals([review('bob', 'CHANGES_REQUESTED'), review('bob', 'COMMENTED'), review('bob', 'PENDING')], facts, policy, 1);
    expect(blocked.changesRequested).toEqual(['bob']);
  });

  it('lets a later approval lift a request for changes', () => {
    const report = countApprovals([review('bob', 'CHANGES_REQUESTED'), review('bob', 'APPROVED')], facts, policy, 1);
    expect(report.changesRequested).toEqual([]);
    expect(report.approved).toBe(1);
  });

  it('cancels an approval that was dismissed', () => {
    const report = countApprovals([review('alice', 'APPROVED', { commit_id: OLD }), review('alice', 'DISMISSED')], facts, policy, 1);
    expect(report.approved).toBe(0);
    expect(report.reviewers[0]).toMatchObject({ state: 'DISMISSED', reason: 'their review was dismissed' });
  });

  it('counts each person once, however many times they approve', () => {
    const report = countApprovals([review('alice', 'APPROVED'), review('ALICE', 'APPROVED'), review('bob', 'APPROVED')], facts, policy, 2);
    expect(report.approved).toBe(2);
    expect(report.reviewers.map((r) => r.login)).toEqual(['alice', 'bob']);
  });

  it('only counts allowed associations, and those can be configured', () => {
    const reviews = [review('outsider', 'APPROVED', { author_association: 'CONTRIBUTOR' })];
    const report = countApprovals(reviews, facts, policy, 1);
    expect(report.approved).toBe(0);
    expect(report.reviewers[0].reason).toBe('CONTRIBUTOR is not an allowed association (OWNER, MEMBER, COLLABORATOR)');
    expect(countApprovals(reviews, facts, { ...policy, associations: ['contributor'] }, 1).approved).toBe(1);
  });

  it('does not let a non-member, a bot or the author block with a request for changes', () => {
    const report = countApprovals(
      [
        review('drive-by', 'CHANGES_REQUESTED', { author_association: 'NONE' }),
        review('lint[bot]', 'CHANGES_REQUESTED'),
      ],
      facts,
      policy,
      1,
    );
    expect(report.changesRequested).toEqual([]);
    expect(report.reviewers[0].reason).toBe('NONE is not an allowed association (OWNER, MEMBER, COLLABORATOR); their request for changes does not block');
  });

  it('lists people who only commented, without counting them', () => {
    const report = countApprovals([review('carol', 'COMMENTED')], facts, policy, 1);
    expect(report.reviewers).toEqual([{ login: 'carol', state: 'COMMENTED', counted: false, reason: 'commented without approving' }]);
  });

  it('skips reviews of deleted accounts', () => {
    const report = countApprovals([{ user: null, state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER' }], facts, policy, 1);
    expect(report.reviewers).toEqual([]);
    expect(report.approved).toBe(0);
  });
});

describe('isBot', () => {
  it('recognises bots by type and by login suffix', () => {
    expect(isBot({ login: 'github-actions[bot]' })).toBe(true);
    expect(isBot({ login: 'ci', type: 'Bot' })).toBe(true);
    expect(isBot({ login: 'robot', type: 'User' })).toBe(false);
  });
});
