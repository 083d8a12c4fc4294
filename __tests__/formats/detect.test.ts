import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';

const corpus = resolve(__dirname, '../../../shared/corpus');

describe('detectFormat', () => {
  it.each([
    ['haproxy/haproxy.cfg', 'global\n', 'haproxy'],
    ['lb/edge.cfg', 'frontend fe\n  bind :80\n', 'haproxy'],
    ['etc/nginx/nginx.conf', 'events {}\n', 'nginx'],
    ['deploy/conf.d/upstreams.conf', 'upstream app {\n server 10.0.0.1;\n}\n', 'nginx'],
    ['proxy/site.conf', 'server {\n listen 80;\n}\n', 'nginx'],
    ['lb/front.yaml', 'static_resources:\n  clusters: []\n', 'envoy'],
    ['lb/front.json', '{"static_resources": {"clusters": []}}', 'envoy'],
    ['k8s/route.yaml', 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n', 'gateway-api'],
    ['k8s/gateway/web.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\n', 'ingress'],
    ['traefik/dynamic.yml', 'http:\n  routers:\n    web: {}\n', 'traefik'],
    ['dynamic.toml', '[http.services.app.loadBalancer]\n', 'traefik'],
    ['lb/inhouse.yaml', 'pools: []\n', 'yaml'],
    ['lb/inhouse.json', '{"pools": []}', 'json'],
    ['lb/unknown.txt', 'hello\n', null],
    ['lb/weird.toml', 'a = 1\n', 'traefik'],
  ])('%s is %s', (path, text, format) => {
    expect(detectFormat(path, text)).toBe(format);
  });

  it.skipIf(!existsSync(corpus))('recognises every corpus file by its name and content', () => {
    for (const [dir, format] of [['haproxy', 'haproxy'], ['envoy', 'envoy'], ['gateway-api', 'gateway-api']] as const) {
      for (const f of readdirSync(join(corpus, dir)).filter((n) => !n.startsWith('.'))) {
        const text = readFileSync(join(corpus, dir, f), 'utf8');
        // Namespace-only manifests in the Gateway API corpus carry no Gateway API kind.
        if (dir === 'gateway-api' && !/gateway\.networking\.k8s\.io/.test(text)) continue;
        expect([f, detectFormat(`${dir}/${f}`, text)]).toEqual([f, format]);
      }
    }
  });
});
