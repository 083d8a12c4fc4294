// Terse builders for normalized `LbConfig` models, so rule tests state only what matters to
// them: `cfg({ pools: [pool('app', [m('a', '10.0.0.1:80', { line: 3 })])] })`. Defaults describe
// an ordinary healthy setup: active members of weight 1, health-checked, roundrobin pools.

import type { Bind, HealthCheck, LbConfig, Listener, Member, Pool, PoolTarget, Route } from '../../src/model.js';
import { trafficShares } from '../../src/model.js';
import { ruleFacts } from '../../src/rules/context.js';
import type { Rule, RuleContext, RuleHit } from '../../src/rules/types.js';

export const FILE = 'lb/haproxy.cfg';

function loc(line = 1) {
  return { file: FILE, line };
}

/** '10.0.0.1:80' → address and port; '10.0.0.1' → port null; '[::1]:80' keeps the brackets. */
function splitEndpoint(endpoint: string): { address: string; port: number | null } {
  const match = /^(.*):(\d+)$/.exec(endpoint);
  if (!match) return { address: endpoint, port: null };
  return { address: match[1], port: Number(match[2]) };
}

export interface MemberOptions {
  line?: number;
  weight?: number;
  state?: Member['state'];
  /** Health-checked; default true. */
  hc?: boolean;
  priority?: number;
}

/** A member: `m('web1', '10.0.0.1:80', { weight: 0, line: 7 })`. */
export function m(name: string, endpoint = `${name}:80`, options: MemberOptions = {}): Member {
  const member: Member = {
    name,
    ...splitEndpoint(endpoint),
    weight: options.weight ?? 1,
    state: options.state ?? 'active',
    healthChecked: options.hc ?? true,
    loc: loc(options.line),
  };
  if (options.priority !== undefined) member.priority = options.priority;
  return member;
}

export interface PoolOptions {
  line?: number;
  algorithm?: string;
  hashKey?: string;
  hashKeyConstant?: boolean;
  allBackups?: boolean;
  /** false: no health check; a HealthCheck: that one; default: an enabled tcp check. */
  hc?: boolean | Partial<HealthCheck>;
  timeouts?: Record<string, number>;
  /** A weighted split between backends (HTTPRoute rule, Traefik weighted service …). */
  virtual?: boolean;
}

/** A pool: `pool('app', [m('a'), m('b')], { algorithm: 'first', line: 3 })`. */
export function pool(name: string, members: Member[], options: PoolOptions = {}): Pool {
  const hc = options.hc ?? true;
  const healthCheck: HealthCheck =
    hc === false ? { enabled: false } : hc === true ? { enabled: true, kind: 'tcp' } : { enabled: true, ...hc };
  const out: Pool = {
    name,
    algorithm: options.algorithm ?? 'roundrobin',
    healthCheck,
    timeouts: options.timeouts ?? {},
    members,
    loc: loc(options.line),
  };
  if (options.hashKey !== undefined) out.hashKey = options.hashKey;
  if (options.hashKeyConstant !== undefined) out.hashKeyConstant = options.hashKeyConstant;
  if (options.allBackups !== undefined) out.allBackups = options.allBackups;
  if (options.virtual !== undefined) out.virtual = options.virtual;
  return out;
}

/** A bind: `bind('*:443', { tls: true, line: 2 })`. */
export function bind(endpoint: string, options: { tls?: boolean; line?: number } = {}): Bind {
  return { ...splitEndpoint(endpoint), tls: options.tls ?? false, loc: loc(options.line) };
}

/** Targets: 'app' → one target of weight 1; [['a', 90], ['b', 10]] → weighted targets. */
export type TargetsSpec = string | PoolTarget[] | [string, number][];

export function targets(spec: TargetsSpec): PoolTarget[] {
  if (typeof spec === 'string') return [{ pool: spec, weight: 1 }];
  return spec.map((t) => (Array.isArray(t) ? { pool: t[0], weight: t[1] } : t));
}

/** A route: `route('if is_api', 'api', 9)`. */
export function route(match: string, to: TargetsSpec, line = 1): Route {
  return { match, targets: targets(to), loc: loc(line) };
}

export interface ListenerOptions {
  line?: number;
  binds?: Bind[];
  routes?: Route[];
  /** Default targets; omitted: none. */
  to?: TargetsSpec;
}

/** A listener: `listener('http-in', { binds: [bind('*:80')], to: 'app' })`. */
export function listener(name: string, options: ListenerOptions = {}): Listener {
  return {
    name,
    binds: options.binds ?? [],
    routes: options.routes ?? [],
    defaultTargets: options.to === undefined ? [] : targets(options.to),
    loc: loc(options.line),
  };
}

/** A config: `cfg({ pools: [...], listeners: [...] })`. */
export function cfg(parts: { pools?: Pool[]; listeners?: Listener[]; format?: string } = {}): LbConfig {
  return { format: parts.format ?? 'haproxy', file: FILE, listeners: parts.listeners ?? [], pools: parts.pools ?? [] };
}

/** A deep copy of `config` changed by `change`: the usual way to build the `after` side. */
export function edit(config: LbConfig, change: (copy: LbConfig) => void): LbConfig {
  const copy = structuredClone(config);
  change(copy);
  return copy;
}

/** The pool or member of a config by name, for edits: `poolOf(c, 'app').members[0].weight = 0`. */
export function poolOf(config: LbConfig, name: string): Pool {
  const found = config.pools.find((p) => p.name === name);
  if (!found) throw new Error(`test model has no pool ${name}`);
  return found;
}

export function memberOf(config: LbConfig, poolName: string, memberName: string): Member {
  const found = poolOf(config, poolName).members.find((x) => x.name === memberName);
  if (!found) throw new Error(`test model has no member ${poolName}/${memberName}`);
  return found;
}

/** A rule context as the gate builds it: shares computed with `trafficShares`, facts with `ruleFacts`, options merged. */
export function context(
  rule: Rule,
  before: LbConfig | null,
  after: LbConfig | null,
  options: Record<string, unknown> = {},
): RuleContext {
  const defaults = Object.fromEntries(Object.entries(rule.options).map(([k, spec]) => [k, spec.default]));
  return {
    file: FILE,
    before,
    after,
    changes: [],
    sharesBefore: before ? trafficShares(before) : new Map(),
    sharesAfter: after ? trafficShares(after) : new Map(),
    options: { ...defaults, ...options },
    facts: ruleFacts(before, after),
  };
}

/** Runs a rule's check on two models. */
export function check(
  rule: Rule,
  before: LbConfig | null,
  after: LbConfig | null,
  options: Record<string, unknown> = {},
): RuleHit[] {
  // Hits name their file so the gate can place findings in included files; every test model
  // lives in FILE, so the tests compare only what varies.
  return rule.check(context(rule, before, after, options)).map(({ file, ...hit }) => {
    if (file !== undefined && file !== FILE) throw new Error(`hit names unexpected file ${file}`);
    return hit;
  });
}
