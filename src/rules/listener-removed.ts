// `listener-removed`: an address and port the balancer stops listening on.

import type { Rule, RuleHit } from './types.js';
import { listenKey, quote } from './util.js';

export const listenerRemoved: Rule = {
  id: 'listener-removed',
  defaultSeverity: 'error',
  takesTraffic: true,
  doc:
    'An address and port that the old config listened on is bound by no listener in the new ' +
    'one (including when the whole file is removed). Clients, health checks of upstream ' +
    'balancers and DNS records still point there; after the reload their connections are ' +
    'refused. Moving a bind to another listener in the same file is not a removal.',
  options: {},
  check(ctx) {
    if (!ctx.before) return [];
    const stillBound = new Set(ctx.after?.listeners.flatMap((l) => l.binds.map(listenKey)) ?? []);
    const reported = new Set<string>();
    const hits: RuleHit[] = [];
    for (const listener of ctx.before.listeners) {
      for (const bind of listener.binds) {
        const key = listenKey(bind);
        if (stillBound.has(key) || reported.has(key)) continue;
        reported.add(key);
        const gone = ctx.after ? '' : ' (the file is removed)';
        hits.push({
          line: bind.loc.line, file: bind.loc.file,
          side: 'before',
          message:
            `Nothing listens on ${key}${bind.tls ? ' (TLS)' : ''} any more (listener ${quote(listener.name)})${gone}: ` +
            'clients connecting there will be refused.',
        });
      }
    }
    return hits;
  },
};
