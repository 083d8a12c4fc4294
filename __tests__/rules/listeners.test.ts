import { describe, expect, it } from 'vitest';
import { listenerRemoved } from '../../src/rules/listener-removed.js';
import { tlsRemoved } from '../../src/rules/tls-removed.js';
import { bind, cfg, check, edit, listener, m, pool } from '../helpers/model-builder.js';

function site() {
  return cfg({
    listeners: [
      listener('http-in', { line: 1, binds: [bind('*:80', { line: 2 })], to: 'web' }),
      listener('https-in', {
        line: 5,
        binds: [bind('0.0.0.0:443', { tls: true, line: 6 }), bind('[::]:443', { tls: true, line: 7 })],
        to: 'web',
      }),
    ],
    pools: [pool('web', [m('w1'), m('w2')], { line: 10 })],
  });
}

describe('listener-removed', () => {
  const rule = listenerRemoved;

  it('fires at the old line when a bind disappears', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[1].binds.pop();
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 7,
        side: 'before',
        message: "Nothing listens on [::]:443 (TLS) any more (listener 'https-in'): clients connecting there will be refused.",
      },
    ]);
  });

  it('fires for every bind when the file is removed', () => {
    const hits = check(rule, site(), null);
    expect(hits.map((h) => [h.line, h.side])).toEqual([
      [2, 'before'],
      [6, 'before'],
      [7, 'before'],
    ]);
    expect(hits[0].message).toBe(
      "Nothing listens on *:80 any more (listener 'http-in') (the file is removed): clients connecting there will be refused.",
    );
  });

  it('reports a socket bound twice before only once', () => {
    const before = edit(site(), (c) => {
      c.listeners[1].binds.push(bind('*:80', { line: 8 }));
    });
    const after = edit(before, (c) => {
      c.listeners = [c.listeners[1]];
      c.listeners[0].binds = c.listeners[0].binds.filter((b) => b.port !== 80);
    });
    expect(check(rule, before, after).map((h) => h.line)).toEqual([2]);
  });

  it('does not fire when a bind moves to another listener or changes its wildcard spelling', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[0].binds = [bind('0.0.0.0:80', { line: 3 })];
      c.listeners[0].binds.push(...c.listeners[1].binds);
      c.listeners.pop();
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for an added file or a new bind', () => {
    expect(check(rule, null, site())).toEqual([]);
    const after = edit(site(), (c) => {
      c.listeners[0].binds.push(bind('*:8080'));
    });
    expect(check(rule, site(), after)).toEqual([]);
  });
});

describe('tls-removed', () => {
  const rule = tlsRemoved;

  it('fires at the new line when a bind keeps its port but drops TLS', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[1].binds[0] = bind('*:443', { tls: false, line: 16 });
    });
    expect(check(rule, before, after)).toEqual([
      {
        line: 16,
        message:
          "*:443 (listener 'https-in') no longer terminates TLS: HTTPS clients will fail their handshake there, " +
          'and anything sent to it travels in clear text.',
      },
    ]);
  });

  it('fires for each address that loses TLS, even when the bind moves listener', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[0].binds.push(bind('[::]:443', { line: 3 }));
      c.listeners[1].binds = [bind('0.0.0.0:443', { line: 6 })];
    });
    expect(check(rule, before, after).map((h) => h.line)).toEqual([3, 6]);
  });

  it('does not fire while TLS stays, when the bind is removed, or for a new plain bind', () => {
    const before = site();
    const after = edit(before, (c) => {
      c.listeners[1].binds.pop();
      c.listeners[0].binds.push(bind('*:8080'));
      c.listeners[1].binds[0].loc.line = 20;
    });
    expect(check(rule, before, after)).toEqual([]);
  });

  it('does not fire for added or removed files', () => {
    expect(check(rule, null, site())).toEqual([]);
    expect(check(rule, site(), null)).toEqual([]);
  });
});
