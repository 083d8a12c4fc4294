import { describe, expect, it } from 'vitest';
import { renderJson, toJsonReport } from '../../src/report/json.js';
import { passingResult, sampleApprovals, sampleResult } from './sample-result.js';

describe('toJsonReport', () => {
  it('has exactly the documented shape', () => {
    const report = toJsonReport(sampleResult());
    expect(Object.keys(report)).toEqual(['result', 'risk', 'requiredApprovals', 'failOn', 'counts', 'findings', 'files', 'traffic']);
    expect(report.result).toBe('fail');
    expect(report.risk).toBe('critical');
    expect(report.requiredApprovals).toBe(2);
    expect(report.failOn).toBe('error');
    expect(report.counts).toEqual({ error: 1, warning: 1, notice: 1 });
    expect(report.findings[0]).toEqual({
      rule: 'traffic-concentration',
      severity: 'error',
      message: 'backend web sends 100% of its requests to web1 (before: 33.3%); web2 and web3 get nothing.',
      file: 'lb/haproxy.cfg',
      line: 42,
    });
    // column only when known; `side` is internal and not part of the contract.
    expect(report.findings[1]).toEqual({
      rule: 'health-check-missing',
      severity: 'warning',
      message: 'upstream api has no health check: a dead server keeps receiving requests.',
      file: 'nginx/api.conf',
      line: 7,
      column: 3,
    });
    expect(report.files.map((f) => Object.keys(f))).toEqual([
      ['path', 'format', 'status', 'findings'],
      ['path', 'format', 'status', 'findings'],
      ['path', 'previousPath', 'format', 'status', 'findings'],
      ['path', 'format', 'status', 'findings'],
    ]);
    expect(report.files[2]).toEqual({ path: 'lb/edge.cfg', previousPath: 'lb/edge-old.cfg', format: 'haproxy', status: 'renamed', findings: [] });
    expect(report.files[3].findings).toEqual([
      { rule: 'listener-removed', severity: 'notice', message: 'frontend legacy is removed together with its file.', file: 'old/legacy.cfg', line: 3 },
    ]);
    expect(report.traffic[0]).toEqual({ file: 'lb/haproxy.cfg', pool: 'web', member: 'web2', before: 1 / 3, after: 0 });
    expect(report.traffic).toHaveLength(8);
    expect(report).not.toHaveProperty('approvals');
  });

  it('adds approvals when given', () => {
    const report = toJsonReport(sampleResult(), { approvals: sampleApprovals() });
    expect(report.approvals).toEqual(sampleApprovals());
  });

  it('does not share arrays with the input', () => {
    const approvals = sampleApprovals();
    const report = toJsonReport(sampleResult(), { approvals });
    report.approvals!.changesRequested.push('mallory');
    expect(approvals.changesRequested).toEqual(['carol']);
  });
});

describe('renderJson', () => {
  it('pretty-prints with two spaces, a final newline, and parses back to the report', () => {
    const text = renderJson(passingResult());
    expect(text.startsWith('{\n  "result": "pass",\n  "risk": "low",\n  "requiredApprovals": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toJsonReport(passingResult()));
  });

  it('writes null for unknown shares and keeps hostile strings as data', () => {
    const result = passingResult();
    result.traffic = [{ file: 'a"\n.cfg', pool: '</script>', member: 'm', before: null, after: Number.NaN }];
    const parsed = JSON.parse(renderJson(result));
    expect(parsed.traffic).toEqual([{ file: 'a"\n.cfg', pool: '</script>', member: 'm', before: null, after: null }]);
  });
});
