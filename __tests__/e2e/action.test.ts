// End to end: the built action against a fake GitHub API on 127.0.0.1, as a runner runs it.
// Needs `npm run build` first (the tests say so when dist/index.js is missing).

import { afterAll, beforeAll, describe, it } from 'vitest';
import { gitRepoWithCommits, removeDir } from '../github/git-repo.js';
import { ACTIONS_BOT, startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type FakeReview } from './fake-github.js';
import { BASE, HEAD, OLD, TOKEN, assertBuilt, fixture, pullEvent, runAction } from './harness.js';

const MARKER = '<!-- lb-gate:comment -->';
const CFG = 'lb/haproxy.cfg';
const POLICY = '.github/lb-gate.yml';
const RUN_URL = 'https://github.example/acme/edge/actions/runs/4242';

const base = fixture('haproxy/base.cfg');
const safe = fixture('haproxy/safe.cfg');
const first = fixture('haproxy/first.cfg');

/** Markdown as a reader sees it: backslash escapes and HTML entities undone. */
function plain(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~&@:])/g, '$1')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function approval(login: string, extra: Partial<FakeReview> = {}): FakeReview {
  return { user: { login }, state: 'APPROVED', commit_id: HEAD, author_association: 'MEMBER', ...extra };
}

/** A PR changing lb/haproxy.cfg from `before` to `after`, with the base policy in place. */
function prChanging(after: string, extra: FakeGitHubOptions = {}): FakeGitHubOptions {
  return {
    files: [{ filename: CFG, status: 'modified' }],
    commits: {
      [BASE]: { [CFG]: base, [POLICY]: fixture('policy/base.yml'), 'README.md': '# edge\n' },
      [HEAD]: { [CFG]: after, [POLICY]: fixture('policy/base.yml'), 'README.md': '# edge\n' },
    },
    ...extra,
  };
}

const servers: FakeGitHub[] = [];
async function fakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const fake = await startFakeGitHub(options);
  servers.push(fake);
  return fake;
}

// Tests run concurrently, so servers are closed once all of them are done.
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

beforeAll(() => assertBuilt());

