// `npm run docs`: rewrites the generated tables in README.md (rules from the registry, action
// inputs and outputs from action.yml).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RULES } from '../src/rules/index.js';
import { betweenMarkers, rulesTable, withRulesTable } from '../src/report/rules-table.js';
import { ACTION_TABLE_END, ACTION_TABLE_START, actionTables } from '../src/report/action-table.js';

let readme = readFileSync('README.md', 'utf8');
readme = withRulesTable(readme, rulesTable(RULES));
readme = betweenMarkers(readme, ACTION_TABLE_START, ACTION_TABLE_END, actionTables(parse(readFileSync('action.yml', 'utf8'))));
writeFileSync('README.md', readme);
