// Which changed files are load-balancer configs: glob matching shared by the action and the CLI.
// A rename counts when either side of it matches, so moving a config out of the watched paths
// is still judged (it disappears from where the load balancer reads it).

import picomatch from 'picomatch';

export type PathMatcher = (path: string) => boolean;

/** A matcher for `globs`; dotfiles and dot-directories match like any other path. */
export function globMatcher(globs: string[]): PathMatcher {
  const usable = globs.map((g) => g.trim()).filter((g) => g !== '');
  if (usable.length === 0) return () => false;
  const isMatch = picomatch(usable, { dot: true });
  return (path) => isMatch(path.replace(/^\.\//, ''));
}

export function matchesAny(path: string, globs: string[]): boolean {
  return globMatcher(globs)(path);
}

/** True when the file's path, or for a rename its previous path, matches. */
export function fileMatches(file: { path: string; previousPath?: string }, globs: string[] | PathMatcher): boolean {
  const match = typeof globs === 'function' ? globs : globMatcher(globs);
  return match(file.path) || (file.previousPath !== undefined && match(file.previousPath));
}
