// The native tools as oracles of validity: `haproxy -c` and `nginx -t` run on config text in a
// throwaway directory with a self-signed certificate, so tests can show a fixture is a config
// the balancer really loads (or really refuses). Each oracle is null when its binary or openssl
// is missing, and tests skip; CI installs them.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface OracleVerdict {
  /** Exit status of the tool: 0 when it accepts the config. */
  status: number | null;
  /** What it printed, minus notes that depend on the machine rather than on the config. */
  output: string;
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

function findNginx(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('which', ['nginx'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : null;
}

const OPENSSL = runs('openssl', ['version']);
export const HAVE_HAPROXY = OPENSSL && runs('haproxy', ['-v']);
const NGINX_BIN = OPENSSL ? findNginx() : null;
export const HAVE_NGINX = NGINX_BIN !== null;

/** Writes a self-signed certificate and its key for `CN` into `dir` as `name.crt` and `name.key`. */
function selfSigned(dir: string, name: string, cn: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`)],
    { stdio: 'ignore' },
  );
}

function cleanOutput(stdout: string, stderr: string, incidental: RegExp): string {
  return `${stdout}${stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !incidental.test(line))
    .join('\n');
}

/**
 * `haproxy -c` over config text. The text is checked from a directory holding
 * `certs/<name>.pem` (certificate and key), so `bind … ssl crt certs/<name>.pem` loads.
 */
export interface HaproxyOracle {
  check(text: string): OracleVerdict;
  dispose(): void;
}

export function haproxyOracle(certNames: string[] = ['shop']): HaproxyOracle | null {
  if (!HAVE_HAPROXY) return null;
  const workDir = mkdtempSync(join(tmpdir(), 'lb-gate-haproxy-oracle-'));
  const certs = join(workDir, 'certs');
  for (const name of certNames) {
    selfSigned(certs, name, `${name}.example.com`);
    writeFileSync(join(certs, `${name}.pem`), readFileSync(join(certs, `${name}.crt`), 'utf8') + readFileSync(join(certs, `${name}.key`), 'utf8'));
  }
  let n = 0;
  return {
    check(text) {
      const file = join(workDir, `haproxy-${n++}.cfg`);
      writeFileSync(file, text);
      const run = spawnSync('haproxy', ['-c', '-q', '-f', file], { cwd: workDir, encoding: 'utf8' });
      if (run.status === 0) return { status: 0, output: '' };
      // -q silences the reason too; a second run without it says why the file was refused.
      const why = spawnSync('haproxy', ['-c', '-f', file], { cwd: workDir, encoding: 'utf8' });
      return { status: run.status, output: cleanOutput(why.stdout, why.stderr, /^\[NOTICE\]/) };
    },
    dispose() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Paths nginx would otherwise create under /var/lib/nginx. */
const TEMP_PATHS =
  'client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi; uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;';

/**
 * `nginx -t` binds every listen address; the oracle's copy listens on loopback high ports
 * instead, so it needs no privileges and no foreign address (a port in use is fine while testing).
 */
export function loopbackListens(text: string, nextPort: () => number): string {
  return text.replace(/^([ \t]*listen[ \t]+)([^\s;]+)/gm, (_m, lead: string) => `${lead}127.0.0.1:${nextPort()}`);
}

/**
 * `nginx -t` over a tree of files (relative path → text) whose main file is `main`. Every file
 * gets loopback listens; the main file's `http {` line gets temp paths under the prefix (line
 * numbers in nginx's messages stay those of the files given). Certificates
 * `certs/<name>.crt` and `.key` exist in the prefix.
 */
export interface NginxOracle {
  check(files: Record<string, string>, main?: string): OracleVerdict;
  dispose(): void;
}

/** `-e` (the error log path) exists since nginx 1.19.5. */
function supportsErrorLogFlag(binary: string): boolean {
  const out = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const m = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(`${out.stdout}${out.stderr}`);
  if (!m) return false;
  const [major, minor, patch] = m.slice(1).map(Number);
  return major > 1 || minor > 19 || (minor === 19 && patch >= 5);
}

export function nginxOracle(certNames: string[] = ['shop'], firstPort = 28_000): NginxOracle | null {
  if (NGINX_BIN === null) return null;
  const binary = NGINX_BIN;
  const root = mkdtempSync(join(tmpdir(), 'lb-gate-nginx-oracle-'));
  const certs = join(root, 'certs');
  for (const name of certNames) selfSigned(certs, name, `${name}.example.com`);
  const errorLogFlag = supportsErrorLogFlag(binary);
  let port = firstPort;
  let n = 0;
  return {
    check(files, main = 'nginx.conf') {
      const prefix = join(root, `run-${n++}`);
      for (const dir of ['logs', 'tmp', 'certs']) mkdirSync(join(prefix, dir), { recursive: true });
      for (const name of certNames) {
        for (const ext of ['crt', 'key']) writeFileSync(join(prefix, 'certs', `${name}.${ext}`), readFileSync(join(certs, `${name}.${ext}`)));
      }
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(prefix, path)), { recursive: true });
        let out = loopbackListens(text, () => port++);
        // On the same line, so nginx's line numbers stay those of the file under test.
        if (path === main) out = out.replace(/^http \{$/m, `http { ${TEMP_PATHS}`);
        writeFileSync(join(prefix, path), out);
      }
      const errorLog = errorLogFlag ? ['-e', join(prefix, 'logs', 'error.log')] : [];
      const args = [...errorLog, '-t', '-q', '-p', `${prefix}/`, '-g', `pid ${join(prefix, 'nginx.pid')};`, '-c', join(prefix, main)];
      const run = spawnSync(binary, args, { encoding: 'utf8' });
      return { status: run.status, output: cleanOutput(run.stdout, run.stderr, /could not open error log file|is deprecated/) };
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