describe('lb-gate action, end to end', () => {
  it.concurrent('passes a safe change approved on the head commit, and reports it everywhere', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(safe, { reviews: [approval('alice')] }));
    const run = await runAction(fake);

    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', 'required-approvals': '1', approvals: '1' });
    expect(['low', 'none']).toContain(run.outputs.risk);
    expect(run.report).toMatchObject({ result: 'pass', approvals: { approved: 1, required: 1, changesRequested: [] } });
    expect((run.report!.files as { path: string; status: string }[]).map((f) => [f.path, f.status])).toEqual([[CFG, 'modified']]);

    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0].body.startsWith(MARKER)).toBe(true);
    expect(fake.comments[0].body).toContain('alice');
    expect(fake.statuses).toEqual([
      expect.objectContaining({ sha: HEAD, state: 'success', context: 'lb-gate', target_url: RUN_URL }),
    ]);
    expect(fake.statuses[0].description!.length).toBeLessThanOrEqual(140);
    expect(plain(run.summary)).toContain('lb-gate: pass');
    expect(plain(run.summary)).toContain('lb/haproxy.cfg');

    // Every request carried the token; no line of the log shows it (the mask command aside).
    expect(fake.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
    const leaked = (run.stdout + run.stderr).split('\n').filter((l) => l.includes(TOKEN) && !l.startsWith('::add-mask::'));
    expect(leaked).toEqual([]);
  });

  it.concurrent('fails when all traffic goes to one server, with the critical finding in the comment', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(first, { reviews: [approval('alice'), approval('bob')] }));
    const run = await runAction(fake);

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', risk: 'critical', 'required-approvals': '2', approvals: '2' });
    expect(Number(run.outputs.findings)).toBeGreaterThan(0);
    const comment = plain(fake.comments[0].body);
    expect(fake.comments[0].body.startsWith(MARKER)).toBe(true);
    expect(comment).toContain('traffic-concentration');
    expect(comment).toContain("Member 'web1' (10.0.1.11:8080) of pool 'web' would receive 100% of the pool's requests");
    expect(fake.statuses.map((s) => s.state)).toEqual(['failure']);
    expect(fake.statuses[0].description).toMatch(/critical risk/);

    const error = run.annotations.find((a) => a.level === 'error' && a.properties.title === 'lb-gate traffic-concentration');
    expect(error?.properties.file).toBe(CFG);
    expect(Number(error?.properties.line)).toBeGreaterThan(0);
    expect(run.stdout).toContain("::error::lb-gate blocks this pull request: 1 finding blocks the merge (fail-on: error blocks errors).");
  });

  it.concurrent('updates the same comment when it runs again: one POST, then PATCH', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(first, { reviews: [approval('alice')] }));
    const firstRun = await runAction(fake, { runId: '1' });
    expect(firstRun.code).toBe(1);
    // The author fixes the change and pushes; a review event re-runs the gate too.
    const second = await runAction(fake, { runId: '2', event: pullEvent({ action: 'submitted' }), eventName: 'pull_request_review' });
    expect(second.code).toBe(1);

    expect(fake.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    const patches = fake.requestsTo('PATCH', /\/issues\/comments\/\d+$/);
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toBe(`/repos/acme/edge/issues/comments/${fake.comments[0].id}`);
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0].body).toContain('/actions/runs/2');
    expect(fake.statuses).toHaveLength(2);
  });

  it.concurrent('does not count self-approval, stale, bot, outsider approvals or an approval later turned into changes requested', async ({ expect }) => {
    const fake = await fakeGitHub(
      prChanging(safe, {
        reviews: [
          approval('dana'), // the PR author
          approval('erin', { commit_id: OLD }), // before the last push
          approval('dependabot[bot]', { user: { login: 'dependabot[bot]', type: 'Bot' } }),
          approval('frank', { author_association: 'CONTRIBUTOR' }),
          approval('alice'),
          { user: { login: 'alice' }, state: 'CHANGES_REQUESTED', commit_id: HEAD, author_association: 'MEMBER' },
          { user: { login: 'alice' }, state: 'COMMENTED', commit_id: HEAD, author_association: 'MEMBER' },
        ],
      }),
    );
    const run = await runAction(fake);

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', approvals: '0', 'required-approvals': '1' });
    const approvals = run.report!.approvals as { changesRequested: string[]; reviewers: { login: string; counted: boolean; reason: string }[] };
    expect(approvals.changesRequested).toEqual(['alice']);
    const reasons = Object.fromEntries(approvals.reviewers.map((r) => [r.login, r.reason]));
    expect(reasons).toEqual({
      dana: 'PR author: nobody approves their own change',
      erin: `stale: approved aaaaaaa, not the head commit ccccccc`,
      'dependabot[bot]': 'bot: automated reviews never count',
      frank: 'CONTRIBUTOR is not an allowed association (OWNER, MEMBER, COLLABORATOR)',
      alice: 'requested changes: blocks until they approve or the review is dismissed',
    });
    expect(approvals.reviewers.every((r) => !r.counted)).toBe(true);
    const comment = plain(fake.comments[0].body);
    for (const login of ['dana', 'erin', 'dependabot', 'frank', 'alice']) expect(comment).toContain(login);
    expect(fake.statuses[0].state).toBe('failure');
    expect(fake.statuses[0].description).toContain('changes requested');
  });

  it.concurrent('judges a PR that loosens .github/lb-gate.yml by the base policy', async ({ expect }) => {
    const fake = await fakeGitHub({
      files: [
        { filename: POLICY, status: 'modified' },
        { filename: CFG, status: 'modified' },
      ],
      commits: {
        [BASE]: { [CFG]: base, [POLICY]: fixture('policy/base.yml') },
        [HEAD]: { [CFG]: first, [POLICY]: fixture('policy/loosened.yml') },
      },
      reviews: [approval('alice')],
    });
    const run = await runAction(fake);

    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', risk: 'critical', 'required-approvals': '2' });
    expect(plain(fake.comments[0].body)).toContain('traffic-concentration');
    const policyReads = fake.requestsTo('GET', /\/contents\/\.github\/lb-gate\.yml$/);
    expect(policyReads.map((r) => r.query.ref)).toEqual([BASE]);
  });

  it.concurrent('judges added, removed and renamed files, reading each side only where it exists', async ({ expect }) => {
    const fake = await fakeGitHub({
      files: [
        { filename: 'lb/haproxy-new.cfg', status: 'added' },
        { filename: 'lb/haproxy-old.cfg', status: 'removed' },
        { filename: 'lb/haproxy-edge.cfg', status: 'renamed', previous_filename: 'lb/haproxy-legacy.cfg' },
        { filename: 'docs/runbook.md', status: 'modified' },
      ],
      commits: {
        [BASE]: { 'lb/haproxy-old.cfg': base, 'lb/haproxy-legacy.cfg': base, 'docs/runbook.md': 'a' },
        [HEAD]: { 'lb/haproxy-new.cfg': safe, 'lb/haproxy-edge.cfg': safe, 'docs/runbook.md': 'b' },
      },
      reviews: [approval('alice'), approval('bob')],
      maxPerPage: 2,
    });
    const run = await runAction(fake);

    const files = (run.report!.files as { path: string; status: string; previousPath?: string }[]).map((f) => ({
      path: f.path,
      status: f.status,
      ...(f.previousPath ? { previousPath: f.previousPath } : {}),
    }));
    expect(files).toEqual([
      { path: 'lb/haproxy-new.cfg', status: 'added' },
      { path: 'lb/haproxy-old.cfg', status: 'removed' },
      { path: 'lb/haproxy-edge.cfg', status: 'renamed', previousPath: 'lb/haproxy-legacy.cfg' },
    ]);
    const reads = fake
      .requestsTo('GET', /\/contents\/lb\//)
      .map((r) => `${r.query.ref === BASE ? 'base' : 'head'}:${r.path.replace('/repos/acme/edge/contents/', '')}`)
      .sort();
    expect(reads).toEqual(['base:lb/haproxy-legacy.cfg', 'base:lb/haproxy-old.cfg', 'head:lb/haproxy-edge.cfg', 'head:lb/haproxy-new.cfg']);
    expect(fake.requestsTo('GET', /runbook/)).toEqual([]);
    expect(fake.requestsTo('GET', /\/pulls\/7\/files$/)).toHaveLength(2);
    expect(plain(fake.comments[0].body)).toContain('lb/haproxy-old.cfg');
    expect(fake.statuses).toHaveLength(1);
  });

  it.concurrent('retries a 500 and still judges the PR', async ({ expect }) => {
    const fake = await fakeGitHub(
      prChanging(safe, {
        reviews: [approval('alice')],
        faults: [
          { method: 'GET', path: /\/pulls\/7\/files$/, status: 500, times: 1 },
          { method: 'GET', path: /\/contents\/lb\/haproxy\.cfg$/, status: 502, times: 1 },
          { method: 'POST', path: /\/statuses\//, status: 503, times: 1 },
        ],
      }),
    );
    const run = await runAction(fake);

    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(fake.requestsTo('GET', /\/pulls\/7\/files$/)).toHaveLength(2);
    expect(fake.requestsTo('POST', /\/statuses\//)).toHaveLength(2);
    expect(fake.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it.concurrent('waits out a secondary rate limit as retry-after asks', async ({ expect }) => {
    const fake = await fakeGitHub(
      prChanging(safe, {
        reviews: [approval('alice')],
        faults: [
          {
            method: 'GET',
            path: /\/pulls\/7\/reviews$/,
            status: 403,
            times: 1,
            headers: { 'retry-after': '1' },
            body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
          },
        ],
      }),
    );
    const run = await runAction(fake);
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', approvals: '1' });
    expect(fake.requestsTo('GET', /\/reviews$/)).toHaveLength(2);
  });

  it.concurrent('reads the files an nginx config includes, at each side', async ({ expect }) => {
    const nginxBefore = fixture('../../fixtures/nginx/site-before/nginx.conf');
    const upstreams = fixture('../../fixtures/nginx/site-before/conf.d/upstreams.conf');
    const nginxAfter = nginxBefore.replace('keepalive_timeout 65;', 'keepalive_timeout 75;');
    const fake = await fakeGitHub({
      files: [{ filename: 'shop/nginx/nginx.conf', status: 'modified' }],
      commits: {
        [BASE]: { 'shop/nginx/nginx.conf': nginxBefore, 'shop/nginx/conf.d/upstreams.conf': upstreams },
        [HEAD]: { 'shop/nginx/nginx.conf': nginxAfter, 'shop/nginx/conf.d/upstreams.conf': upstreams },
      },
      reviews: [approval('alice')],
    });
    const run = await runAction(fake);

    const includeReads = fake.requestsTo('GET', /\/contents\/shop\/nginx\/conf\.d\/upstreams\.conf$/).map((r) => r.query.ref);
    expect(includeReads.sort()).toEqual([BASE, HEAD]);
    // With the upstreams read, proxy_pass targets resolve: no dangling reference.
    const rules = (run.report!.findings as { rule: string }[]).map((f) => f.rule);
    expect(rules).not.toContain('dangling-reference');
    expect(run.outputs.result, run.stdout).toBe('pass');
  });

  it.concurrent('fails the step with a clear message when GitHub keeps failing, never a pass', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(safe, { reviews: [approval('alice')], faults: [{ path: /\/pulls\/7\/files$/, status: 500, times: 99 }] }));
    const run = await runAction(fake);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::lb-gate could not finish: cannot list the files of pull request #7: GET /repos/acme/edge/pulls/7/files answered 500',
    );
    expect(run.outputs.result).toBeUndefined();
    // An earlier success on this commit must not stand.
    expect(fake.statuses.map((s) => s.state)).toEqual(['error']);
    expect(fake.comments).toEqual([]);
  });

  it.concurrent('on a fork PR whose token may not comment or set statuses: warns, keeps outputs, summary and exit code', async ({ expect }) => {
    const forbidden = { message: 'Resource not accessible by integration' };
    const fake = await fakeGitHub(
      prChanging(safe, {
        reviews: [approval('alice')],
        faults: [
          { method: 'POST', path: /\/issues\/7\/comments$/, status: 403, times: 99, body: forbidden },
          { method: 'POST', path: /\/statuses\//, status: 403, times: 99, body: forbidden },
        ],
      }),
    );
    const run = await runAction(fake, { event: pullEvent({ fork: true, action: 'opened' }) });

    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', approvals: '1', 'required-approvals': '1' });
    expect(run.report).toMatchObject({ result: 'pass' });
    expect(plain(run.summary)).toContain('lb/haproxy.cfg');
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings.some((w) => w.includes('may not write the PR comment') && w.includes('comes from a fork'))).toBe(true);
    expect(warnings.some((w) => w.includes('may not write the commit status'))).toBe(true);
    expect(fake.comments).toEqual([]);
    // Permission errors are not retried.
    expect(fake.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
  });

  it.concurrent('fails a fork PR whose change fails, even when it cannot comment', async ({ expect }) => {
    const fake = await fakeGitHub(
      prChanging(first, { reviews: [], faults: [{ method: 'POST', path: /\/issues\/7\/comments$/, status: 403, times: 99 }] }),
    );
    const run = await runAction(fake, { event: pullEvent({ fork: true }) });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(fake.statuses.map((s) => s.state)).toEqual(['failure']);
  });

  it.concurrent("never edits a person's comment that quotes the marker", async ({ expect }) => {
    const quoted = `${MARKER}\n> quoting the bot: is this really critical?`;
    const fake = await fakeGitHub(
      prChanging(safe, { reviews: [approval('alice')], comments: [{ id: 1, body: quoted, user: { login: 'alice', type: 'User' } }] }),
    );
    const run = await runAction(fake);

    expect(run.code).toBe(0);
    expect(fake.requestsTo('PATCH')).toEqual([]);
    expect(fake.comments.map((c) => [c.user.login, c.body.startsWith(MARKER)])).toEqual([
      ['alice', true],
      ['github-actions[bot]', true],
    ]);
    expect(fake.comments[0].body).toBe(quoted);
  });

  it.concurrent('finds its comment by the identity GET /user reports for a user token', async ({ expect }) => {
    const machine = { login: 'edge-ci', type: 'User' as const };
    const fake = await fakeGitHub(
      prChanging(safe, {
        viewer: machine,
        commenter: machine,
        reviews: [approval('alice')],
        comments: [
          { id: 1, body: `${MARKER}\nold report by someone else`, user: ACTIONS_BOT },
          { id: 2, body: `${MARKER}\nold report`, user: machine },
        ],
      }),
    );
    const run = await runAction(fake);
    expect(run.code).toBe(0);
    expect(fake.requestsTo('PATCH').map((r) => r.path)).toEqual(['/repos/acme/edge/issues/comments/2']);
    expect(fake.comments[0].body).toBe(`${MARKER}\nold report by someone else`);
  });

  it.concurrent('does nothing but a notice on an event that is not a pull request', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(first));
    const run = await runAction(fake, { eventName: 'push', event: { ref: 'refs/heads/main', after: HEAD } });

    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([]);
    expect(run.annotations.map((a) => a.level)).toEqual(['notice']);
    expect(run.annotations[0].message).toContain('"push" event');
  });

  it.concurrent('does nothing on a pull request action that cannot change the verdict', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(first));
    const run = await runAction(fake, { event: pullEvent({ action: 'labeled' }) });
    expect(run.code).toBe(0);
    expect(fake.requests).toEqual([]);
  });

  it.concurrent('passes a PR that touches no load-balancer config: success status, no new comment', async ({ expect }) => {
    const fake = await fakeGitHub({
      files: [{ filename: 'docs/runbook.md', status: 'modified' }],
      commits: { [BASE]: { 'docs/runbook.md': 'a' }, [HEAD]: { 'docs/runbook.md': 'b' } },
    });
    const run = await runAction(fake);

    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', 'required-approvals': '0', approvals: '0', findings: '0' });
    expect(fake.statuses).toEqual([expect.objectContaining({ state: 'success', context: 'lb-gate', description: 'no load-balancer config changed' })]);
    expect(fake.requestsTo('POST', /comments/)).toEqual([]);
    expect(fake.requestsTo('GET', /\/reviews$/)).toEqual([]);
  });

  it.concurrent('updates an existing lb-gate comment when the PR no longer touches load-balancer config', async ({ expect }) => {
    const fake = await fakeGitHub({
      files: [{ filename: 'docs/runbook.md', status: 'modified' }],
      commits: { [BASE]: { 'docs/runbook.md': 'a' }, [HEAD]: { 'docs/runbook.md': 'b' } },
      comments: [{ id: 9, body: `${MARKER}\n## ❌ lb-gate: fail`, user: ACTIONS_BOT }],
    });
    const run = await runAction(fake);

    expect(run.code).toBe(0);
    expect(fake.requestsTo('PATCH').map((r) => r.path)).toEqual(['/repos/acme/edge/issues/comments/9']);
    expect(fake.comments[0].body.startsWith(MARKER)).toBe(true);
    expect(plain(fake.comments[0].body)).toContain('no load-balancer config changed');
    expect(fake.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it.concurrent('reads contents from a local checkout that has both commits: no content requests', async ({ expect }) => {
    const repo = gitRepoWithCommits([
      { [CFG]: base, [POLICY]: fixture('policy/base.yml') },
      { [CFG]: safe, [POLICY]: fixture('policy/base.yml') },
    ]);
    try {
      const [baseSha, headSha] = repo.shas;
      const fake = await fakeGitHub({
        files: [{ filename: CFG, status: 'modified' }],
        reviews: [approval('alice', { commit_id: headSha })],
      });
      const run = await runAction(fake, { workspace: repo.dir, event: pullEvent({ base: baseSha, head: headSha }) });

      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({ result: 'pass', approvals: '1' });
      expect(fake.requestsTo('GET', /\/contents\//)).toEqual([]);
      expect(fake.requestsTo('GET', /\/git\/blobs\//)).toEqual([]);
      expect(fake.statuses).toEqual([expect.objectContaining({ sha: headSha, state: 'success' })]);
    } finally {
      removeDir(repo.dir);
    }
  });

  it.concurrent('fails the step on an invalid input before any API call', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(safe));
    const run = await runAction(fake, { inputs: { 'fail-on': 'sometimes' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::lb-gate could not finish: input fail-on must be one of error, warning, never; got "sometimes"');
    expect(fake.requests).toEqual([]);
  });

  it.concurrent('honours the inputs: paths, fail-on never (approvals still block), no comment, own status context', async ({ expect }) => {
    const options = (reviews: FakeReview[]): FakeGitHubOptions => ({
      files: [{ filename: 'edge/lb.cfg', status: 'modified' }],
      commits: { [BASE]: { 'edge/lb.cfg': base }, [HEAD]: { 'edge/lb.cfg': first } },
      reviews,
    });
    const inputs = { paths: 'edge/*.cfg', 'fail-on': 'never', comment: 'false', 'status-context': 'lb-gate/edge' };

    const approved = await fakeGitHub(options([approval('alice'), approval('bob')]));
    const run = await runAction(approved, { inputs });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', risk: 'critical', 'required-approvals': '2', approvals: '2' });
    expect(Number(run.outputs.findings)).toBeGreaterThan(0);
    expect(approved.requests.some((r) => r.path.includes('/comments') || r.path === '/user')).toBe(false);
    expect(approved.statuses.map((s) => [s.context, s.state])).toEqual([['lb-gate/edge', 'success']]);
    expect(run.outputs.report).toMatch(/lb-gate-edge-report\.json$/);

    const underApproved = await fakeGitHub(options([approval('alice')]));
    const blocked = await runAction(underApproved, { inputs });
    expect(blocked.code).toBe(1);
    expect(blocked.outputs).toMatchObject({ result: 'fail', approvals: '1', 'required-approvals': '2' });
  });

  it.concurrent('raises required approvals with the input, never lowers them below the policy', async ({ expect }) => {
    const fake = await fakeGitHub(prChanging(safe, { reviews: [approval('alice')] }));
    const raised = await runAction(fake, { inputs: { 'required-approvals': '3' } });
    expect(raised.outputs).toMatchObject({ result: 'fail', 'required-approvals': '3', approvals: '1' });
    const lowered = await runAction(fake, { inputs: { 'required-approvals': '0' } });
    expect(lowered.outputs).toMatchObject({ result: 'pass', 'required-approvals': '1' });
  });
});
