// The action from event to verdict: reads the PR through the API (or the checkout), runs the
// pure gate, counts approvals, and reports through every channel. Every API failure either
// fails the step with a message or, for a missing permission, warns; nothing fails silently
// and nothing passes that was not judged.

import * as core from '@actions/core';
import { countApprovals } from '../approvals.js';
import { loadPolicy, mergePolicyOverrides } from '../config/load-policy.js';
import type { Policy } from '../config/types.js';
import type { ApprovalReport, GateFile, GateResult } from '../gate-types.js';
import { runGate } from '../gate.js';
import { COMMENT_MARKER, renderComment, renderNoChanges, renderSummary } from '../report/markdown.js';
import { statusDescription } from '../report/status-line.js';
import { parseUserSchemas } from '../validate/file-schemas.js';
import { finalVerdict, type Verdict } from '../verdict.js';
import { createClient, retryBaseFromEnv, type GitHubClient } from './client.js';
import { ACTIONS_BOT, resolveIdentity, upsertStickyComment } from './comment.js';
import { chooseContentReader, type ContentReader } from './contents.js';
import { decideEvent, readEvent, readRunEnvironment, type PullRequestFacts, type RunEnvironment } from './context.js';
import { describeApiError, isPermissionDenied } from './errors.js';
import { PULL_FILES_LIMIT, listPullFiles, selectConfigFiles, type ChangedFile } from './files.js';
import { prefetchIncludes } from './includes.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { mapLimit } from './map-limit.js';
import { annotate, setOutputs, writeJsonReport, writeSummary } from './publish.js';
import { listReviews } from './reviews.js';
import { setCommitStatus, type StatusState } from './status.js';

/** Content reads in flight at once. */
const READ_CONCURRENCY = 8;

interface Run {
  env: NodeJS.ProcessEnv;
  ctx: RunEnvironment;
  pull: PullRequestFacts;
  inputs: ActionInputs;
  client: GitHubClient;
}

/**
 * PR-controlled text for a plain log line: a path with a newline could otherwise start a line
 * the runner reads as a workflow command. (Annotations and failures are escaped by core.)
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The input overrides on the base policy; an approvals input can raise the bar, never lower it. */
export function applyInputs(policy: Policy, inputs: Pick<ActionInputs, 'paths' | 'failOn' | 'requiredApprovals'>): Policy {
  return mergePolicyOverrides(policy, {
    ...(inputs.paths ? { paths: inputs.paths } : {}),
    ...(inputs.failOn ? { failOn: inputs.failOn } : {}),
    ...(inputs.requiredApprovals !== undefined
      ? { requiredApprovals: Math.max(inputs.requiredApprovals, policy.approvals.required) }
      : {}),
  });
}

/** Base and head texts of each changed config; the status follows what actually exists. */
async function readFiles(changed: ChangedFile[], reader: ContentReader, pull: PullRequestFacts): Promise<GateFile[]> {
  const read = await mapLimit(changed, READ_CONCURRENCY, async (file): Promise<GateFile | null> => {
    const before = file.status === 'added' ? null : await reader.read(pull.baseSha, file.previousPath ?? file.path);
    const after = file.status === 'removed' ? null : await reader.read(pull.headSha, file.path, file.headBlobSha);
    if (before === null && after === null) {
      core.warning(`${file.path} is listed as ${file.status} but exists at neither the base nor the head commit; it was skipped.`);
      return null;
    }
    if (before === null) return { path: file.path, status: 'added', before, after };
    if (after === null) return { path: file.previousPath ?? file.path, status: 'removed', before, after };
    return { path: file.path, ...(file.previousPath ? { previousPath: file.previousPath } : {}), status: file.status === 'added' ? 'modified' : file.status, before, after };
  });
  return read.filter((f): f is GateFile => f !== null);
}

/** User schemas mapped by the policy, read and parsed at the base; an unreadable one is left to the gate to report. */
async function readSchemas(policy: Policy, reader: ContentReader, baseSha: string): Promise<Record<string, unknown>> {
  const paths = [...new Set(policy.schemas.map((s) => s.schema))];
  const texts = await mapLimit(paths, READ_CONCURRENCY, async (path) => [path, await reader.read(baseSha, path)] as const);
  return parseUserSchemas(texts);
}

