import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/report/text.js';
import { file, passingResult, sampleApprovals, sampleResult } from './sample-result.js';

describe('renderText', () => {
  it('renders verdict, findings, files and traffic for a realistic result', () => {
    expect(renderText(sampleResult(), { approvals: sampleApprovals() })).toBe(
      [
        'lb-gate: FAIL',
        '  risk:      critical - the change takes traffic away from servers or listeners: the classic outage pattern',
        '  approvals: 1/2 (changes requested by carol)',
        '  findings:  1 error, 1 warning, 1 notice (the policy fails the gate on errors)',
        '',
        'Findings (3):',
        '  error    lb/haproxy.cfg:42   traffic-concentration  backend web sends 100% of its requests to web1 (before: 33.3%); web2 and web3 get nothing.',
        '  warning  nginx/api.conf:7:3  health-check-missing   upstream api has no health check: a dead server keeps receiving requests.',
        '  notice   old/legacy.cfg:3    listener-removed       frontend legacy is removed together with its file.',
        '',
        'Files (4):',
        '  modified  lb/haproxy.cfg                      haproxy  1 error',
        '  modified  nginx/api.conf                      nginx    1 warning',
        '  renamed   lb/edge.cfg (from lb/edge-old.cfg)  haproxy  no findings',
        '  removed   old/legacy.cfg                      haproxy  1 notice',
        '',
        "Traffic before -> after (share of each pool's requests):",
        '  lb/haproxy.cfg: pool web',
        '    member  before       after  change',
        '    web1     33.3%  ->  100.0%  +66.7 pp',
        '    web2     33.3%  ->    0.0%  -33.3 pp',
        '    web3     33.3%  ->    0.0%  -33.3 pp',
        '  nginx/api.conf: pool api',
        '    member  before      after  change',
        '    api-a    50.0%  ->  50.0%  unchanged',
        '    api-c        —  ->  50.0%  added',
        '    api-b    50.0%  ->      —  removed',
        '',
      ].join('\n'),
    );
  });

  it('sorts findings by severity even when the result is not sorted', () => {
    const result = sampleResult();
    result.findings.reverse();
    const lines = renderText(result).split('\n');
    const start = lines.indexOf('Findings (3):');
    expect(lines.slice(start + 1, start + 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(['error', 'warning', 'notice']);
  });

  it('says how many approvals are required when no approval report is given', () => {
    const text = renderText(passingResult());
    expect(text.split('\n').slice(0, 4)).toEqual([
      'lb-gate: PASS',
      '  risk:      low - the load balancer changes, and no rule raised a concern',
      '  approvals: 1 approval required',
      '  findings:  0 errors, 0 warnings, 0 notices (the policy fails the gate on errors)',
    ]);
    expect(text).toContain('Findings: none');
    expect(text).not.toContain('Traffic');
  });

  it('strips terminal escape sequences and indents multi-line messages', () => {
    const result = passingResult();
    const finding = {
      rule: 'parse-error',
      severity: 'error' as const,
      message: 'line one\nline \u001b[31mtwo',
      file: 'evil\u001b]0;title\u0007.cfg',
      line: null,
    };
    result.findings = [finding];
    result.files = [file({ path: finding.file, findings: [finding] })];
    const text = renderText(result);
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
    expect(text).toContain('  error  evil\uFFFD]0;title\uFFFD.cfg  parse-error  line one\n');
    expect(text).toContain(`\n${' '.repeat('  error  evil\uFFFD]0;title\uFFFD.cfg  parse-error  '.length)}line \uFFFD[31mtwo\n`);
  });

  it('shortens very long paths in the middle', () => {
    const result = passingResult();
    const path = `${'d/'.repeat(5000)}haproxy.cfg`;
    result.files = [file({ path })];
    const line = renderText(result).split('\n').find((l) => l.startsWith('  modified'))!;
    expect(line.length).toBeLessThan(100);
    expect(line).toContain('…');
    expect(line).toContain('haproxy.cfg');
  });

  it('says when no load-balancer config changed', () => {
    const result = passingResult();
    result.files = [];
    expect(renderText(result)).toContain('No load-balancer config changed.');
  });
});
