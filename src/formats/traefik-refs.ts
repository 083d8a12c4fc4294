// How a Traefik service reference resolves: `name` means a service of the same provider (this
// file), `name@file` the file provider (this file when it declares `name`), and `name@docker`,
// `api@internal` … a service of another provider, which this file cannot show or contradict.

import { poolName, type Protocol } from './traefik-services.js';

export interface ServiceRef {
  /** The pool the reference lands on: the declared pool's name, or the reference as written. */
  pool: string;
  /** Declared by another provider (or in another file): cannot dangle here, has no members here. */
  external: boolean;
}

export function serviceResolver(protocol: Protocol, declared: Set<string>): (reference: string) => ServiceRef {
  return (reference) => {
    const at = reference.lastIndexOf('@');
    if (at === -1) return { pool: poolName(protocol, reference), external: false };
    const base = reference.slice(0, at);
    const provider = reference.slice(at + 1);
    if (provider === 'file' && declared.has(base)) return { pool: poolName(protocol, base), external: false };
    return { pool: reference, external: true };
  };
}
