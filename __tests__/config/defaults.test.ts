import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS, defaultPolicy } from '../../src/config/defaults.js';

const matches = picomatch([...DEFAULT_PATHS], { dot: true });

describe('DEFAULT_PATHS', () => {
  it.each([
    'haproxy.cfg',
    'deploy/haproxy-prod.cfg',
    'etc/haproxy/conf.d/backends.cfg',
    'nginx.conf',
    'infra/nginx/upstreams.conf',
    'etc/nginx/conf.d/app.conf',
    'etc/nginx/sites-enabled/default',
    'etc/nginx/sites-available/api.example.com',
    'envoy.yaml',
    'mesh/envoy-front.json',
    'deploy/envoy/clusters.yml',
    'traefik.toml',
    'config/traefik/dynamic.yaml',
    'k8s/api-httproute.yaml',
    'k8s/gateway.yml',
    'k8s/web-ingress.yaml',
    'k8s/HTTPRoute-api.yaml',
  ])('recognises %s', (path) => {
    expect(matches(path)).toBe(true);
  });

  it.each(['README.md', 'src/app.ts', 'deploy/values.yaml', 'docs/haproxy.md', 'envoy.go', 'nginx.conf.bak'])(
    'ignores %s',
    (path) => {
      expect(matches(path)).toBe(false);
    },
  );
});

describe('defaultPolicy', () => {
  it('fails on errors and asks for one approval, two at high and critical risk', () => {
    expect(defaultPolicy()).toEqual({
      paths: [...DEFAULT_PATHS],
      failOn: 'error',
      rules: {},
      approvals: {
        required: 1,
        byRisk: { high: 2, critical: 2 },
        dismissStale: true,
        associations: ['OWNER', 'MEMBER', 'COLLABORATOR'],
      },
      schemas: [],
    });
  });

  it('returns a fresh object each time', () => {
    const first = defaultPolicy();
    first.paths.push('x');
    first.approvals.byRisk.high = 9;
    first.approvals.associations.push('NONE');
    expect(defaultPolicy().paths).toEqual([...DEFAULT_PATHS]);
    expect(defaultPolicy().approvals.byRisk).toEqual({ high: 2, critical: 2 });
    expect(defaultPolicy().approvals.associations).toEqual(['OWNER', 'MEMBER', 'COLLABORATOR']);
  });
});
