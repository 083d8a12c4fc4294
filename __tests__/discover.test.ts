import { describe, expect, it } from 'vitest';
import { fileMatches, globMatcher, matchesAny } from '../src/discover.js';

describe('matchesAny', () => {
  it('matches globs across directories, dot directories included', () => {
    expect(matchesAny('lb/haproxy.cfg', ['**/haproxy*.cfg'])).toBe(true);
    expect(matchesAny('.deploy/lb/haproxy.cfg', ['**/haproxy*.cfg'])).toBe(true);
    expect(matchesAny('haproxy.cfg', ['**/haproxy*.cfg'])).toBe(true);
    expect(matchesAny('docs/haproxy.md', ['**/haproxy*.cfg'])).toBe(false);
  });

  it('matches nothing with no globs, and ignores blank ones', () => {
    expect(matchesAny('haproxy.cfg', [])).toBe(false);
    expect(matchesAny('haproxy.cfg', ['', '  '])).toBe(false);
  });

  it('supports brace sets and a leading ./ on the path', () => {
    const match = globMatcher(['**/envoy*.{yaml,yml}']);
    expect(match('./edge/envoy.yml')).toBe(true);
    expect(match('edge/envoy.json')).toBe(false);
  });
});

describe('fileMatches', () => {
  it('matches a rename by its new or its previous path', () => {
    const globs = ['lb/**'];
    expect(fileMatches({ path: 'attic/haproxy.cfg', previousPath: 'lb/haproxy.cfg' }, globs)).toBe(true);
    expect(fileMatches({ path: 'lb/haproxy.cfg', previousPath: 'attic/haproxy.cfg' }, globs)).toBe(true);
    expect(fileMatches({ path: 'attic/haproxy.cfg', previousPath: 'old/haproxy.cfg' }, globs)).toBe(false);
  });
});
