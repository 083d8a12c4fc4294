// Bench section (issue 3): how many GitHub API requests one action run makes for a PR touching
// 1, 10 and 100 HAProxy configs, with contents read through the API and from a local checkout,
// and that config size does not change the count. The action (src/main.ts, through tsx) runs
// as a child process against the end-to-end suite's fake GitHub, which records every request.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gitRepoWithCommits, removeDir } from '../__tests__/github/git-repo.js';
import { startFakeGitHub, type RecordedRequest } from '../__tests__/e2e/fake-github.js';
import { line, printPeakRss } from './bench-util.js';

// The harness reads its entry when loaded: the current source unless told otherwise.
process.env.LB_GATE_E2E_ENTRY ??= resolve('src/main.ts');
const { runAction, pullEvent } = await import('../__tests__/e2e/harness.js');

/** Each child reports its own peak RSS on exit, since Node cannot ask for a child's rusage. */
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  "process.on('exit',()=>process.stderr.write('bench-maxrss-kb='+process.resourceUsage().maxRSS+'\\n'))",
)}`;
const NODE_OPTIONS = [`--import="${import.meta.resolve('tsx')}"`, `--import="${RSS_PROBE}"`].join(' ');

const KINDS: [string, RegExp][] = [
  ['files', /\/pulls\/\d+\/files$/],
  ['contents', /\/contents(\/|$)/],
  ['blobs', /\/git\/blobs\//],
  ['reviews', /\/pulls\/\d+\/reviews$/],
  ['comments', /\/issues\/(\d+\/)?comments/],
  ['statuses', /\/statuses\//],
  ['user', /^\/user$/],
];

/** One site's HAProxy config of about `lines` lines; the head reweights one server. */
function siteConfig(site: number, lines: number, head: boolean): string {
  const backends = Math.max(1, Math.round((lines - 5) / 14));
  const out = ['defaults', '    mode http', '    timeout server 30s', `frontend site${site}`, '    bind :80'];
  for (let b = 0; b < backends; b++) out.push(`    use_backend be${b} if { path_beg /b${b}/ }`);
  for (let b = 0; b < backends; b++) {
    out.push(`backend be${b}`, '    balance roundrobin', '    option httpchk GET /healthz');
    for (let s = 0; s < 10; s++) {
      const weight = head && b === 0 && s === 0 ? 90 : 100;
      out.push(`    server s${s} 10.${site & 255}.${b & 255}.${s + 10}:8080 weight ${weight} check`);
    }
  }
  return out.join('\n') + '\n';
}

interface Scenario {
  configs: number;
  lines: number;
  source: 'api' | 'git';
  /** Changed files that are not LB config, to show pages of the file list. */
  others?: number;
}

interface Measured {
  counts: Record<string, number>;
  total: number;
  result: string;
  rssKb: number;
}

function trees(s: Scenario): [Record<string, string>, Record<string, string>] {
  const base: Record<string, string> = { 'README.md': '# edge\n' };
  const head: Record<string, string> = { 'README.md': '# edge\n' };
  for (let i = 0; i < s.configs; i++) {
    base[`haproxy/site-${i}.cfg`] = siteConfig(i, s.lines, false);
    head[`haproxy/site-${i}.cfg`] = siteConfig(i, s.lines, true);
  }
  for (let i = 0; i < (s.others ?? 0); i++) {
    base[`docs/page-${i}.md`] = `page ${i}\n`;
    head[`docs/page-${i}.md`] = `page ${i}, edited\n`;
  }
  return [base, head];
}

async function measure(s: Scenario): Promise<Measured> {
  const [baseTree, headTree] = trees(s);
  const repo = gitRepoWithCommits([baseTree, headTree]);
  const [base, head] = repo.shas;
  const changed = Object.keys(headTree).filter((p) => p !== 'README.md');
  const fake = await startFakeGitHub({
    files: changed.map((filename) => ({ filename, status: 'modified' })),
    commits: { [base]: baseTree, [head]: headTree },
    reviews: [{ user: { login: 'alice' }, state: 'APPROVED', commit_id: head, author_association: 'MEMBER' }],
  });
  // An empty workspace makes the action read contents through the API.
  const workspace = s.source === 'git' ? repo.dir : mkdtempSync(join(tmpdir(), 'lb-gate-bench-ws-'));
  try {
    const run = await runAction(fake, { event: pullEvent({ base, head, changedFiles: changed.length }), workspace, env: { NODE_OPTIONS } });
    const counts = Object.fromEntries([...KINDS.map(([k]) => [k, 0] as [string, number]), ['other', 0]]);
    for (const r of fake.requests as RecordedRequest[]) counts[KINDS.find(([, re]) => re.test(r.path))?.[0] ?? 'other']++;
    const rssKb = Number(/bench-maxrss-kb=(\d+)/.exec(run.stderr)?.[1] ?? 0);
    const result = run.code === 0 ? (run.outputs.result ?? '?') : `exit ${run.code}: ${run.stderr.split('\n')[0] ?? ''}`;
    return { counts, total: fake.requests.length, result, rssKb };
  } finally {
    await fake.close();
    removeDir(repo.dir);
    if (workspace !== repo.dir) removeDir(workspace);
  }
}

const SCENARIOS: Scenario[] = [
  { configs: 1, lines: 50, source: 'api' },
  { configs: 10, lines: 50, source: 'api' },
  { configs: 100, lines: 50, source: 'api' },
  { configs: 100, lines: 50, source: 'api', others: 150 },
  { configs: 10, lines: 5000, source: 'api' },
  { configs: 1, lines: 50, source: 'git' },
  { configs: 10, lines: 50, source: 'git' },
  { configs: 100, lines: 50, source: 'git' },
  { configs: 10, lines: 5000, source: 'git' },
];

const columns = [...KINDS.map(([k]) => k), 'other'];
console.log('GitHub API requests per action run (fake GitHub on 127.0.0.1; one approval; no earlier comment)');
console.log(`  ${'PR changes'.padEnd(42)} ${'reads'.padEnd(5)} ${'total'.padStart(5)} ${columns.map((c) => c.padStart(8)).join(' ')}  result  child RSS`);
// Three runs at a time: each spends most of its time waiting (start-up, octokit's spacing of writes).
const measured: Measured[] = [];
for (let i = 0; i < SCENARIOS.length; i += 3) measured.push(...(await Promise.all(SCENARIOS.slice(i, i + 3).map(measure))));
let childPeak = 0;
SCENARIOS.forEach((s, i) => {
  const m = measured[i];
  childPeak = Math.max(childPeak, m.rssKb);
  const lines = siteConfig(0, s.lines, false).split('\n').length - 1;
  const label = `${s.configs} config${s.configs > 1 ? 's' : ''} × ${lines} lines${s.others ? ` + ${s.others} other files` : ''}`;
  const cells = columns.map((c) => String(m.counts[c]).padStart(8)).join(' ');
  console.log(`  ${label.padEnd(42)} ${s.source.padEnd(5)} ${String(m.total).padStart(5)} ${cells}  ${m.result.padEnd(6)}  ${(m.rssKb / 1024).toFixed(0)} MB`);
});
line('expected', 'API reads: 2 contents per config (base, head) + 1 (policy file); checkout: 0');
line('', 'files: 1 page per 100 changed files; user, reviews, comments (list + create), status: 1 each');
printPeakRss(`; action runs peaked at ${(childPeak / 1024).toFixed(0)} MB`);
