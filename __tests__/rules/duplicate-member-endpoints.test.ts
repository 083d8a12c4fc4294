// duplicate-member compares small pools pair by pair and indexes large ones; both must agree with
// comparing the `memberEndpoint` text, including its odd cases.
import { describe, expect, it } from 'vitest';
import { duplicateMember } from '../../src/rules/duplicate-member.js';
import { cfg, check, m, pool } from '../helpers/model-builder.js';

function hitLines(members: ReturnType<typeof m>[]): (number | null)[] {
  return check(duplicateMember, null, cfg({ pools: [pool('web', members)] })).map((h) => h.line);
}

describe('duplicate-member endpoints', () => {
  it('reports each repeat against the first member with that endpoint', () => {
    const members = [m('a', '10.0.0.1:80', { line: 1 }), m('b', '10.0.0.1:81', { line: 2 }), m('c', '10.0.0.1:80', { line: 3 }), m('d', '10.0.0.1:80', { line: 4 })];
    const hits = check(duplicateMember, null, cfg({ pools: [pool('web', members)] }));
    expect(hits.map((h) => h.line)).toEqual([3, 4]);
    expect(hits[1].message).toContain("Members 'a' (line 1) and 'd'");
  });

  it('compares addresses without a port as text, so a port-less address can equal one with a port', () => {
    const portless = { ...m('a', 'x', { line: 1 }), address: '::1', port: null };
    const withPort = { ...m('b', 'x', { line: 2 }), address: ':', port: 1 };
    expect(hitLines([portless, withPort])).toEqual([2]);
    expect(hitLines([{ ...portless }, { ...m('c', 'x', { line: 3 }), address: '::1', port: null }])).toEqual([3]);
    expect(hitLines([m('a', '10.0.0.1:80', { line: 1 }), { ...m('b', 'x', { line: 2 }), address: '10.0.0.1', port: null }])).toEqual([]);
  });

  it('finds the same repeats in a pool too large to compare pair by pair', () => {
    const members = Array.from({ length: 40 }, (_, i) => m(`s${i}`, `10.0.0.${i % 30}:80`, { line: i + 1 }));
    expect(hitLines(members)).toEqual(Array.from({ length: 10 }, (_, i) => i + 31));
  });
});
