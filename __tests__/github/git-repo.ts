// A throwaway git repository with one commit per given tree, for tests of reading contents
// from a local checkout.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'lb-gate test',
  GIT_AUTHOR_EMAIL: 'test@lb-gate.invalid',
  GIT_COMMITTER_NAME: 'lb-gate test',
  GIT_COMMITTER_EMAIL: 'test@lb-gate.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
}

/** Commits each tree in turn (a full snapshot: files not listed are deleted); returns the shas. */
export function gitRepoWithCommits(trees: Record<string, string>[]): { dir: string; shas: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'lb-gate-git-'));
  git(dir, ['init', '-q']);
  const shas: string[] = [];
  for (const tree of trees) {
    git(dir, ['rm', '-rq', '--ignore-unmatch', '.']);
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', `commit ${shas.length + 1}`]);
    shas.push(git(dir, ['rev-parse', 'HEAD']));
  }
  return { dir, shas };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
