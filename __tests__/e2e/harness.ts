// Runs the built action (dist/index.js) as a child process with the environment a runner
// gives it: the event file, GITHUB_* variables, INPUT_* variables with action.yml's defaults,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Returns what it printed, wrote and exited with.
// LB_GATE_E2E_ENTRY may point at another bundle of src/main.ts (for development only).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { FakeGitHub } from './fake-github.js';

export const ENTRY = process.env.LB_GATE_E2E_ENTRY ?? resolve('dist/index.js');
export const TOKEN = 'ghs_e2eSecretToken0123456789';
export const BASE = 'b'.repeat(40);
export const HEAD = 'c'.repeat(40);
export const OLD = 'a'.repeat(40);
export const FIXTURES = resolve('__tests__/e2e/fixtures');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function assertBuilt(): void {
  if (!existsSync(ENTRY)) {
    throw new Error(`${ENTRY} is missing: run \`npm run build\` before the end-to-end tests (they run the built action).`);
  }
}

export interface PullEvent {
  action?: string;
  number?: number;
  author?: string;
  base?: string;
  head?: string;
  fork?: boolean;
  changedFiles?: number;
}

/** A pull_request (or pull_request_review) payload as GitHub sends it, trimmed to what matters. */
export function pullEvent(e: PullEvent = {}): Record<string, unknown> {
  const number = e.number ?? 7;
  return {
    action: e.action ?? 'synchronize',
    number,
    pull_request: {
      number,
      state: 'open',
      draft: false,
      user: { login: e.author ?? 'dana', type: 'User' },
      base: { ref: 'main', sha: e.base ?? BASE, repo: { full_name: 'acme/edge' } },
      head: { ref: 'lb-change', sha: e.head ?? HEAD, repo: { full_name: e.fork ? 'mallory/edge' : 'acme/edge' } },
      ...(e.changedFiles !== undefined ? { changed_files: e.changedFiles } : {}),
    },
    repository: { full_name: 'acme/edge', name: 'edge', owner: { login: 'acme' } },
  };
}

export interface Annotation {
  level: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** The parsed JSON report the `report` output points at, if any. */
  report: Record<string, unknown> | null;
}

export interface RunOptions {
  eventName?: string;
  event?: Record<string, unknown>;
  /** Inputs by their action.yml names; unset ones take action.yml's defaults. */
  inputs?: Record<string, string>;
  /** Defaults to an empty directory, so contents come from the API. */
  workspace?: string;
  runId?: string;
  env?: Record<string, string>;
}

/** The defaults a runner applies from action.yml, `${{ github.token }}` being the token. */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(resolve('action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, String(spec.default ?? '').replace('${{ github.token }}', TOKEN)]),
  );
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]] = m[3];
  return outputs;
}

function unescapeCommand(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1));
    }
    annotations.push({ level: m[1], properties, message: unescapeCommand(m[3]) });
  }
  return annotations;
}

export async function runAction(fake: FakeGitHub, options: RunOptions = {}): Promise<ActionRun> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'lb-gate-e2e-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event ?? pullEvent()));
  const outputPath = join(dir, 'output.txt');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const workspace = options.workspace ?? mkdtempSync(join(tmpdir(), 'lb-gate-ws-'));
  const runnerTemp = mkdtempSync(join(tmpdir(), 'lb-gate-tmp-'));

  const inputs = { ...actionDefaults(), ...(options.inputs ?? {}) };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/edge',
    GITHUB_API_URL: fake.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: options.runId ?? '4242',
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    // Retries and rate-limit waits in milliseconds instead of seconds.
    LB_GATE_RETRY_BASE_MS: '1',
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])),
    ...(options.env ?? {}),
  };

  const child = spawn(process.execPath, [ENTRY], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolveExit(c));
  });

  const outputs = parseOutputs(readFileSync(outputPath, 'utf8'));
  let report: Record<string, unknown> | null = null;
  if (outputs.report && existsSync(outputs.report)) report = JSON.parse(readFileSync(outputs.report, 'utf8')) as Record<string, unknown>;
  const summary = readFileSync(summaryPath, 'utf8');
  for (const temp of [dir, runnerTemp, ...(options.workspace ? [] : [workspace])]) rmSync(temp, { recursive: true, force: true });
  return { code, stdout, stderr, outputs, summary, annotations: parseAnnotations(stdout), report };
}
