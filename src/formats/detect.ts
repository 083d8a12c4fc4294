// Picks the format of a config file from its path and, when the path is not enough, its content.

import type { FormatId } from './types.js';

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return (i === -1 ? path : path.slice(i + 1)).toLowerCase();
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i === -1 ? '' : name.slice(i + 1);
}

// Only the head of a file is sniffed: enough to see section keywords, cheap on huge files.
const SNIFF_BYTES = 64 * 1024;

const HAPROXY_SECTION = /^(?:global|defaults|frontend|backend|listen|userlist|peers|resolvers)(?:[ \t]|$)/m;
const NGINX_BLOCK = /^[ \t]*(?:upstream[ \t]+[^\s{]+|server|http|stream|events|location[^{\n]*)[ \t]*\{/m;

function sniffText(text: string): FormatId | null {
  const head = text.slice(0, SNIFF_BYTES);
  if (NGINX_BLOCK.test(head)) return 'nginx';
  if (HAPROXY_SECTION.test(head)) return 'haproxy';
  return null;
}

/** The format of `path`, or null when neither its name nor its content says. */
export function detectFormat(path: string, text: string | null): FormatId | null {
  const name = basename(path);
  const lowerPath = path.toLowerCase();
  const ext = extension(name);
  if (name.includes('haproxy') || lowerPath.includes('/haproxy/')) return 'haproxy';
  if (name.includes('nginx') || lowerPath.includes('nginx/') || lowerPath.includes('/conf.d/') || lowerPath.includes('sites-')) {
    if (ext !== 'yaml' && ext !== 'yml' && ext !== 'json') return 'nginx';
  }
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  const sniffed = text === null ? null : sniffText(text);
  if (sniffed) return sniffed;
  if (ext === 'cfg') return 'haproxy';
  if (ext === 'conf') return 'nginx';
  return null;
}
