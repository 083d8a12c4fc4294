// The registry of format parsers: which parser reads which format.

import { envoyParser } from './envoy.js';
import { gatewayApiParser } from './gateway-api.js';
import { haproxyParser } from './haproxy.js';
import { ingressParser } from './ingress.js';
import { nginxParser } from './nginx.js';
import { jsonParser, yamlParser } from './plain.js';
import { traefikParser } from './traefik.js';
import type { FormatId, FormatParser } from './types.js';

const PARSERS: Partial<Record<FormatId, FormatParser>> = {
  haproxy: haproxyParser,
  nginx: nginxParser,
  envoy: envoyParser,
  traefik: traefikParser,
  'gateway-api': gatewayApiParser,
  ingress: ingressParser,
  yaml: yamlParser,
  json: jsonParser,
};

export const FORMAT_IDS: FormatId[] = ['haproxy', 'nginx', 'envoy', 'traefik', 'gateway-api', 'ingress', 'yaml', 'json'];

export function parserFor(format: FormatId): FormatParser | undefined {
  return PARSERS[format];
}

export function isFormatId(value: string): value is FormatId {
  return (FORMAT_IDS as string[]).includes(value);
}

export { detectFormat } from './detect.js';
export { UNMODELED_FORMATS } from './plain.js';
