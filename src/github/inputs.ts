// The action's inputs, validated: a typo in the workflow fails the step with a message that
// names the input and the accepted values, instead of gating with a surprise default.

import { posix } from 'node:path';
import type { FailOn } from '../config/types.js';

export interface ActionInputs {
  token: string;
  /** Repository path of the policy file, read at the base commit. */
  configPath: string;
  /** Globs that override the policy's paths; undefined keeps the policy's. */
  paths?: string[];
  /** A floor on required approvals; undefined keeps the policy's. */
  requiredApprovals?: number;
  /** Overrides the policy's fail-on; undefined keeps it. */
  failOn?: FailOn;
  comment: boolean;
  statusContext: string;
}

export class InputError extends Error {}

export type InputGetter = (name: string) => string;

const FAIL_ON: FailOn[] = ['error', 'warning', 'never'];
const MAX_APPROVALS = 100;

function parseBoolean(name: string, raw: string): boolean {
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^(false|no|off)$/i.test(raw)) return false;
  throw new InputError(`input ${name} must be true or false; got "${raw}"`);
}

function parseConfigPath(raw: string): string {
  const path = posix.normalize(raw.replace(/^\.\//, ''));
  if (path.startsWith('/') || path === '..' || path.startsWith('../') || path === '.' || path.includes('\0')) {
    throw new InputError(`input config must be a path inside the repository, like .github/lb-gate.yml; got "${raw}"`);
  }
  return path;
}

/** Reads every input through `get` (which returns '' for an unset input). */
export function readInputs(get: InputGetter): ActionInputs {
  const token = get('github-token').trim();
  if (token === '') {
    throw new InputError('input github-token is empty; pass ${{ github.token }} or a token with pull-requests: write and statuses: write');
  }

  const configRaw = get('config').trim();
  const configPath = parseConfigPath(configRaw === '' ? '.github/lb-gate.yml' : configRaw);

  const paths = get('paths')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  const approvalsRaw = get('required-approvals').trim();
  let requiredApprovals: number | undefined;
  if (approvalsRaw !== '') {
    if (!/^\d+$/.test(approvalsRaw) || Number(approvalsRaw) > MAX_APPROVALS) {
      throw new InputError(`input required-approvals must be a whole number from 0 to ${MAX_APPROVALS}; got "${approvalsRaw}"`);
    }
    requiredApprovals = Number(approvalsRaw);
  }

  const failOnRaw = get('fail-on').trim().toLowerCase();
  let failOn: FailOn | undefined;
  if (failOnRaw !== '') {
    if (!(FAIL_ON as string[]).includes(failOnRaw)) {
      throw new InputError(`input fail-on must be one of ${FAIL_ON.join(', ')}; got "${get('fail-on').trim()}"`);
    }
    failOn = failOnRaw as FailOn;
  }

  const commentRaw = get('comment').trim();
  const comment = commentRaw === '' ? true : parseBoolean('comment', commentRaw);

  const statusContext = get('status-context').trim() || 'lb-gate';
  if (statusContext.length > 255) throw new InputError('input status-context is longer than 255 characters');

  return {
    token,
    configPath,
    ...(paths.length > 0 ? { paths } : {}),
    ...(requiredApprovals !== undefined ? { requiredApprovals } : {}),
    ...(failOn ? { failOn } : {}),
    comment,
    statusContext,
  };
}
