import { describe, expect, it } from 'vitest';
import { changedPools, formatChange, formatShare, shareBar } from '../../src/report/traffic-table.js';
import { TRAFFIC } from './sample-result.js';

describe('changedPools', () => {
  it('keeps only pools whose shares moved, in report order, members largest share first', () => {
    const pools = changedPools(TRAFFIC);
    expect(pools.map((p) => `${p.file}#${p.pool}`)).toEqual(['lb/haproxy.cfg#web', 'nginx/api.conf#api']);
    expect(pools[0].members.map((m) => m.member)).toEqual(['web1', 'web2', 'web3']);
    expect(pools[1].members.map((m) => m.member)).toEqual(['api-a', 'api-c', 'api-b']);
  });

  it('computes deltas and flags concentration', () => {
    const [web, api] = changedPools(TRAFFIC);
    expect(web.members[0]).toMatchObject({ member: 'web1', before: 1 / 3, after: 1, changed: true });
    expect(web.members[0].delta).toBeCloseTo(2 / 3, 12);
    expect(web.concentrated).toBe(true);
    expect(web.maxAfter).toBe(1);
    expect(api.concentrated).toBe(false);
    expect(api.members.map((m) => [m.member, m.delta, m.changed])).toEqual([
      ['api-a', 0, false],
      ['api-c', null, true],
      ['api-b', null, true],
    ]);
  });

  it('treats float noise as no change and sorts names naturally on ties', () => {
    const pools = changedPools([
      { file: 'f', pool: 'p', member: 'm10', before: 0.1 + 0.2, after: 0.3 },
      { file: 'f', pool: 'p', member: 'm2', before: 0.5, after: 0.3 },
      { file: 'f', pool: 'q', member: 'x', before: 0.1 + 0.2, after: 0.3 },
    ]);
    expect(pools).toHaveLength(1);
    expect(pools[0].members.map((m) => [m.member, m.changed])).toEqual([
      ['m2', true],
      ['m10', false],
    ]);
  });

  it('keeps pools apart by file even when their names are equal', () => {
    const pools = changedPools([
      { file: 'a.cfg', pool: 'web', member: 'w1', before: 1, after: 0 },
      { file: 'b.cfg', pool: 'web', member: 'w1', before: 0, after: 1 },
    ]);
    expect(pools.map((p) => p.file)).toEqual(['a.cfg', 'b.cfg']);
    // Everything stops: nothing concentrates onto a member.
    expect(pools[0].concentrated).toBe(false);
  });
});

describe('formatters', () => {
  it('formats shares as percentages with one decimal', () => {
    expect(formatShare(0.333)).toBe('33.3%');
    expect(formatShare(1 / 3)).toBe('33.3%');
    expect(formatShare(1)).toBe('100.0%');
    expect(formatShare(0)).toBe('0.0%');
    expect(formatShare(null)).toBe('—');
    expect(formatShare(Number.NaN)).toBe('—');
  });

  it('describes changes in percentage points', () => {
    const change = (before: number | null, after: number | null) =>
      formatChange({ member: 'm', before, after, delta: before !== null && after !== null ? after - before : null, changed: before !== after });
    expect(change(1 / 3, 1)).toBe('+66.7 pp');
    expect(change(0.5, 0)).toBe('-50.0 pp');
    expect(change(0.5, 0.5)).toBe('unchanged');
    expect(change(null, 0.5)).toBe('added');
    expect(change(0.5, null)).toBe('removed');
    expect(change(0.5, 0.50001)).toBe('+<0.1 pp');
  });

  it('draws a ten-cell bar', () => {
    expect(shareBar(0.6)).toBe('██████░░░░');
    expect(shareBar(1)).toBe('██████████');
    expect(shareBar(null)).toBe('░░░░░░░░░░');
    expect(shareBar(7)).toBe('██████████');
  });
});
