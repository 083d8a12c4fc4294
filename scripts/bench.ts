// `npm run bench`: runs each bench section in a process of its own (so each section's peak RSS
// is its own and no section's garbage slows the next) and prints one report. Figures only; no
// assertions. A section runs alone too: `npx tsx scripts/bench-envoy.ts`.
//
// Each section is bundled with esbuild first and run by plain node, so it measures code as the
// shipped ncc bundles run it: the tsx loader wraps every function literal in a naming helper
// (keepNames), which costs a property definition each time a closure is created in a hot loop.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const OUT_DIR = 'node_modules/.cache/lb-gate-bench';

/** The section bundled into OUT_DIR (inside node_modules, so its packages resolve); its path. */
function bundle(script: string): string {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = path.join(OUT_DIR, `${path.basename(script, '.ts')}.mjs`);
  buildSync({ entryPoints: [script], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

const SECTIONS = [
  ['HAProxy (issue 2)', 'scripts/bench-haproxy.ts'],
  ['Envoy (issue 4)', 'scripts/bench-envoy.ts'],
  ['GitHub API requests (issue 3)', 'scripts/bench-api.ts'],
] as const;

console.log(`lb-gate bench · Node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · sections bundled as shipped (no tsx loader)\n`);
const start = performance.now();
let failed = 0;
for (const [title, script] of SECTIONS) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [bundle(script)], { stdio: 'inherit' });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (run.status !== 0) failed++;
  console.log(`  (${title}: ${seconds} s${run.status !== 0 ? `, FAILED with ${run.error?.message ?? `exit ${run.status ?? run.signal}`}` : ''})\n`);
}
console.log(`bench: ${((performance.now() - start) / 1000).toFixed(1)} s in all`);
if (failed > 0) process.exitCode = 1;
