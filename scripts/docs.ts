// `npm run docs`: rewrites the rule table in README.md from the rule registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { RULES } from '../src/rules/index.js';
import { rulesTable, withRulesTable } from '../src/report/rules-table.js';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withRulesTable(readme, rulesTable(RULES)));
