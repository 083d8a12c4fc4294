import { describe, expect, it } from 'vitest';
import type { ContentReader } from '../../src/github/contents.js';
import { literalIncludes, prefetchIncludes, resolveInclude } from '../../src/github/includes.js';

describe('literalIncludes', () => {
  it('finds literal include paths, not globs or variables', () => {
    const text = 'http {\n  include conf.d/upstreams.conf;\n  include "mime.types";\n  include sites/*.conf;\n  include $x;\n}\n';
    expect(literalIncludes(text)).toEqual(['conf.d/upstreams.conf', 'mime.types']);
  });
});

describe('resolveInclude', () => {
  it('resolves against the main config file, inside the repository only', () => {
    expect(resolveInclude('conf.d/u.conf', 'edge/nginx.conf')).toBe('edge/conf.d/u.conf');
    expect(resolveInclude('../shared/u.conf', 'edge/nginx.conf')).toBe('shared/u.conf');
    expect(resolveInclude('../../etc/passwd', 'edge/nginx.conf')).toBeNull();
    expect(resolveInclude('/etc/nginx/u.conf', 'edge/nginx.conf')).toBeNull();
  });
});

describe('prefetchIncludes', () => {
  it('fetches included files at each side and serves them', async () => {
    const trees: Record<string, Record<string, string>> = {
      base: { 'edge/conf.d/u.conf': 'upstream app { server 10.0.0.1; }\n' },
      head: { 'edge/conf.d/u.conf': 'upstream app { server 10.0.0.2; }\n' },
    };
    const reads: string[] = [];
    const reader: ContentReader = {
      source: 'api',
      read: async (sha, path) => {
        reads.push(`${sha}:${path}`);
        return trees[sha]?.[path] ?? null;
      },
    };
    const main = 'http { include conf.d/u.conf; include conf.d/missing.conf; }\n';
    const readInclude = await prefetchIncludes(
      [{ path: 'edge/nginx.conf', status: 'modified', before: main, after: main.replace('include conf.d/missing.conf;', '') }],
      reader,
      { before: 'base', after: 'head' },
    );
    // The parser hands over paths already resolved against the main config's directory.
    expect(readInclude('before', 'edge/conf.d/u.conf', 'edge/nginx.conf')).toBe(trees.base['edge/conf.d/u.conf']);
    expect(readInclude('after', 'edge/conf.d/u.conf', 'edge/nginx.conf')).toBe(trees.head['edge/conf.d/u.conf']);
    expect(readInclude('before', 'edge/conf.d/missing.conf', 'edge/nginx.conf')).toBeNull();
    expect(readInclude('after', 'edge/conf.d/*.conf', 'edge/nginx.conf')).toBeNull();
    expect(readInclude('after', '/etc/nginx/conf.d/u.conf', 'edge/nginx.conf')).toBeNull();
    expect(reads.sort()).toEqual(['base:edge/conf.d/missing.conf', 'base:edge/conf.d/u.conf', 'head:edge/conf.d/u.conf']);
  });

  it('resolves includes inside included files against the main config, as nginx does', async () => {
    const tree: Record<string, string> = {
      'edge/conf.d/site.conf': 'server { include snippets/proxy.conf; }\n',
      'edge/snippets/proxy.conf': 'proxy_read_timeout 5s;\n',
    };
    const reader: ContentReader = { source: 'api', read: async (_sha, path) => tree[path] ?? null };
    const main = 'http { include conf.d/site.conf; }\n';
    const readInclude = await prefetchIncludes([{ path: 'edge/nginx.conf', status: 'modified', before: main, after: main }], reader, {
      before: 'b',
      after: 'h',
    });
    expect(readInclude('after', 'edge/snippets/proxy.conf', 'edge/conf.d/site.conf')).toBe(tree['edge/snippets/proxy.conf']);
  });
});