async function commentIdentity(run: Run): Promise<string> {
  return run.env.LB_GATE_COMMENT_AUTHOR || (await resolveIdentity(run.client, ACTIONS_BOT));
}

/** Runs one API report (comment or status); a missing permission warns, anything else is collected. */
async function report(what: 'comment' | 'status', run: Run, work: () => Promise<unknown>, problems: string[]): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (isPermissionDenied(err)) {
      const fork = run.pull.fromFork ? 'This pull request comes from a fork, and its GITHUB_TOKEN is read-only. ' : '';
      const consequence =
        what === 'comment'
          ? 'No PR comment was written; the job summary, annotations and outputs carry the full report.'
          : `The "${run.inputs.statusContext}" commit status was not set, so a required check of that name will not report on this commit; the step result still reflects the verdict.`;
      core.warning(
        `lb-gate may not write the ${what === 'comment' ? 'PR comment' : 'commit status'} (${describeApiError(err)}). ${fork}${consequence} ` +
          'Grant pull-requests: write and statuses: write, or see the README for fork pull requests.',
      );
      return;
    }
    problems.push(errorMessage(err));
  }
}

function status(run: Run, state: StatusState, description: string): Promise<void> {
  return setCommitStatus(run.client, run.ctx.repo, run.pull.headSha, {
    state,
    context: run.inputs.statusContext,
    description,
    ...(run.ctx.runUrl ? { targetUrl: run.ctx.runUrl } : {}),
  });
}

function failWith(verdict: Verdict, problems: string[]): void {
  const lines: string[] = [];
  if (verdict.result === 'fail') lines.push(`lb-gate blocks this pull request: ${verdict.reasons.join('; ')}.`);
  if (problems.length > 0) lines.push(`lb-gate could not report everything: ${problems.join('; ')}`);
  if (lines.length > 0) core.setFailed(lines.join('\n'));
}

/** No LB config changed: a success status, and an existing lb-gate comment says so. No new comment. */
async function noConfigChanged(run: Run, policy: Policy, policyFindings: ReturnType<typeof loadPolicy>['findings']): Promise<void> {
  core.info(`No changed file matches the load-balancer paths (${printable(policy.paths.join(', '))}); nothing to judge.`);
  // A broken base policy must not block every unrelated PR, but it must be seen.
  for (const f of policyFindings) core.warning(`${f.message}`, { title: `lb-gate ${f.rule}`, file: f.file, ...(f.line ? { startLine: f.line } : {}) });
  const gate: GateResult = { ...runGate({ files: [], policy }), requiredApprovals: 0 };
  const approvals: ApprovalReport = { required: 0, approved: 0, changesRequested: [], reviewers: [] };
  const verdict: Verdict = { result: 'pass', reasons: [] };
  const body = renderNoChanges({ runUrl: run.ctx.runUrl });
  await writeSummary(body);
  const reportPath = writeJsonReport(run.ctx.tempDir, run.inputs.statusContext, gate, approvals, verdict);
  setOutputs({ result: 'pass', risk: gate.risk, requiredApprovals: 0, approvals: 0, findings: 0, report: reportPath });

  const problems: string[] = [];
  if (run.inputs.comment) {
    await report('comment', run, async () => {
      const identity = await commentIdentity(run);
      const { outcome } = await upsertStickyComment(run.client, run.ctx.repo, run.pull.number, body, { marker: COMMENT_MARKER, identity, createIfMissing: false });
      if (outcome === 'updated') core.info('Updated the lb-gate comment: this PR no longer changes load-balancer config.');
    }, problems);
  }
  await report('status', run, () => status(run, 'success', statusDescription(null)), problems);
  failWith(verdict, problems);
}

