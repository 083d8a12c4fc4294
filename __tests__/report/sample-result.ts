// Hand-built gate results for the renderer tests: a realistic PR (a critical traffic
// concentration on HAProxy, a warning on nginx, a renamed and a removed file) and builders for
// hostile and oversized variants.

import type { Finding } from '../../src/findings.js';
import type { ApprovalReport, FileReport, GateResult, TrafficRow } from '../../src/gate-types.js';

export const CONCENTRATION: Finding = {
  rule: 'traffic-concentration',
  severity: 'error',
  message: 'backend web sends 100% of its requests to web1 (before: 33.3%); web2 and web3 get nothing.',
  file: 'lb/haproxy.cfg',
  line: 42,
  side: 'after',
};

export const HEALTH_WARNING: Finding = {
  rule: 'health-check-missing',
  severity: 'warning',
  message: 'upstream api has no health check: a dead server keeps receiving requests.',
  file: 'nginx/api.conf',
  line: 7,
  column: 3,
  side: 'after',
};

export const REMOVED_NOTICE: Finding = {
  rule: 'listener-removed',
  severity: 'notice',
  message: 'frontend legacy is removed together with its file.',
  file: 'old/legacy.cfg',
  line: 3,
  side: 'before',
};

const HAPROXY_DIFF = [
  '--- a/lb/haproxy.cfg',
  '+++ b/lb/haproxy.cfg',
  '@@ -40,5 +40,5 @@',
  ' backend web',
  '-    balance roundrobin',
  '+    balance first',
  '     server web1 10.0.0.1:80 check',
  '     server web2 10.0.0.2:80 check',
  '',
].join('\n');

export function file(overrides: Partial<FileReport> & Pick<FileReport, 'path'>): FileReport {
  return {
    status: 'modified',
    format: 'haproxy',
    findings: [],
    changes: [],
    diff: { text: '', added: 0, removed: 0, truncated: false },
    ...overrides,
  };
}

export const TRAFFIC: TrafficRow[] = [
  { file: 'lb/haproxy.cfg', pool: 'web', member: 'web2', before: 1 / 3, after: 0 },
  { file: 'lb/haproxy.cfg', pool: 'web', member: 'web1', before: 1 / 3, after: 1 },
  { file: 'lb/haproxy.cfg', pool: 'web', member: 'web3', before: 1 / 3, after: 0 },
  // A pool whose definition changed but whose shares did not: not shown.
  { file: 'lb/haproxy.cfg', pool: 'static', member: 's1', before: 0.5, after: 0.5 },
  { file: 'lb/haproxy.cfg', pool: 'static', member: 's2', before: 0.5, after: 0.5 },
  // nginx: a member added and one removed, one unchanged.
  { file: 'nginx/api.conf', pool: 'api', member: 'api-a', before: 0.5, after: 0.5 },
  { file: 'nginx/api.conf', pool: 'api', member: 'api-b', before: 0.5, after: null },
  { file: 'nginx/api.conf', pool: 'api', member: 'api-c', before: null, after: 0.5 },
];

/** A fresh copy each call, so tests can mutate it freely. */
export function sampleResult(): GateResult {
  const concentration = { ...CONCENTRATION };
  const healthWarning = { ...HEALTH_WARNING };
  const removedNotice = { ...REMOVED_NOTICE };
  const files: FileReport[] = [
    file({
      path: 'lb/haproxy.cfg',
      findings: [concentration],
      diff: { text: HAPROXY_DIFF, added: 1, removed: 1, truncated: false },
    }),
    file({
      path: 'nginx/api.conf',
      format: 'nginx',
      findings: [healthWarning],
      diff: { text: '--- a/nginx/api.conf\n+++ b/nginx/api.conf\n@@ -1 +1 @@\n-server 10.0.1.2;\n+server 10.0.1.3;\n', added: 1, removed: 1, truncated: false },
    }),
    file({ path: 'lb/edge.cfg', previousPath: 'lb/edge-old.cfg', status: 'renamed' }),
    file({
      path: 'old/legacy.cfg',
      status: 'removed',
      findings: [removedNotice],
      diff: { text: '--- a/old/legacy.cfg\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-frontend legacy\n-  bind :8080\n-  default_backend web\n', added: 0, removed: 3, truncated: false },
    }),
  ];
  return {
    result: 'fail',
    risk: 'critical',
    requiredApprovals: 2,
    failOn: 'error',
    findings: [concentration, healthWarning, removedNotice],
    files,
    traffic: TRAFFIC.map((row) => ({ ...row })),
    counts: { error: 1, warning: 1, notice: 1 },
  };
}

export function sampleApprovals(): ApprovalReport {
  return {
    required: 2,
    approved: 1,
    changesRequested: ['carol'],
    reviewers: [
      { login: 'alice', state: 'APPROVED', counted: true, reason: 'approved the head commit' },
      { login: 'bob', state: 'APPROVED', counted: false, reason: 'stale: approved abc1234' },
      { login: 'carol', state: 'CHANGES_REQUESTED', counted: false, reason: 'requested changes' },
    ],
  };
}

export function passingResult(): GateResult {
  return {
    result: 'pass',
    risk: 'low',
    requiredApprovals: 1,
    failOn: 'error',
    findings: [],
    files: [file({ path: 'lb/haproxy.cfg' })],
    traffic: [],
    counts: { error: 0, warning: 0, notice: 0 },
  };
}
