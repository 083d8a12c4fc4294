// Bench section (issue 4): a full gate check (parse, schema, diff, rules, JSON report) of a
// generated Envoy bootstrap with 5,000 clusters × 4 endpoints and 1% of it changed, written as
// YAML and as JSON, next to JSON.parse of the same document. Figures only; no assertions.

import { runGate } from '../src/gate.js';
import { defaultPolicy } from '../src/config/defaults.js';
import { detectFormat } from '../src/formats/index.js';
import { parseEnvoy } from '../src/formats/envoy.js';
import { renderJson } from '../src/report/json.js';
import { loadYaml } from '../src/yaml-source.js';
import { asReadFromFile, line, mb, printPeakRss, ratio, ratioWithSpread, timeAgainst, timeColdCli, timeMedian } from './bench-util.js';

const CLUSTERS = 5000;
const ENDPOINTS = 4;
/** Every ROUTE_EVERY-th cluster has a route of its own; every SPLIT_EVERY-th pair a weighted split. */
const ROUTE_EVERY = 10;
const SPLIT_EVERY = 50;

function listener(split: (c: number) => [number, number]): string[] {
  const out = [
    '  listeners:',
    '  - name: ingress_http',
    '    address:',
    '      socket_address: { address: 0.0.0.0, port_value: 8080 }',
    '    filter_chains:',
    '    - filters:',
    '      - name: envoy.filters.network.http_connection_manager',
    '        typed_config:',
    '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    '          stat_prefix: ingress_http',
    '          route_config:',
    '            name: services',
    '            virtual_hosts:',
    '            - name: services',
    '              domains: ["*"]',
    '              routes:',
  ];
  for (let c = 0; c < CLUSTERS; c += SPLIT_EVERY) {
    const [a, b] = split(c);
    out.push(
      `              - match: { prefix: "/split/svc${c}/" }`,
      '                route:',
      '                  weighted_clusters:',
      '                    clusters:',
      `                    - { name: svc_${c}, weight: ${a} }`,
      `                    - { name: svc_${c + 1}, weight: ${b} }`,
    );
  }
  for (let c = 0; c < CLUSTERS; c += ROUTE_EVERY) {
    out.push(`              - match: { prefix: "/svc${c}/" }`, `                route: { cluster: svc_${c}, timeout: 15s }`);
  }
  out.push(
    '          http_filters:',
    '          - name: envoy.filters.http.router',
    '            typed_config:',
    '              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  );
  return out;
}

function cluster(c: number, changed: boolean): string[] {
  const out = [
    `  - name: svc_${c}`,
    '    type: STRICT_DNS',
    '    connect_timeout: 0.25s',
    `    lb_policy: ${c % 3 === 0 ? 'LEAST_REQUEST' : 'ROUND_ROBIN'}`,
    '    health_checks:',
    '    - timeout: 1s',
    '      interval: 5s',
    '      unhealthy_threshold: 3',
    '      healthy_threshold: 2',
    '      http_health_check: { path: /healthz }',
    '    load_assignment:',
    `      cluster_name: svc_${c}`,
    '      endpoints:',
    `      - locality: { zone: zone-${c % 3} }`,
    '        lb_endpoints:',
  ];
  for (let e = 0; e < ENDPOINTS; e++) {
    // A changed cluster either reweights its first endpoint or replaces its last one.
    const host = changed && c % 2 === 1 && e === ENDPOINTS - 1 ? 200 : e + 10;
    const weight = changed && c % 2 === 0 && e === 0 ? 30 : 10;
    out.push(
      '        - endpoint:',
      `            address: { socket_address: { address: 10.${(c >> 8) & 255}.${c & 255}.${host}, port_value: 8080 } }`,
      `          load_balancing_weight: ${weight}`,
    );
  }
  return out;
}

/** The bootstrap; with `changed`, 1% of the clusters change endpoints and a few splits shift. */
function envoyBootstrap(changed: boolean): string {
  const isChanged = (c: number) => changed && c % 100 === 37;
  const split = (c: number): [number, number] => (changed && c % 1000 === 0 ? [80, 20] : [90, 10]);
  const out = [
    'admin:',
    '  address:',
    '    socket_address: { address: 127.0.0.1, port_value: 9901 }',
    'static_resources:',
    ...listener(split),
    '  clusters:',
  ];
  for (let c = 0; c < CLUSTERS; c++) out.push(...cluster(c, isChanged(c)));
  return out.join('\n') + '\n';
}

interface Report {
  findings: { rule: string; message: string }[];
  traffic: unknown[];
  risk: string;
}

const policy = defaultPolicy();
const beforeYaml = asReadFromFile(envoyBootstrap(false));
const afterYaml = asReadFromFile(envoyBootstrap(true));
// The same documents as JSON: compact, as JSON.stringify writes them.
// Converted with lb-gate's own reader (the yaml library would need ~1 GB for this and set the
// section's peak RSS); the tests hold both readers to the same values.
const beforeJson = asReadFromFile(JSON.stringify(loadYaml(beforeYaml).docs[0]!.value));
const afterJson = asReadFromFile(JSON.stringify(loadYaml(afterYaml).docs[0]!.value));
// Indented, as people often keep a JSON bootstrap in git; the YAML reader's size limit applies.
const indentedJson = asReadFromFile(JSON.stringify(JSON.parse(afterJson), null, 2));

const check = (path: string, before: string | null, after: string) => () =>
  renderJson(runGate({ policy, files: [{ path, status: before === null ? 'added' : 'modified', before, after }], textDiff: false }));

const parseBaseline = () => JSON.parse(beforeJson);
const jsonParse = timeMedian(parseBaseline, 15);
const yaml = timeAgainst(parseBaseline, check('envoy/envoy.yaml', beforeYaml, afterYaml), 21, 20000);
const json = timeAgainst(parseBaseline, check('envoy/envoy.json', beforeJson, afterJson), 21, 20000);
const parseYaml = timeMedian(() => parseEnvoy(beforeYaml, { file: 'envoy.yaml' }), 9, 4000);
const parseJson = timeMedian(() => parseEnvoy(beforeJson, { file: 'envoy.json' }), 9, 4000);
const indentedRun = timeMedian(check('envoy/envoy.json', null, indentedJson), 3, 3000);
const indented = JSON.parse(indentedRun.result) as Report;

const summary = (text: string) => {
  const r = JSON.parse(text) as Report;
  const rules = [...new Set(r.findings.map((f) => f.rule))].join(', ') || 'no rule';
  return `${r.findings.length} findings (${rules}), ${r.traffic.length} traffic rows, ${r.risk} risk`;
};
console.log(`Envoy: ${CLUSTERS} clusters × ${ENDPOINTS} endpoints, 1% of clusters changed, ${CLUSTERS / SPLIT_EVERY} weighted splits (2% shifted)`);
line('YAML size', `${mb(beforeYaml.length)} MB per side, ${beforeYaml.split('\n').length} lines`);
line('JSON size', `${mb(beforeJson.length)} MB compact, ${mb(indentedJson.length)} MB indented`);
line('format detected (YAML / JSON)', `${detectFormat('envoy/envoy.yaml', beforeYaml)} / ${detectFormat('envoy/envoy.json', beforeJson)}`);
line('YAML result', summary(yaml.result));
line('JSON result', summary(json.result));
line('JSON.parse, compact, one side', `${jsonParse.medianMs.toFixed(1)} ms`);
line(`YAML full check (median of ${yaml.runs})`, `${yaml.medianMs.toFixed(0)} ms  ${ratioWithSpread(yaml)}`, '(parse both, schema, diff, rules, JSON report)');
line(`JSON full check (median of ${json.runs})`, `${json.medianMs.toFixed(0)} ms  ${ratioWithSpread(json)}`, '(the compact JSON as the file)');
line('ratios', 'median of per-run ratios, each run alternating with a JSON.parse; the middle half shows the spread');
line('target', '≤ 10x JSON.parse, < 1000 ms');
const coldYaml = timeColdCli({ 'envoy.before.yaml': beforeYaml, 'envoy.after.yaml': afterYaml }, ['envoy.before.yaml', 'envoy.after.yaml', '--as', 'envoy']);
const coldJson = timeColdCli({ 'envoy.before.json': beforeJson, 'envoy.after.json': afterJson }, ['envoy.before.json', 'envoy.after.json', '--as', 'envoy']);
line(
  'one CLI run, YAML / JSON',
  coldYaml && coldJson ? `${coldYaml.medianMs.toFixed(0)} ms / ${coldJson.medianMs.toFixed(0)} ms` : 'dist/cli.js not built',
  '(fresh process of dist/cli.js: node start, loading, cold JIT)',
);
line('parse one side, YAML / JSON', `${parseYaml.medianMs.toFixed(0)} ms ${ratio(parseYaml.medianMs, jsonParse.medianMs)} / ${parseJson.medianMs.toFixed(0)} ms ${ratio(parseJson.medianMs, jsonParse.medianMs)}`, '(read, positions, model)');
line(
  'indented JSON as a new file',
  indented.findings.length > 0 && indented.findings[0]!.rule === 'parse-error'
    ? indented.findings[0]!.message
    : `${indentedRun.medianMs.toFixed(0)} ms, ${summary(indentedRun.result)}`,
);
printPeakRss();
