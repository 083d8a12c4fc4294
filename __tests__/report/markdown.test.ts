import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings.js';
import type { GateResult } from '../../src/gate-types.js';
import { COMMENT_MARKER, renderComment, renderNoChanges, renderSummary } from '../../src/report/markdown.js';
import { file, passingResult, sampleApprovals, sampleResult } from './sample-result.js';

const ZWSP = '\u200B';
const RUN = 'https://github.com/acme/infra/actions/runs/42';

/** Pipes that split table cells (not escaped with a backslash). */
function cellSeparators(row: string): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') n++;
  }
  return n;
}

function utf8(text: string): number {
  return new TextEncoder().encode(text).length;
}

describe('renderComment on a realistic result', () => {
  const md = renderComment(sampleResult(), { approvals: sampleApprovals(), runUrl: RUN });

  it('starts with the marker, then the verdict with risk and its explanation', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[2]).toBe('## ❌ lb\\-gate: fail · critical risk');
    expect(md).toContain(
      '- **Risk: critical** — the change takes traffic away from servers or listeners: the classic outage pattern.',
    );
    expect(md).toContain('- **Findings:** 1 error, 1 warning, 1 notice — **the gate fails**; the policy fails the gate on errors.');
    expect(md).toContain('- **Approvals: 1 / 2** — 1 more approval needed at critical risk; **changes requested** by carol.');
  });

  it('lists reviewers with what counted and calls out requested changes', () => {
    expect(md).toContain('### ⏳ Approvals: 1 / 2');
    expect(md).toContain('> Changes requested by **carol**: the merge stays blocked until they approve or their review is dismissed.');
    expect(md).toContain('| alice | APPROVED | ✓ | approved the head commit |');
    expect(md).toContain('| bob | APPROVED | ✗ | stale: approved abc1234 |');
    expect(md).toContain('| carol | CHANGES\\_REQUESTED | ✗ | requested changes |');
  });

  it('shows each file with its status and its findings', () => {
    expect(md).toContain('| lb/haproxy\\.cfg | modified | haproxy | 🛑 1 error |');
    expect(md).toContain('| lb/edge\\.cfg | renamed from lb/edge\\-old\\.cfg | haproxy | none |');
    expect(md).toContain('| old/legacy\\.cfg | removed | haproxy | ℹ️ 1 notice |');
    expect(md).toContain('#### 🛑 lb/haproxy\\.cfg');
    expect(md).toContain(
      '| 🛑 error | 42 | `traffic-concentration` | backend web sends 100% of its requests to web1 \\(before: 33\\.3%\\); web2 and web3 get nothing\\. |',
    );
    expect(md).toContain('| ⚠️ warning | 7:3 | `health-check-missing` |');
    expect(md).toContain('| ℹ️ notice | 3 | `listener-removed` | frontend legacy is removed together with its file\\. |');
  });

  it('shows before → after traffic for pools that moved, with bars, and a chart where traffic concentrated', () => {
    expect(md).toContain('Pool **web** in lb/haproxy\\.cfg — traffic concentrates on fewer members');
    expect(md).toContain('| web1 | 33\\.3% | 100\\.0% | \\+66\\.7 pp | `██████████` |');
    expect(md).toContain('| web2 | 33\\.3% | 0\\.0% | \\-33\\.3 pp | `░░░░░░░░░░` |');
    expect(md).toContain('| api\\-c | — | 50\\.0% | added | `█████░░░░░` |');
    expect(md).not.toContain('Pool **static**');
    expect(md).toContain('```mermaid\npie showData\n    title web after the change, 2 of 3 members get nothing\n    "web1" : 100.0\n```');
    expect(md.match(/```mermaid/g)).toHaveLength(1);
  });

  it('folds each diff in a details block with a diff fence', () => {
    expect(md).toContain('<details><summary>Diff of lb/haproxy.cfg (+1 −1)</summary>\n\n```diff\n--- a/lb/haproxy.cfg\n');
    expect(md.match(/<details>/g)).toHaveLength(3);
    expect(md.match(/<\/details>/g)).toHaveLength(3);
    expect(md).not.toContain('Diff of lb/edge.cfg');
  });

  it('links the run and cuts nothing', () => {
    expect(md.trimEnd().endsWith(`<sub>lb\\-gate · [workflow run](${RUN})</sub>`)).toBe(true);
    expect(md).not.toContain('[!NOTE]');
  });
});

