// `npm run bench`: runs each bench section in a process of its own (so each section's peak RSS
// is its own and no section's garbage slows the next) and prints one report. Figures only; no
// assertions. A section runs alone too: `npx tsx scripts/bench-envoy.ts`.

import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

const SECTIONS = [
  ['HAProxy (issue 2)', 'scripts/bench-haproxy.ts'],
  ['Envoy (issue 4)', 'scripts/bench-envoy.ts'],
  ['GitHub API requests (issue 3)', 'scripts/bench-api.ts'],
] as const;

console.log(`lb-gate bench · Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}\n`);
const start = performance.now();
let failed = 0;
for (const [title, script] of SECTIONS) {
  const t0 = performance.now();
  // process.execArgv carries tsx's loader into the section's process.
  const run = spawnSync(process.execPath, [...process.execArgv, script], { stdio: 'inherit' });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (run.status !== 0) failed++;
  console.log(`  (${title}: ${seconds} s${run.status !== 0 ? `, FAILED with ${run.error?.message ?? `exit ${run.status ?? run.signal}`}` : ''})\n`);
}
console.log(`bench: ${((performance.now() - start) / 1000).toFixed(1)} s in all`);
if (failed > 0) process.exitCode = 1;
