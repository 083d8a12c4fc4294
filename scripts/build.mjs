// Bundles the action (src/main.ts → dist/index.js) and the CLI (src/cli.ts → dist/cli.js)
// with ncc. Both are ESM; dist/package.json marks them so for Node. (ncc's transpile-only mode
// compiles to CommonJS requests, which ESM-only @actions/* packages do not export, so ncc
// type-checks as it bundles.)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { writeValidators } from './gen-validators.mjs';

const ncc = join('node_modules', '.bin', 'ncc');
const tmp = join('build', 'ncc');

function bundle(entry, out) {
  rmSync(out, { recursive: true, force: true });
  execFileSync(ncc, ['build', entry, '-o', out, '--quiet', '--license', 'licenses.txt'], { stdio: 'inherit' });
}

// The bundles must not carry validators precompiled from older schemas (or another ajv).
const regenerated = writeValidators(process.cwd());
if (regenerated.length > 0) console.log(`Regenerated ${regenerated.join(', ')}`);

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

bundle('src/main.ts', join(tmp, 'action'));
bundle('src/cli.ts', join(tmp, 'cli'));

for (const f of readdirSync(join(tmp, 'action'))) {
  if (f === 'package.json') continue;
  cpSync(join(tmp, 'action', f), join('dist', f), { recursive: true });
}
// The CLI bundle sits beside the action's as dist/cli.js; ncc's extra assets (if any) keep their names.
for (const f of readdirSync(join(tmp, 'cli'))) {
  if (f === 'package.json' || f === 'licenses.txt') continue;
  const target = f === 'index.js' ? 'cli.js' : f;
  cpSync(join(tmp, 'cli', f), join('dist', target), { recursive: true });
}
chmodSync(join('dist', 'cli.js'), 0o755);
cpSync('schemas', join('dist', 'schemas'), { recursive: true });
writeFileSync(join('dist', 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n');
rmSync(tmp, { recursive: true, force: true });
