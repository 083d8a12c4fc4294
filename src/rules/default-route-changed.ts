// `default-route-changed`: a listener that sends its unmatched requests somewhere else.

import type { Listener } from '../model.js';
import type { Rule, RuleHit } from './types.js';
import { describeTargets, quote, targetShareKey } from './util.js';

function listenersByName(listeners: Listener[]): Map<string, Listener> {
  const out = new Map<string, Listener>();
  for (const listener of listeners) if (!out.has(listener.name)) out.set(listener.name, listener);
  return out;
}

export const defaultRouteChanged: Rule = {
  id: 'default-route-changed',
  defaultSeverity: 'warning',
  doc:
    'A listener changes where requests go when no route matches (HAProxy `default_backend`, ' +
    'nginx `location /`, a catch-all route), or how they are split between several pools. ' +
    'The default route usually carries most of the traffic, so switching it moves the bulk ' +
    'of the load to another backend at once: if that backend is smaller, a test pool or not ' +
    'warmed up, the site goes down. Rescaling weights without changing the split is not a change.',
  options: {},
  check(ctx) {
    if (!ctx.before || !ctx.after) return [];
    const before = listenersByName(ctx.before.listeners);
    const hits: RuleHit[] = [];
    for (const listener of listenersByName(ctx.after.listeners).values()) {
      const previous = before.get(listener.name);
      if (!previous) continue;
      if (targetShareKey(previous.defaultTargets) === targetShareKey(listener.defaultTargets)) continue;
      hits.push({
        line: listener.loc.line, file: listener.loc.file,
        message:
          `Listener ${quote(listener.name)} now sends requests that match no route to ` +
          `${describeTargets(listener.defaultTargets)} (was ${describeTargets(previous.defaultTargets)}): ` +
          'most of its traffic moves at once, so check the new target can carry it.',
      });
    }
    return hits;
  },
};
