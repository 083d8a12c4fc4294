// The policy lb-gate applies when a repository has no `.github/lb-gate.yml`, and the file
// globs that recognise load-balancer configs by their usual names and folders.

import type { Policy } from './types.js';

export const DEFAULT_PATHS: readonly string[] = [
  // HAProxy
  '**/haproxy*.cfg',
  '**/haproxy/**/*.cfg',
  // nginx
  '**/nginx*.conf',
  '**/nginx/**/*.conf',
  '**/conf.d/**/*.conf',
  '**/sites-{available,enabled}/**',
  // Envoy
  '**/envoy*.{yaml,yml,json}',
  '**/envoy/**/*.{yaml,yml,json}',
  // Traefik (dynamic configuration)
  '**/traefik*.{yaml,yml,toml}',
  '**/traefik/**/*.{yaml,yml,toml}',
  // Kubernetes Gateway API and Ingress
  '**/*{httproute,gateway,ingress}*.{yaml,yml}',
  '**/*{HTTPRoute,Gateway,Ingress}*.{yaml,yml}',
];

export const DEFAULT_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/** A fresh default policy (callers may mutate what they get). */
export function defaultPolicy(): Policy {
  return {
    paths: [...DEFAULT_PATHS],
    failOn: 'error',
    rules: {},
    approvals: {
      required: 1,
      byRisk: { high: 2, critical: 2 },
      dismissStale: true,
      associations: [...DEFAULT_ASSOCIATIONS],
    },
    schemas: [],
  };
}