describe('renderComment variants', () => {
  it('a passing result without approval report', () => {
    const md = renderComment(passingResult(), { title: 'LB gate' });
    expect(md.split('\n')[2]).toBe('## ✅ LB gate: pass · low risk');
    expect(md).toContain('- **Approvals required:** 1 at low risk.');
    expect(md).toContain('No findings.');
    expect(md).not.toContain('### Traffic');
    expect(md).not.toContain('### Diffs');
    expect(md).not.toContain('<sub>');
  });

  it('groups findings of files outside the PR (the policy) under their own file', () => {
    const result = passingResult();
    const policy: Finding = { rule: 'schema', severity: 'error', message: 'approvals.required must be a number', file: '.github/lb-gate.yml', line: 4 };
    result.findings = [policy];
    const md = renderComment(result);
    expect(md).toContain('#### 🛑 \\.github/lb\\-gate\\.yml');
    expect(md).toContain('| 🛑 error | 4 | `schema` | approvals\\.required must be a number |');
  });

  it('marks lines in the old version of a file that still exists', () => {
    const result = sampleResult();
    result.files[0].findings = [{ ...result.files[0].findings[0], line: 9, side: 'before' }];
    expect(renderComment(result)).toContain('| 🛑 error | 9 (old) | `traffic-concentration` |');
  });

  it('ignores a run URL that is not http(s) or could break out of the link', () => {
    for (const runUrl of ['javascript:alert(1)', 'https://x.io/a) [y](https://evil', 'https://x.io/<b>']) {
      const md = renderComment(passingResult(), { runUrl });
      expect(md).not.toContain('<sub>');
      expect(md).not.toContain('javascript');
    }
  });

  it('uses a custom marker as the first line, and repairs one that is not an HTML comment', () => {
    expect(renderComment(passingResult(), { marker: '<!-- lb-gate:edge -->' }).split('\n')[0]).toBe('<!-- lb-gate:edge -->');
    expect(renderComment(passingResult(), { marker: 'edge --> <script>\nx' }).split('\n')[0]).toBe('<!-- edge script x -->');
    expect(renderComment(passingResult(), { marker: '<!-- a --> b -->' }).split('\n')[0]).toBe('<!-- a b -->');
    expect(renderComment(passingResult(), { marker: '\n' }).split('\n')[0]).toBe(COMMENT_MARKER);
  });
});

