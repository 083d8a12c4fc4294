#!/usr/bin/env node
// The lb-gate command line: runs the same gate as the action on two files or on the changes
// between two git refs, prints a report, and exits 0 (pass), 1 (blocked) or 2 (usage/I-O error).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicy, mergePolicyOverrides } from './config/load-policy.js';
import type { FailOn } from './config/types.js';
import { matchesAny } from './discover.js';
import type { FileStatus, GateFile, GateInput, GateResult } from './gate-types.js';
import { runGate } from './gate.js';
import { FORMAT_IDS, isFormatId } from './formats/index.js';
import { renderJson } from './report/json.js';
import { renderSummary } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import { renderText } from './report/text.js';
import { RULES } from './rules/index.js';
import { parseUserSchemas } from './validate/file-schemas.js';

const VERSION = '0.1.0';
const POLICY_PATH = '.github/lb-gate.yml';
const DEV_NULL = '/dev/null';
const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const USAGE = `lb-gate ${VERSION} — gate load-balancer config changes

Usage:
  lb-gate check BEFORE AFTER [options]     compare two files (${DEV_NULL} for an absent side)
  lb-gate check --git BASE [--head REF]    gate every changed config file between two git refs
  lb-gate --help | --version

Options:
  --as FORMAT              force the format (${FORMAT_IDS.join(', ')})
  --config FILE            policy file (default: ${POLICY_PATH} at BASE in --git mode, none otherwise)
  --paths GLOB             which files are LB configs (repeatable; overrides the policy's paths)
  --format FORMAT          output: ${OUTPUT_FORMATS.join(', ')} (default text)
  --fail-on LEVEL          error, warning or never (default: the policy's, else error)

Exit status: 0 the gate passes, 1 findings block it, 2 usage or I/O error.`;

class UsageError extends Error {}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new UsageError(`git ${args[0]} failed: ${stderr || (err as Error).message}`);
  }
}

