// Picks the format of a config file from its content and its path. For YAML, JSON and TOML the
// content decides first (an Ingress in a folder named gateway/ is still an Ingress); for the
// text formats the name does.

import { looksLikeGatewayApi } from './gateway-api.js';
import { looksLikeIngress } from './ingress.js';
import { looksLikeTraefik } from './traefik.js';
import type { FormatId } from './types.js';

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return (i === -1 ? path : path.slice(i + 1)).toLowerCase();
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? '' : name.slice(i + 1);
}

// Only the head of a file is sniffed: enough to see what it is, cheap on huge files.
const SNIFF_BYTES = 64 * 1024;

const HAPROXY_SECTION = /^(?:global|defaults|frontend|backend|listen|userlist|peers|resolvers)(?:[ \t]|$)/m;
const NGINX_BLOCK = /^[ \t]*(?:upstream[ \t]+[^\s{]+|server|http|stream|events|location[^{\n]*)[ \t]*\{/m;

const ENVOY_YAML = /^(?:static_resources|dynamic_resources|layered_runtime|cluster_manager|overload_manager)\s*:/m;
const ENVOY_JSON = /"(?:static_resources|dynamic_resources)"\s*:/;
const ENVOY_XDS = /type\.googleapis\.com\/envoy\.config\.(?:cluster|listener)\.v3\.(?:Cluster|Listener)\b/;

function sniffStructured(head: string): FormatId | null {
  // Gateway API first: a file mixing HTTPRoutes and Ingresses is judged by its routes.
  if (looksLikeGatewayApi(head)) return 'gateway-api';
  if (looksLikeIngress(head)) return 'ingress';
  if (ENVOY_YAML.test(head) || ENVOY_JSON.test(head) || ENVOY_XDS.test(head)) return 'envoy';
  if (looksLikeTraefik(head)) return 'traefik';
  return null;
}

function structuredByName(name: string, lowerPath: string): FormatId | null {
  if (name.includes('envoy') || lowerPath.includes('/envoy/')) return 'envoy';
  if (name.includes('traefik') || lowerPath.includes('/traefik/')) return 'traefik';
  if (name.includes('ingress')) return 'ingress';
  if (name.includes('httproute') || name.includes('grpcroute') || name.includes('gateway')) return 'gateway-api';
  return null;
}

/** The format of `path`, or null when neither its content nor its name says. */
export function detectFormat(path: string, text: string | null): FormatId | null {
  const name = basename(path);
  const lowerPath = '/' + path.toLowerCase();
  const ext = extension(name);
  const head = text === null ? '' : text.slice(0, SNIFF_BYTES);

  if (ext === 'yaml' || ext === 'yml' || ext === 'json' || ext === 'toml') {
    const format = sniffStructured(head) ?? structuredByName(name, lowerPath);
    if (format) return format;
    if (ext === 'toml') return 'traefik'; // the only TOML load-balancer config we know
    return ext === 'json' ? 'json' : 'yaml';
  }
  if (name.includes('haproxy') || lowerPath.includes('/haproxy/')) return 'haproxy';
  if (name.includes('nginx') || lowerPath.includes('/nginx/') || lowerPath.includes('/conf.d/') || lowerPath.includes('/sites-')) return 'nginx';
  if (NGINX_BLOCK.test(head)) return 'nginx';
  if (HAPROXY_SECTION.test(head)) return 'haproxy';
  if (ext === 'cfg') return 'haproxy';
  if (ext === 'conf') return 'nginx';
  return null;
}
