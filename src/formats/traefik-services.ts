// Traefik services (`http|tcp|udp.services.<name>`) → pools.
//
// A `loadBalancer` is a pool of servers. `weighted`, `mirroring` and `failover` split or steer
// traffic across other services, so they are virtual pools whose members name those services:
// weighted members by their weights; a mirroring service's real traffic goes to its main service
// only (mirrors get copies, which lose nothing when they fail); a failover's fallback is a
// backup that takes traffic only when the main service is down.

import type { HealthCheck, Member, Pool } from '../model.js';
import type { ServiceRef } from './traefik-refs.js';
import { isInteger, isRecord, shown } from './structured-values.js';
export { isInteger, isRecord, shown };

export type Protocol = 'http' | 'tcp' | 'udp';

export interface ServiceContext {
  protocol: Protocol;
  file: string;
  lineOf: (pointer: string) => number;
  problem: (at: string, message: string) => void;
  /** Pointer of `<protocol>/services/<name>/…` segments. */
  at: (...segments: Array<string | number>) => string;
  /** How a reference written in this file resolves. */
  resolve: (reference: string) => ServiceRef;
}

const SERVICE_KINDS = ['loadBalancer', 'weighted', 'mirroring', 'failover'] as const;
// Traefik's default health-check interval.
const DEFAULT_HC_INTERVAL_MS = 30_000;



/** The pool name of a service declared in this file: http services keep their name. */
export function poolName(protocol: Protocol, service: string): string {
  return protocol === 'http' ? service : `${protocol}/${service}`;
}

export function servicePool(name: string, def: unknown, ctx: ServiceContext): Pool | null {
  const label = `${ctx.protocol} service "${name}"`;
  const loc = (...segments: Array<string | number>) => ({ file: ctx.file, line: ctx.lineOf(ctx.at(name, ...segments)) });
  if (!isRecord(def)) {
    ctx.problem(ctx.at(name), `${label} is ${shown(def)}, expected a mapping with a loadBalancer, weighted, mirroring or failover section`);
    return null;
  }
  const kinds = SERVICE_KINDS.filter((k) => def[k] !== undefined);
  if (kinds.length === 0) {
    ctx.problem(ctx.at(name), `${label} has no loadBalancer, weighted, mirroring or failover section; Traefik rejects it and its routers answer 503`);
    return null;
  }
  if (kinds.length > 1) {
    ctx.problem(ctx.at(name, kinds[1]!), `${label} defines both ${kinds[0]} and ${kinds[1]}; Traefik accepts only one kind per service and rejects it`);
  }
  const kind = kinds[0]!;
  const body = def[kind];
  if (!isRecord(body)) {
    ctx.problem(ctx.at(name, kind), `${label}: ${kind} is ${shown(body)}, expected a mapping`);
    return null;
  }
  const base = {
    name: poolName(ctx.protocol, name),
    timeouts: {},
    loc: loc(),
  };
  switch (kind) {
    case 'loadBalancer': {
      const healthCheck = readHealthCheck(body.healthCheck, ctx, ctx.at(name, kind, 'healthCheck'));
      const members = servers(name, body.servers, healthCheck.enabled, ctx);
      const strategy = typeof body.strategy === 'string' && body.strategy !== '' ? body.strategy : 'wrr';
      return { ...base, algorithm: strategy, healthCheck, members };
    }
    case 'weighted': {
      const members = weightedMembers(name, body, ctx);
      return { ...base, algorithm: 'weighted', healthCheck: { enabled: false }, members, virtual: true };
    }
    case 'mirroring':
    case 'failover': {
      const members: Member[] = [];
      const main = refMember(body.service, 'active', ctx, ctx.at(name, kind, 'service'));
      if (main) members.push(main);
      else ctx.problem(ctx.at(name, kind), `${label}: ${kind} names no service, so its traffic has nowhere to go`);
      if (kind === 'failover' && body.fallback !== undefined) {
        const fallback = refMember(body.fallback, 'backup', ctx, ctx.at(name, kind, 'fallback'));
        if (fallback) {
          if (main && fallback.name === main.name) fallback.name = `${fallback.name} (fallback)`;
          members.push(fallback);
        } else {
          ctx.problem(ctx.at(name, kind, 'fallback'), `${label}: failover fallback is ${shown(body.fallback)}, expected a service name`);
        }
      }
      if (kind === 'mirroring' && body.mirrors !== undefined && !Array.isArray(body.mirrors)) {
        ctx.problem(ctx.at(name, kind, 'mirrors'), `${label}: mirrors is ${shown(body.mirrors)}, expected a list`);
      }
      return { ...base, algorithm: kind, healthCheck: { enabled: false }, members, virtual: true };
    }
  }
}