async function judge(run: Run): Promise<void> {
  const { ctx, pull, inputs, client } = run;
  const reader = await chooseContentReader(client, ctx.repo, ctx.workspace, [pull.baseSha, pull.headSha]);
  core.info(
    reader.source === 'git'
      ? `Reading files from the checkout in ${ctx.workspace} (it has both the base and the head commit).`
      : 'Reading files through the GitHub API (the checkout does not have both the base and the head commit).',
  );

  // The policy comes from the base: a PR cannot loosen the gate that judges it.
  const policyText = await reader.read(pull.baseSha, inputs.configPath);
  if (policyText === null) core.info(`No ${inputs.configPath} at the base commit ${pull.baseSha.slice(0, 7)}; using the default policy.`);
  const loaded = loadPolicy(policyText, inputs.configPath);
  const policy = applyInputs(loaded.policy, inputs);

  const pullFiles = await listPullFiles(client, ctx.repo, pull.number);
  const changedCount = (ctx.payload.pull_request as { changed_files?: unknown } | undefined)?.changed_files;
  if (typeof changedCount === 'number' && changedCount > pullFiles.length && pullFiles.length >= PULL_FILES_LIMIT) {
    throw new Error(
      `this pull request changes ${changedCount} files but GitHub lists only the first ${pullFiles.length}; ` +
        'lb-gate cannot tell whether the rest include load-balancer config. Split the pull request.',
    );
  }
  const changed = selectConfigFiles(pullFiles, policy.paths);
  if (changed.length === 0) return noConfigChanged(run, policy, loaded.findings);
  core.info(`${changed.length} load-balancer config file(s) changed: ${printable(changed.map((f) => f.path).join(', '))}`);

  const files = await readFiles(changed, reader, pull);
  const readInclude = await prefetchIncludes(files, reader, { before: pull.baseSha, after: pull.headSha });
  const userSchemas = await readSchemas(policy, reader, pull.baseSha);
  const gate = runGate({ files, policy, policyFindings: loaded.findings, readInclude, userSchemas });

  const reviews = await listReviews(client, ctx.repo, pull.number);
  const approvals = countApprovals(reviews, { author: pull.author, headSha: pull.headSha }, policy.approvals, gate.requiredApprovals);
  const verdict = finalVerdict(gate, approvals);

  // What needs no permission first, so a read-only token still gets a complete report.
  annotate(gate.findings);
  await writeSummary(renderSummary(gate, { approvals, runUrl: ctx.runUrl }));
  const reportPath = writeJsonReport(ctx.tempDir, inputs.statusContext, gate, approvals, verdict);
  setOutputs({
    result: verdict.result,
    risk: gate.risk,
    requiredApprovals: approvals.required,
    approvals: approvals.approved,
    findings: gate.findings.length,
    report: reportPath,
  });

  const problems: string[] = [];
  if (inputs.comment) {
    await report('comment', run, async () => {
      const identity = await commentIdentity(run);
      const body = renderComment(gate, { approvals, runUrl: ctx.runUrl });
      const { outcome, id } = await upsertStickyComment(client, ctx.repo, pull.number, body, { marker: COMMENT_MARKER, identity, createIfMissing: true });
      core.info(`lb-gate comment ${outcome}${id ? ` (id ${id})` : ''}.`);
    }, problems);
  }
  const description = statusDescription(gate, approvals);
  await report('status', run, () => status(run, verdict.result === 'pass' ? 'success' : 'failure', description), problems);
  core.info(`lb-gate: ${printable(description)}`);
  failWith(verdict, problems);
}

/** The whole action. Never throws: every failure ends in core.setFailed with a reason. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let run: Run | undefined;
  try {
    const event = readEvent(env);
    const decision = decideEvent(event.eventName, event.payload);
    if (decision.kind === 'skip') {
      core.notice(decision.reason);
      return;
    }
    const inputs = readInputs((name) => core.getInput(name));
    core.setSecret(inputs.token);
    const ctx = readRunEnvironment(env, event);
    const client = createClient(inputs.token, { baseUrl: ctx.apiUrl, retryBaseMs: retryBaseFromEnv(env), warn: (m) => core.warning(m) });
    run = { env, ctx, pull: decision.pull, inputs, client };
    await judge(run);
  } catch (err) {
    const message = errorMessage(err);
    if (run) {
      // An earlier success on this commit must not stand for a run that could not judge it.
      const current = run;
      await report('status', current, () => status(current, 'error', `lb-gate could not finish: ${message}`), []);
    }
    core.setFailed(`lb-gate could not finish: ${message}`);
  }
}
