// The README documents every rule from the registry itself; this keeps the two in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { betweenMarkers, rulesTable, withRulesTable } from '../src/report/rules-table.js';
import { ACTION_TABLE_END, ACTION_TABLE_START, actionTables } from '../src/report/action-table.js';
import { parse } from 'yaml';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has the rule table the registry generates (run `npm run docs` after changing a rule)', () => {
    expect(withRulesTable(readme, rulesTable(RULES))).toBe(readme);
  });

  it('has the input and output tables action.yml generates (run `npm run docs` after changing action.yml)', () => {
    const spec = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
    expect(betweenMarkers(readme, ACTION_TABLE_START, ACTION_TABLE_END, actionTables(spec))).toBe(readme);
  });

  it('starts with the two set-up commands', () => {
    const head = readme.split('\n').slice(0, 8).join('\n');
    expect(head).toContain('npm ci && npm run demo');
    expect(head).toContain('npm ci && npm test');
  });
});
