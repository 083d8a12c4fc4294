// SARIF 2.1.0 output, so findings can be uploaded to GitHub code scanning (or any SARIF viewer)
// and appear as alerts on the lines that cause them.

import type { Finding, Severity } from '../findings.js';
import type { GateResult } from '../gate-types.js';

export interface SarifRule {
  id: string;
  doc: string;
  defaultSeverity: Severity;
}

export interface SarifOptions {
  /** lb-gate's version, shown by viewers next to the tool name. */
  version?: string;
  informationUri?: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', notice: 'note' };

/** A repository path as a relative URI reference: each segment percent-encoded, slashes kept. */
export function pathToUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^\.?\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function firstSentence(doc: string): string {
  const match = /^(.*?[.!?])(\s|$)/s.exec(doc.trim());
  return (match ? match[1] : doc.trim()).replace(/\s+/g, ' ');
}

function sarifRule(rule: SarifRule) {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: firstSentence(rule.doc) || rule.id },
    fullDescription: { text: rule.doc || rule.id },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>) {
  const index = ruleIndex.get(finding.rule);
  // Code scanning needs a line to place an alert; a finding about a whole file goes on line 1.
  const region: { startLine: number; startColumn?: number } = { startLine: finding.line !== null && finding.line >= 1 ? finding.line : 1 };
  if (finding.line !== null && finding.column !== undefined && finding.column >= 1) region.startColumn = finding.column;
  return {
    ruleId: finding.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(finding.file), uriBaseId: '%SRCROOT%' },
          region,
        },
      },
    ],
  };
}

export function toSarif(result: GateResult, rules: SarifRule[], opts: SarifOptions = {}) {
  const known = new Map<string, SarifRule>();
  for (const rule of rules) if (!known.has(rule.id)) known.set(rule.id, rule);
  // Findings of rules the caller did not list (custom rules) still need a descriptor to point at.
  for (const finding of result.findings) {
    if (!known.has(finding.rule)) known.set(finding.rule, { id: finding.rule, doc: '', defaultSeverity: finding.severity });
  }
  const descriptors = [...known.values()];
  const ruleIndex = new Map(descriptors.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lb-gate',
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            ...(opts.informationUri !== undefined ? { informationUri: opts.informationUri } : {}),
            rules: descriptors.map(sarifRule),
          },
        },
        results: result.findings.map((f) => sarifResult(f, ruleIndex)),
      },
    ],
  };
}

export function renderSarif(result: GateResult, rules: SarifRule[], opts: SarifOptions = {}): string {
  return `${JSON.stringify(toSarif(result, rules, opts), null, 2)}\n`;
}
