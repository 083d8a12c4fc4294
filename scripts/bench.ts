// `npm run bench`: prints how long a full gate check takes on a large generated config, next to
// JSON.parse of a document of the same size, plus peak memory. Figures only; no assertions.

import { runGate } from '../src/gate.js';
import { defaultPolicy } from '../src/config/defaults.js';
import { renderJson } from '../src/report/json.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(runs: number, fn: () => void): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(samples);
}

/** A HAProxy config with `backends` backends of `perBackend` servers; `changed` servers get a new weight. */
function haproxyConfig(backends: number, perBackend: number, changed: Set<number>): string {
  const out: string[] = [
    'global',
    '    maxconn 100000',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    'frontend edge',
    '    bind :80',
    '    bind :443 ssl crt /etc/haproxy/certs/edge.pem',
  ];
  for (let b = 0; b < backends; b++) out.push(`    use_backend be${b} if { hdr(host) -i svc${b}.example.com }`);
  out.push('    default_backend be0');
  let n = 0;
  for (let b = 0; b < backends; b++) {
    out.push(`backend be${b}`, '    balance roundrobin', '    option httpchk GET /healthz');
    for (let s = 0; s < perBackend; s++, n++) {
      const weight = changed.has(n) ? 60 : 100;
      out.push(`    server s${b}-${s} 10.${(b >> 8) & 255}.${b & 255}.${s + 10}:8080 weight ${weight} check inter 2s`);
    }
  }
  return out.join('\n') + '\n';
}

function sameSizedJson(bytes: number): string {
  const items: unknown[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const item = { name: `s${i}`, address: `10.0.${i & 255}.${i % 200}`, port: 8080, weight: 100, check: true };
    size += JSON.stringify(item).length + 1;
    items.push(item);
  }
  return JSON.stringify({ servers: items });
}

const BACKENDS = 2000;
const PER_BACKEND = 10;
const total = BACKENDS * PER_BACKEND;
const changed = new Set<number>();
for (let i = 0; i < total / 100; i++) changed.add(i * 100 + 7); // 1% of servers, spread over 200 backends

const before = haproxyConfig(BACKENDS, PER_BACKEND, new Set());
const after = haproxyConfig(BACKENDS, PER_BACKEND, changed);
const json = sameSizedJson(before.length);
const policy = defaultPolicy();

const check = () =>
  renderJson(runGate({ policy, files: [{ path: 'haproxy/haproxy.cfg', status: 'modified', before, after }] }));

const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const result = JSON.parse(check());
const checkMs = time(7, () => {
  check();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
});
const jsonMs = time(7, () => JSON.parse(json));
clearInterval(sampler);

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`HAProxy: ${total} servers in ${BACKENDS} backends, ${changed.size} servers changed (1%)`);
console.log(`  config size            ${mb(before.length)} MB per side, ${before.split('\n').length} lines`);
console.log(`  findings / traffic rows ${result.findings.length} / ${result.traffic.length}, risk ${result.risk}`);
console.log(`  full check (median of 7) ${checkMs.toFixed(1)} ms   (parse both, diff, rules, JSON report)`);
console.log(`  JSON.parse same size    ${jsonMs.toFixed(1)} ms`);
console.log(`  ratio                   ${(checkMs / jsonMs).toFixed(1)}x   (target ≤ 10x, < 1000 ms)`);
console.log(`  peak RSS                ${mb(peakRss)} MB   (target < 300 MB)`);