/** The text of `path` at `ref`, or null when it does not exist there. */
function gitShow(ref: string, path: string, cwd: string): string | null {
  try {
    return execFileSync('git', ['show', `${ref}:${path}`], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code}`);
  }
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

interface GitChange {
  status: FileStatus;
  path: string;
  previousPath?: string;
}

/** `git diff --name-status -z` between two refs, renames detected. */
function gitChanges(base: string, head: string, cwd: string): GitChange[] {
  const out = git(['diff', '--name-status', '-z', '-M', '--no-color', base, head, '--'], cwd);
  const parts = out.split('\0');
  const changes: GitChange[] = [];
  for (let i = 0; i < parts.length - 1; ) {
    const code = parts[i++];
    if (code.startsWith('R')) {
      const previousPath = parts[i++];
      changes.push({ status: 'renamed', previousPath, path: parts[i++] });
    } else if (code.startsWith('C')) {
      i++; // copies: the source is untouched; judge the copy as a new file
      changes.push({ status: 'added', path: parts[i++] });
    } else {
      const status: FileStatus = code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified';
      changes.push({ status, path: parts[i++] });
    }
  }
  return changes;
}

function render(result: GateResult, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'markdown':
      return renderSummary(result, {});
    case 'sarif':
      return renderSarif(result, RULES);
    default:
      return renderText(result);
  }
}

interface Parsed {
  positionals: string[];
  as?: string;
  config?: string;
  paths?: string[];
  format: OutputFormat;
  failOn?: FailOn;
  git?: string;
  head: string;
}

function parseCommandLine(argv: string[]): Parsed | 'help' | 'version' {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        as: { type: 'string' },
        config: { type: 'string' },
        paths: { type: 'string', multiple: true },
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string' },
        git: { type: 'string' },
        head: { type: 'string', default: 'HEAD' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command (try: lb-gate check BEFORE AFTER)');
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (the command is: check)`);
  if (values.as !== undefined && !isFormatId(values.as)) {
    throw new UsageError(`--as must be one of ${FORMAT_IDS.join(', ')}; got "${values.as}"`);
  }
  if (!(OUTPUT_FORMATS as readonly string[]).includes(values.format!)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}; got "${values.format}"`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !['error', 'warning', 'never'].includes(failOn)) {
    throw new UsageError(`--fail-on must be error, warning or never; got "${failOn}"`);
  }
  if (values.git !== undefined) {
    if (rest.length > 0) throw new UsageError('--git takes no file arguments');
  } else if (rest.length !== 2) {
    throw new UsageError(`check needs BEFORE and AFTER files (use ${DEV_NULL} for an absent side), or --git BASE`);
  }
  return {
    positionals: rest,
    as: values.as,
    config: values.config,
    paths: values.paths,
    format: values.format as OutputFormat,
    failOn: failOn as FailOn | undefined,
    git: values.git,
    head: values.head!,
  };
}

function policyFrom(text: string | null, file: string, args: Parsed): Pick<GateInput, 'policy' | 'policyFindings'> {
  const { policy, findings } = loadPolicy(text, file);
  return {
    policy: mergePolicyOverrides(policy, { paths: args.paths, failOn: args.failOn }),
    policyFindings: findings,
  };
}

function filesInput(args: Parsed): GateInput {
  const [beforePath, afterPath] = args.positionals;
  if (beforePath === DEV_NULL && afterPath === DEV_NULL) throw new UsageError(`BEFORE and AFTER cannot both be ${DEV_NULL}`);
  const before = beforePath === DEV_NULL ? null : readText(beforePath);
  const after = afterPath === DEV_NULL ? null : readText(afterPath);
  const path = afterPath === DEV_NULL ? beforePath : afterPath;
  const status: FileStatus = before === null ? 'added' : after === null ? 'removed' : 'modified';
  const previousPath = before !== null && after !== null && beforePath !== afterPath ? beforePath : undefined;
  const file: GateFile = { path, ...(previousPath ? { previousPath } : {}), status, before, after, ...(args.as ? { as: args.as as GateFile['as'] } : {}) };
  const config = args.config === undefined ? null : readText(args.config);
  return {
    files: [file],
    ...policyFrom(config, args.config ?? POLICY_PATH, args),
    readInclude: (_side, includePath) => readOptional(includePath),
  };
}

function gitInput(args: Parsed): GateInput {
  const cwd = process.cwd();
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const base = args.git!;
  const head = args.head;
  for (const ref of [base, head]) git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  // Policy comes from the base ref, so a branch cannot loosen the gate that judges it.
  const configText = args.config !== undefined ? readText(args.config) : gitShow(base, POLICY_PATH, top);
  const gate = policyFrom(configText, args.config ?? POLICY_PATH, args);
  const files: GateFile[] = [];
  for (const change of gitChanges(base, head, top)) {
    if (!matchesAny(change.path, gate.policy.paths) && !(change.previousPath && matchesAny(change.previousPath, gate.policy.paths))) continue;
    const before = change.status === 'added' ? null : gitShow(base, change.previousPath ?? change.path, top);
    const after = change.status === 'removed' ? null : gitShow(head, change.path, top);
    files.push({ ...change, before, after, ...(args.as ? { as: args.as as GateFile['as'] } : {}) });
  }
  const schemaPaths = [...new Set(gate.policy.schemas.map((s) => s.schema))];
  return {
    files,
    ...gate,
    userSchemas: parseUserSchemas(schemaPaths.map((path) => [path, gitShow(base, path, top)] as const)),
    readInclude: (side, includePath) => {
      // Only files of the repository, at the same ref: an absolute path is the server's, not ours.
      const repoPath = normalize(includePath);
      if (isAbsolute(repoPath) || repoPath.startsWith('..')) return null;
      return gitShow(side === 'before' ? base : head, repoPath, top);
    },
  };
}

export function main(argv: string[]): number {
  try {
    const args = parseCommandLine(argv);
    if (args === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (args === 'version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    const input = args.git !== undefined ? gitInput(args) : filesInput(args);
    // Only the Markdown report shows the line diff; the other formats skip computing it.
    const result = runGate({ ...input, textDiff: args.format === 'markdown' });
    process.stdout.write(render(result, args.format).replace(/\n?$/, '\n'));
    return result.result === 'pass' ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`lb-gate: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`lb-gate: internal error: ${(err as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
