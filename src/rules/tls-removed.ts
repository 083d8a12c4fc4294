// `tls-removed`: a bind that keeps its address and port but stops terminating TLS.

import type { Bind } from '../model.js';
import type { Rule, RuleHit } from './types.js';
import { listenKey, quote } from './util.js';

export const tlsRemoved: Rule = {
  id: 'tls-removed',
  defaultSeverity: 'error',
  doc:
    'An address and port that terminated TLS before still listens, but without TLS (a dropped ' +
    '`ssl crt`, `listen 443` without `ssl`, a removed TLS context). HTTPS clients fail their ' +
    'handshake there, so the endpoint is down for them, and anything that does get through ' +
    'travels in clear text.',
  options: {},
  check(ctx) {
    if (!ctx.before || !ctx.after) return [];
    const tlsBefore = new Set(ctx.before.listeners.flatMap((l) => l.binds.filter((b) => b.tls).map(listenKey)));
    const after = new Map<string, { bind: Bind; listener: string }[]>();
    for (const listener of ctx.after.listeners) {
      for (const bind of listener.binds) {
        const key = listenKey(bind);
        const list = after.get(key) ?? [];
        list.push({ bind, listener: listener.name });
        after.set(key, list);
      }
    }
    const hits: RuleHit[] = [];
    for (const [key, binds] of after) {
      if (!tlsBefore.has(key) || binds.some((b) => b.bind.tls)) continue;
      const first = binds[0];
      hits.push({
        line: first.bind.loc.line, file: first.bind.loc.file,
        message:
          `${key} (listener ${quote(first.listener)}) no longer terminates TLS: HTTPS clients will fail ` +
          'their handshake there, and anything sent to it travels in clear text.',
      });
    }
    return hits;
  },
};