function servers(service: string, list: unknown, healthChecked: boolean, ctx: ServiceContext): Member[] {
  const at = (...segments: Array<string | number>) => ctx.at(service, 'loadBalancer', 'servers', ...segments);
  const label = `${ctx.protocol} service "${service}"`;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    ctx.problem(at(), `${label}: servers is ${shown(list)}, expected a list of servers`);
    return [];
  }
  const field = ctx.protocol === 'http' ? 'url' : 'address';
  const members: Member[] = [];
  const names = new Set<string>();
  list.forEach((server, i) => {
    if (!isRecord(server) || typeof server[field] !== 'string' || server[field] === '') {
      ctx.problem(at(i), `${label}: server ${i} has no ${field}, so Traefik cannot send it traffic`);
      return;
    }
    const written = server[field] as string;
    const endpoint = ctx.protocol === 'http' ? urlEndpoint(written) : addressEndpoint(written);
    if (!endpoint) {
      ctx.problem(
        at(i, field),
        `${label}: server ${i} has ${field} ${shown(written)}, which is not ${ctx.protocol === 'http' ? 'a URL like http://10.0.0.1:8080' : 'a host:port address'}`,
      );
      return;
    }
    const weight = readWeight(server.weight, `${label}: server ${written}`, at(i, 'weight'), ctx);
    if (weight === null) return;
    let name = written;
    for (let n = 2; names.has(name); n++) name = `${written} #${n}`;
    names.add(name);
    members.push({
      name,
      ...endpoint,
      weight,
      state: 'active',
      healthChecked,
      loc: { file: ctx.file, line: ctx.lineOf(at(i)) },
    });
  });
  return members;
}

function weightedMembers(service: string, body: Record<string, unknown>, ctx: ServiceContext): Member[] {
  const label = `${ctx.protocol} service "${service}"`;
  const list = body.services;
  const at = (...segments: Array<string | number>) => ctx.at(service, 'weighted', 'services', ...segments);
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    ctx.problem(at(), `${label}: weighted.services is ${shown(list)}, expected a list of {name, weight}`);
    return [];
  }
  const healthChecked = body.healthCheck !== undefined;
  const members: Member[] = [];
  const names = new Set<string>();
  list.forEach((entry, i) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
      ctx.problem(at(i), `${label}: weighted entry ${i} names no service, so its share of traffic has nowhere to go`);
      return;
    }
    const weight = readWeight(entry.weight, `${label}: weighted service ${entry.name}`, at(i, 'weight'), ctx);
    if (weight === null) return;
    const member = refMember(entry.name, 'active', ctx, at(i))!;
    member.weight = weight;
    member.healthChecked = healthChecked;
    let name = member.name;
    for (let n = 2; names.has(name); n++) name = `${member.name} #${n}`;
    names.add(name);
    member.name = name;
    members.push(member);
  });
  return members;
}

/** A member standing for another service; null when `reference` is not a service name. */
function refMember(reference: unknown, state: Member['state'], ctx: ServiceContext, at: string): Member | null {
  if (typeof reference !== 'string' || reference === '') return null;
  const resolved = ctx.resolve(reference);
  const member: Member = {
    name: reference,
    address: reference,
    port: null,
    weight: 1,
    state,
    healthChecked: false,
    loc: { file: ctx.file, line: ctx.lineOf(at) },
  };
  if (!resolved.external) member.ref = resolved.pool;
  return member;
}

function readWeight(value: unknown, label: string, at: string, ctx: ServiceContext): number | null {
  if (value === undefined) return 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  ctx.problem(at, `${label} has weight ${shown(value)}, expected a whole number of 0 or more; the traffic split cannot be read`);
  return null;
}

function readHealthCheck(value: unknown, ctx: ServiceContext, at: string): HealthCheck {
  if (value === undefined || value === null) return { enabled: false };
  const loc = { file: ctx.file, line: ctx.lineOf(at) };
  if (!isRecord(value)) {
    ctx.problem(at, `${ctx.protocol} health check is ${shown(value)}, expected a mapping`);
    return { enabled: false, loc };
  }
  const kind = ctx.protocol !== 'http' ? ctx.protocol : value.mode === 'grpc' ? 'grpc' : 'http';
  const check: HealthCheck = { enabled: true, kind, loc };
  if (typeof value.path === 'string') check.path = value.path;
  check.intervalMs = value.interval === undefined ? DEFAULT_HC_INTERVAL_MS : (durationMs(value.interval) ?? DEFAULT_HC_INTERVAL_MS);
  return check;
}

const GO_DURATION = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_PART = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|μs|ms|s|m|h)/g;
const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Traefik durations: Go syntax (`10s`, `1m30s`) or a bare number of seconds. */
export function durationMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  if (text.length > 64 || !GO_DURATION.test(text)) return null;
  let total = 0;
  for (const part of text.matchAll(GO_DURATION_PART)) total += Number(part[1]) * GO_UNIT_MS[part[2]!]!;
  return total;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'h2c:': 80, 'ws:': 80, 'wss:': 443 };

/** `http://10.0.0.1:8080/` → host and port (the scheme's default port when none is written). */
export function urlEndpoint(url: string): { address: string; port: number | null } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.hostname === '') return null;
  const port = parsed.port !== '' ? Number(parsed.port) : (DEFAULT_PORTS[parsed.protocol] ?? null);
  return { address: parsed.hostname, port };
}

/** `10.0.0.1:3306`, `[::1]:53`, `db.internal:5432` → host and port. */
export function addressEndpoint(address: string): { address: string; port: number | null } | null {
  const match = /^(\[[^\]]*\]|[^:\s]*):([0-9]{1,5})$/.exec(address.trim());
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535 || match[1] === '') return null;
  return { address: match[1]!, port };
}
