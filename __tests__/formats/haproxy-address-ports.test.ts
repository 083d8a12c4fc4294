// splitAddress reads a plain `host:port` on a fast path; the ports around its edges must come out
// exactly as the general reading gives them.
import { describe, expect, it } from 'vitest';
import { splitAddress } from '../../src/formats/haproxy-address.js';
import { parseHaproxyTime } from '../../src/formats/haproxy-time.js';

describe('splitAddress ports', () => {
  it('reads plain ports, leading zeros included', () => {
    expect(splitAddress('10.0.0.1:8080', 'server')).toEqual({ value: { address: '10.0.0.1', port: 8080 } });
    expect(splitAddress('10.0.0.1:080', 'server')).toEqual({ value: { address: '10.0.0.1', port: 80 } });
    expect(splitAddress('ipv4@10.0.0.1:65535', 'bind')).toEqual({ value: { address: 'ipv4@10.0.0.1', port: 65535 } });
    expect(splitAddress('app.internal:1', 'server')).toEqual({ value: { address: 'app.internal', port: 1 } });
  });

  it('leaves port 0, six digits and out-of-range ports to the general reading', () => {
    expect(splitAddress('10.0.0.1:0', 'server')).toEqual({ value: { address: '10.0.0.1', port: 0 } });
    expect(splitAddress('10.0.0.1:0', 'bind').refusal).toContain('port 0');
    expect(splitAddress('10.0.0.1:65536', 'server').refusal).toContain('invalid port');
    expect(splitAddress('10.0.0.1:000080', 'server').refusal).toContain('invalid port');
    expect(splitAddress('::1', 'server')).toEqual({ value: { address: ':', port: 1 } });
  });
});

describe('parseHaproxyTime amounts', () => {
  it('sums digits exactly up to 15 of them', () => {
    expect(parseHaproxyTime('0002s')).toEqual({ ok: true, ms: 2000 });
    expect(parseHaproxyTime('999999999999999us')).toEqual({ ok: false, reason: expect.stringContaining('too large') });
    expect(parseHaproxyTime('1500us')).toEqual({ ok: true, ms: 2 });
    expect(parseHaproxyTime('1234567890123456')).toEqual({ ok: false, reason: expect.stringContaining('too large') });
  });
});
