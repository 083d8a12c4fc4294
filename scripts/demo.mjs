// `npm run demo`: runs the built CLI on the bundled outage example — a maintenance change that
// sends every request to one server — then on a safe change, and shows that only the first is blocked.
import { spawnSync } from 'node:child_process';

const cli = 'dist/cli.js';
const dir = 'examples/outage';

function check(title, before, after, expected) {
  console.log(`\n━━ ${title}`);
  console.log(`$ lb-gate check ${dir}/${before} ${dir}/${after}\n`);
  const run = spawnSync(process.execPath, [cli, 'check', `${dir}/${before}`, `${dir}/${after}`], { stdio: 'inherit' });
  const verdict = run.status === 0 ? 'passes (exit 0)' : run.status === 1 ? 'BLOCKS the change (exit 1)' : `failed to run (exit ${run.status})`;
  console.log(`\n→ lb-gate ${verdict}`);
  return run.status === expected;
}

const ok =
  check('The outage: a maintenance change sends all traffic to web1', 'haproxy.before.cfg', 'haproxy.after.cfg', 1) &&
  check('A safe change: one more server in the pool', 'haproxy.before.cfg', 'haproxy.safe.cfg', 0);
process.exitCode = ok ? 0 : 1;
