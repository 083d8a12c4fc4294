// Bench section (issue 2): a full gate check of a large generated HAProxy config with 1% of its
// servers reweighted, on the CLI's JSON path and on the action's comment path, next to
// JSON.parse of a document the size of one side. Figures only; no assertions.

import { runGate } from '../src/gate.js';
import { defaultPolicy } from '../src/config/defaults.js';
import type { GateInput } from '../src/gate-types.js';
import { renderJson } from '../src/report/json.js';
import { renderComment } from '../src/report/markdown.js';
import { asReadFromFile, line, mb, printPeakRss, ratioWithSpread, timeAgainst, timeColdCli, timeMedian } from './bench-util.js';

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

/** A JSON document of about `bytes` characters, shaped like a server list. */
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

const before = asReadFromFile(haproxyConfig(BACKENDS, PER_BACKEND, new Set()));
const after = asReadFromFile(haproxyConfig(BACKENDS, PER_BACKEND, changed));
const json = sameSizedJson(before.length);
const input = (textDiff: boolean): GateInput => ({
  policy: defaultPolicy(),
  files: [{ path: 'haproxy/haproxy.cfg', status: 'modified', before, after }],
  textDiff,
});

// The CLI's `--format json`: no line diff, since that report never shows it.
const cliCheck = () => renderJson(runGate(input(false)));
// The action: the line diff goes into the comment, folded.
const actionCheck = () => renderComment(runGate(input(true)), { runUrl: 'https://github.example/acme/edge/actions/runs/1' });

const parseBaseline = () => JSON.parse(json);
const parse = timeMedian(parseBaseline, 15);
const cli = timeAgainst(parseBaseline, cliCheck, 11);
const action = timeAgainst(parseBaseline, actionCheck, 7);
const result = JSON.parse(cli.result) as { findings: unknown[]; traffic: unknown[]; risk: string };
const comment = action.result;

console.log(`HAProxy: ${total} servers in ${BACKENDS} backends, ${changed.size} servers reweighted (1%)`);
line('config size', `${mb(before.length)} MB per side, ${before.split('\n').length} lines`);
line('findings / traffic rows / risk', `${result.findings.length} / ${result.traffic.length} / ${result.risk}`);
line('JSON.parse, same size as one side', `${parse.medianMs.toFixed(1)} ms`);
line(`CLI JSON path (median of ${cli.runs})`, `${cli.medianMs.toFixed(1)} ms  ${ratioWithSpread(cli)}`, '(parse both, diff, rules, JSON report; ratio: median of runs alternating with JSON.parse)');
line(`action path (median of ${action.runs})`, `${action.medianMs.toFixed(1)} ms  ${ratioWithSpread(action)}`, `(… + line diff, ${comment.length} chars of comment)`);
const cold = timeColdCli({ 'haproxy.before.cfg': before, 'haproxy.after.cfg': after }, ['haproxy.before.cfg', 'haproxy.after.cfg']);
line('one CLI run', cold ? `${cold.medianMs.toFixed(0)} ms` : 'dist/cli.js not built', '(fresh process of dist/cli.js: node start, loading, cold JIT)');
line('target', '≤ 10x JSON.parse, < 1000 ms, < 300 MB');
printPeakRss();
