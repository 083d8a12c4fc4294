import { describe, expect, it } from 'vitest';
import { pathToUri, renderSarif } from '../../src/report/sarif.js';
import { sampleResult } from './sample-result.js';

const RULES = [
  { id: 'traffic-concentration', doc: 'Flags pools whose traffic moves onto fewer members. One server taking all requests is the classic outage.', defaultSeverity: 'error' as const },
  { id: 'health-check-missing', doc: 'Flags pools without health checks.', defaultSeverity: 'warning' as const },
];

describe('renderSarif', () => {
  it('produces SARIF 2.1.0 with the rules and one result per finding', () => {
    const sarif = JSON.parse(renderSarif(sampleResult(), RULES, { version: '1.2.3' }));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('lb-gate');
    expect(driver.version).toBe('1.2.3');
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(['traffic-concentration', 'health-check-missing', 'listener-removed']);
    expect(driver.rules[0]).toEqual({
      id: 'traffic-concentration',
      name: 'traffic-concentration',
      shortDescription: { text: 'Flags pools whose traffic moves onto fewer members.' },
      fullDescription: { text: RULES[0].doc },
      defaultConfiguration: { level: 'error' },
    });
    // A finding of a rule the caller did not list still gets a descriptor.
    expect(driver.rules[2].defaultConfiguration).toEqual({ level: 'note' });

    const results = sarif.runs[0].results;
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({
      ruleId: 'traffic-concentration',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'backend web sends 100% of its requests to web1 (before: 33.3%); web2 and web3 get nothing.' },
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'lb/haproxy.cfg', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } } },
      ],
    });
    expect(results[1].level).toBe('warning');
    expect(results[1].locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 3 });
    expect(results[2]).toMatchObject({ ruleId: 'listener-removed', ruleIndex: 2, level: 'note' });
  });

  it('places findings without a line on line 1 and encodes paths as URIs', () => {
    const result = sampleResult();
    result.findings = [{ rule: 'parse-error', severity: 'error', message: 'unknown format', file: './conf d/a#1?.cfg', line: null }];
    const sarif = JSON.parse(renderSarif(result, []));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'conf%20d/a%231%3F.cfg', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });

  it('pathToUri keeps slashes and encodes each segment', () => {
    expect(pathToUri('lb/haproxy.cfg')).toBe('lb/haproxy.cfg');
    expect(pathToUri('dir\\win file.cfg')).toBe('dir/win%20file.cfg');
    expect(pathToUri('/abs/é.cfg')).toBe('abs/%C3%A9.cfg');
  });
});