describe('escaping of everything that comes from the PR', () => {
  const EVIL = '<img src=x onerror=alert(1)> @org/team ](javascript:alert(1)) <!-- x --> </details> ``` | #123 \n# head';

  function hostileResult(): GateResult {
    const finding: Finding = { rule: 'traffic-concentration', severity: 'error', message: EVIL, file: EVIL, line: 1 };
    return {
      ...passingResult(),
      result: 'fail',
      risk: 'critical',
      findings: [finding],
      counts: { error: 1, warning: 0, notice: 0 },
      files: [
        file({
          path: EVIL,
          previousPath: `${EVIL}-old`,
          status: 'renamed',
          findings: [finding],
          diff: { text: `--- a\n+++ b\n@@ -1 +1 @@\n-${EVIL}\n+\`\`\`\`\n+</details>\n`, added: 2, removed: 1, truncated: false },
        }),
      ],
      traffic: [
        { file: EVIL, pool: EVIL, member: `a"b ${EVIL}`, before: 0.5, after: 1 },
        { file: EVIL, pool: EVIL, member: 'other', before: 0.5, after: 0 },
      ],
    };
  }

  const approvals = {
    required: 2,
    approved: 0,
    changesRequested: ['@org/admins'],
    reviewers: [{ login: '@org/admins', state: EVIL, counted: false, reason: EVIL }],
  };
  const md = renderComment(hostileResult(), { approvals });
  const summary = renderSummary(hostileResult(), { approvals });

  it.each([
    ['comment', md],
    ['summary', summary],
  ])('the %s contains no live HTML, links or mentions from the input', (_, whole) => {
    // Text inside fenced code blocks is inert; check everything else.
    const doc = whole.replace(/^(~~~+|```+)[a-z]*\n[\s\S]*?\n\1$/gm, '[code]');
    expect(doc.match(/\[code\]/g)).toHaveLength(2); // the Mermaid chart and the diff
    expect(doc).not.toMatch(/<img|<script|<!-- x/i);
    expect(doc).not.toContain('](javascript');
    expect(doc).not.toMatch(/@org/);
    expect(doc).toContain(`@${ZWSP}org/team`);
    expect(doc).not.toMatch(/(^|[^\\])#123/);
    // Our own structure only: one diff block, opened and closed once.
    expect(doc.match(/<details>/g)).toHaveLength(1);
    expect(doc.match(/^<\/details>$/gm)).toHaveLength(1);
    // No line starts a heading except ours.
    for (const line of doc.split('\n').filter((l) => l.startsWith('#'))) expect(line).toMatch(/^#{2,4} /);
  });

  it('keeps every table row to its columns', () => {
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) {
      const header = md.split('\n').find((l) => l.startsWith('| ') && cellSeparators(l) === cellSeparators(line));
      expect(header, line).toBeDefined();
      expect([5, 6]).toContain(cellSeparators(line));
    }
  });

  it('fences the diff so that its backticks and </details> stay inside', () => {
    const start = md.indexOf('<details>');
    const block = md.slice(start, md.indexOf('\n</details>', start));
    expect(block).toContain('\n~~~diff\n');
    expect(block).toContain('\n+````\n+</details>\n~~~');
  });

  it('strips quotes from Mermaid labels', () => {
    const chart = md.slice(md.indexOf('```mermaid'), md.indexOf('```', md.indexOf('```mermaid') + 3));
    const slice = chart.split('\n').find((l) => l.includes(' : '))!;
    expect(slice.match(/"/g)).toHaveLength(2);
    expect(slice).toMatch(/^ {4}"a b img src x onerror alert\(1\) org\/team/);
  });

  it('shortens 10,000-character names', () => {
    const result = passingResult();
    const long = `${'n'.repeat(10_000)}.cfg`;
    result.files = [file({ path: long })];
    const out = renderComment(result);
    expect(out).not.toContain('n'.repeat(400));
    expect(out).toContain('…');
    expect(out).toContain('\\.cfg |');
  });
});

function bigResult(): GateResult {
  const result = sampleResult();
  const hugeDiff = Array.from({ length: 20_000 }, (_, i) => `+    server web${i} 10.0.${i % 250}.${i % 200}:80 check weight ${i % 7}`).join('\n');
  expect(hugeDiff.length).toBeGreaterThan(1_000_000);
  result.files[0].diff = { text: hugeDiff, added: 20_000, removed: 0, truncated: false };
  for (let i = 0; i < 500; i++) {
    const path = `lb/site-${i}/haproxy.cfg`;
    const severity = (['error', 'warning', 'notice'] as const)[i % 3];
    const finding: Finding = { rule: 'single-point-of-failure', severity, message: `pool app of site ${i} has a single active member. `.repeat(3), file: path, line: i + 1 };
    result.files.push(file({ path, findings: [finding], diff: { text: `@@ -1 +1 @@\n-  server a 10.1.0.${i % 250}:80\n+  server a 10.2.0.${i % 250}:80\n`, added: 1, removed: 1, truncated: false } }));
    result.findings.push(finding);
    result.counts[severity]++;
    result.traffic.push(
      { file: path, pool: 'app', member: 'a', before: 0.5, after: 1 },
      { file: path, pool: 'app', member: 'b', before: 0.5, after: 0 },
      { file: path, pool: 'app', member: 'c', before: 0, after: 0 },
    );
  }
  return result;
}

describe('size budget', () => {
  const big = bigResult();
  const errors = big.findings.filter((f) => f.severity === 'error');

  it('keeps a 500-file result with a 1 MB diff under 65,000 characters, marker first, every error listed', () => {
    const md = renderComment(big, { approvals: sampleApprovals(), runUrl: RUN });
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(md.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(errors.length).toBe(168);
    for (const e of errors) expect(md).toContain(`| 🛑 error | ${e.line} | \`${e.rule}\` |`);
    expect(md).toContain('> [!NOTE]');
    expect(md).toContain(`the full report is in the job summary of the [workflow run](${RUN})`);
    expect(md).toMatch(/> - the diffs of lb\/haproxy\\\.cfg, .* and 498 more \(21,511 lines\)/);
    expect(md).toContain('> - 168 warnings\n');
    expect(md).toContain('> - 167 notices\n');
    expect(md).not.toContain('<details>');
  });

  it('respects a smaller limit by dropping error rows last, and says how many', () => {
    const md = renderComment(big, { maxLength: 8_000 });
    expect(md.length).toBeLessThanOrEqual(8_000);
    expect(md.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(md).toMatch(/…and \d+ more errors not listed here\./);
    expect(md).toContain('| 🛑 error | 1 | `single-point-of-failure` |');
    expect(md).not.toContain('⚠️ warning |');
  });

  it('keeps the marker even with an absurdly small limit', () => {
    const md = renderComment(big, { maxLength: 300 });
    expect(md.length).toBeLessThanOrEqual(300);
    expect(md.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
  });

  it('shortens a big diff before cutting anything else', () => {
    const result = sampleResult();
    result.files[0].diff = { text: Array.from({ length: 5000 }, (_, i) => `+line ${i}`).join('\n'), added: 5000, removed: 0, truncated: false };
    const md = renderComment(result, { maxLength: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toContain('```mermaid');
    expect(md).toContain('| api\\-a | 50\\.0% | 50\\.0% | unchanged |');
    expect(md).toContain('Diff of nginx/api.conf (+1 −1)</summary>');
    expect(md).toMatch(/Diff of lb\/haproxy\.cfg \(\+5,000 −0\), first [\d,]+ of 5,000 lines<\/summary>/);
    expect(md).toMatch(/> - the last [\d,]+ of 5,000 lines of the diff of lb\/haproxy\\\.cfg\n/);
  });

  it('drops charts, then unchanged traffic rows, before notices', () => {
    const result = sampleResult();
    result.files.forEach((f) => (f.diff = { text: '', added: 0, removed: 0, truncated: false }));
    for (let i = 0; i < 200; i++) result.traffic.push({ file: 'nginx/api.conf', pool: 'api', member: `same-${i}`, before: 0.001, after: 0.001 });
    const full = renderComment(result);
    const md = renderComment(result, { maxLength: full.length - 100 });
    expect(md).not.toContain('```mermaid');
    expect(md).not.toContain('same\\-1 |');
    expect(md).toContain('| …201 members with unchanged shares | | | | |');
    expect(md).toContain('ℹ️ notice | 3 |');
    expect(md).toContain('> - 1 traffic chart\n');
    expect(md).toContain('> - the traffic rows of 201 members whose share did not change\n');
  });

  it('renders the job summary from the same code: no marker, a byte limit', () => {
    const small = sampleResult();
    expect(renderComment(small, { approvals: sampleApprovals() })).toBe(
      `${COMMENT_MARKER}\n\n${renderSummary(small, { approvals: sampleApprovals() })}`,
    );
    const summary = renderSummary(big, { maxLength: 200_000 });
    expect(utf8(summary)).toBeLessThanOrEqual(200_000);
    expect(summary.startsWith('## ❌ lb\\-gate: fail')).toBe(true);
    expect(summary).toContain('run `lb-gate` on the changed files locally for the full report');
    // The default limit leaves room for most diffs.
    const full = renderSummary(big);
    expect(utf8(full)).toBeLessThanOrEqual(1_000_000);
    expect(full.match(/<details>/g)!.length).toBeGreaterThan(500);
  });
});

describe('renderNoChanges', () => {
  it('says no LB config changed, marker first', () => {
    expect(renderNoChanges({ runUrl: RUN })).toBe(
      [
        COMMENT_MARKER,
        '',
        '## ✅ lb\\-gate: no load-balancer config changed',
        '',
        'This PR no longer changes any load-balancer configuration, so there is nothing for lb-gate to check and it requires no approvals.',
        '',
        `<sub>lb\\-gate · [workflow run](${RUN})</sub>`,
        '',
      ].join('\n'),
    );
    expect(renderNoChanges({ marker: '<!-- lb-gate:edge -->' }).split('\n')[0]).toBe('<!-- lb-gate:edge -->');
  });
});

describe('comment heading with approvals', () => {
  it('says fail when findings pass but approvals are missing, pass once they are given', () => {
    const result = passingResult();
    const missing = { required: 2, approved: 1, changesRequested: [], reviewers: [] };
    expect(renderComment(result, { approvals: missing }).split('\n').find((l) => l.startsWith('## '))).toMatch(/❌ .*: fail/);
    const enough = { ...missing, approved: 2 };
    expect(renderComment({ ...result, requiredApprovals: 2 }, { approvals: enough }).split('\n').find((l) => l.startsWith('## '))).toMatch(/✅ .*: pass/);
    const blocked = { ...enough, changesRequested: ['octocat'] };
    expect(renderComment({ ...result, requiredApprovals: 2 }, { approvals: blocked }).split('\n').find((l) => l.startsWith('## '))).toMatch(/❌ .*: fail/);
  });
});

describe('traffic tables under the size budget', () => {
  it('keeps the most affected pools when not all tables fit, and says how many were left out', () => {
    const result = passingResult();
    result.traffic = [];
    for (let p = 0; p < 200; p++) {
      for (let m = 0; m < 10; m++) {
        // Pool 7 moves the most: its first member goes from 10% to 55%.
        const before = 0.1;
        const after = p === 7 ? (m === 0 ? 0.55 : 0.05) : m === 0 ? 0.06 : 0.1044;
        result.traffic.push({ file: 'lb/haproxy.cfg', pool: `be${p}`, member: `s${m}`, before, after });
      }
    }
    const md = renderComment(result, { maxLength: 20_000 });
    expect(md.length).toBeLessThanOrEqual(20_000);
    expect(md).toContain('Pool **be7**');
    expect(md).toMatch(/more pools changed too/);
    expect(md).toMatch(/the traffic tables of \d+ less affected pools/);
  });
});
