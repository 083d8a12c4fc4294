// Envoy clusters → pools. Members come from `load_assignment.endpoints[]` (localities, each with
// a priority and optionally a weight) and the legacy `hosts:` list.
//
// Weights: a member's weight is its endpoint `load_balancing_weight` (default 1). When the cluster
// turns on locality weighting (`common_lb_config.locality_weighted_lb_config`) and a locality has a
// `load_balancing_weight`, the member weight becomes
//     locality weight × endpoint weight / sum of the endpoint weights in that locality
// so that, within a priority level, each locality gets its weight's share and splits it among its
// endpoints, as Envoy does. Without locality weighting Envoy ignores locality weights, and so do we.

import type { HealthCheck, Member, Pool } from '../model.js';
import { cursorLoc, problemAt, type EnvoyContext } from './envoy-context.js';
import type { NodeCursor } from '../yaml-positions.js';
import { clusterAlgorithm, durationMs, isObject, listOf, memberState, numberOf, textOf, type EnvoyObject } from './envoy-values.js';

const HEALTH_CHECK_KINDS: Array<[string, string]> = [
  ['http_health_check', 'http'],
  ['tcp_health_check', 'tcp'],
  ['grpc_health_check', 'grpc'],
  ['custom_health_check', 'custom'],
];

function healthCheckOf(ctx: EnvoyContext, cluster: EnvoyObject, pointer: string, cursor: NodeCursor | null): HealthCheck {
  const checks = listOf(cluster.health_checks);
  if (checks.length === 0) return { enabled: false };
  const first = isObject(checks[0]) ? checks[0] : {};
  const check: HealthCheck = { enabled: true, loc: cursorLoc(ctx, cursor?.child('health_checks') ?? null, `${pointer}/health_checks`, 'key') };
  for (const [key, kind] of HEALTH_CHECK_KINDS) {
    if (key in first) {
      check.kind = kind;
      break;
    }
  }
  if (isObject(first.http_health_check)) {
    const path = textOf(first.http_health_check.path);
    if (path !== undefined) check.path = path;
  }
  const interval = durationMs(first.interval);
  if (interval !== null) check.intervalMs = interval;
  return check;
}

interface Endpoint {
  pointer: string;
  cursor: NodeCursor | null;
  address: string;
  port: number | null;
  weight: number;
  state: Member['state'];
  healthChecked: boolean;
  priority: number;
}

/** `endpoint.address` (or a legacy host's own fields) → address and port; null when it has none. */
function addressOf(ctx: EnvoyContext, address: unknown, base: string, suffix = ''): { address: string; port: number | null } | null {
  if (!isObject(address)) return null;
  if (isObject(address.socket_address)) {
    const socket = address.socket_address;
    const host = textOf(socket.address);
    if (host === undefined || host === '') return null;
    const port = numberOf(socket.port_value);
    if (port === null) {
      problemAt(
        ctx,
        `${base}${suffix}/socket_address/port_value`,
        `port_value ${JSON.stringify(socket.port_value)} of endpoint ${host} is not a number; Envoy refuses this config`,
      );
    }
    const named = textOf(socket.named_port);
    if (port === undefined && named !== undefined) return { address: `${host}:${named}`, port: null };
    return { address: host, port: port ?? null };
  }
  if (isObject(address.pipe)) {
    const path = textOf(address.pipe.path);
    return path ? { address: path, port: null } : null;
  }
  if (isObject(address.envoy_internal_address)) {
    const name = textOf(address.envoy_internal_address.server_listener_name);
    return name ? { address: `internal:${name}`, port: null } : null;
  }
  return null;
}

/**
 * A load_balancing_weight; undefined when absent or unreadable (reported). The pointer and the
 * description are only built for a problem: this runs for every endpoint of a large file.
 */
function weightAt(ctx: EnvoyContext, value: unknown, pointer: () => string, what: () => string): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === undefined) return undefined;
  const weight = numberOf(value);
  if (weight === null) {
    problemAt(ctx, pointer(), `load_balancing_weight ${JSON.stringify(value)} of ${what()} is not a number; Envoy refuses this config`);
    return undefined;
  }
  return weight;
}

function localityEndpoints(
  ctx: EnvoyContext,
  clusterName: string,
  locality: EnvoyObject,
  pointer: string,
  cursor: NodeCursor | null,
  healthChecked: boolean,
  localityWeighted: boolean,
): Endpoint[] {
  const priority = numberOf(locality.priority);
  if (priority === null) {
    problemAt(ctx, `${pointer}/priority`, `priority ${JSON.stringify(locality.priority)} of a locality in cluster ${clusterName} is not a number`);
  }
  const localityWeight = localityWeighted
    ? weightAt(ctx, locality.load_balancing_weight, () => `${pointer}/load_balancing_weight`, () => `a locality in cluster ${clusterName}`)
    : undefined;
  const out: Endpoint[] = [];
  const entries = listOf(locality.lb_endpoints);
  const entriesCursor = cursor?.child('lb_endpoints') ?? null;
  for (let i = 0; i < entries.length; i++) {
    const entryPointer = `${pointer}/lb_endpoints/${i}`;
    const entry = isObject(entries[i]) ? (entries[i] as EnvoyObject) : {};
    const endpoint = isObject(entry.endpoint) ? entry.endpoint : {};
    const address = addressOf(ctx, endpoint.address, entryPointer, '/endpoint/address');
    if (address === null) {
      // A named endpoint is resolved by EDS elsewhere; only a bare entry is a mistake.
      if (entry.endpoint_name === undefined) {
        problemAt(
          ctx,
          entryPointer,
          `endpoint #${i + 1} of cluster ${clusterName} has no address (endpoint.address.socket_address with address and port_value); Envoy refuses this config`,
        );
      }
      continue;
    }
    const checkConfig = isObject(endpoint.health_check_config) ? endpoint.health_check_config : {};
    const weight = entry.load_balancing_weight;
    out.push({
      pointer: entryPointer,
      cursor: entriesCursor?.child(i) ?? null,
      address: address.address,
      port: address.port,
      weight:
        (typeof weight === 'number' && Number.isFinite(weight)
          ? weight
          : weightAt(ctx, weight, () => `${entryPointer}/load_balancing_weight`, () => `endpoint ${address.address} in cluster ${clusterName}`)) ?? 1,
      state: memberState(entry.health_status),
      healthChecked: healthChecked && checkConfig.disable_active_health_check !== true,
      priority: priority ?? 0,
    });
  }
  if (localityWeight !== undefined) {
    const sum = out.reduce((total, e) => total + e.weight, 0);
    for (const e of out) e.weight = sum > 0 ? (localityWeight * e.weight) / sum : 0;
  }
  return out;
}

function legacyHosts(ctx: EnvoyContext, cluster: EnvoyObject, pointer: string, clusterName: string, healthChecked: boolean): Endpoint[] {
  const out: Endpoint[] = [];
  const hosts = listOf(cluster.hosts);
  for (let i = 0; i < hosts.length; i++) {
    const hostPointer = `${pointer}/hosts/${i}`;
    const address = addressOf(ctx, hosts[i], hostPointer);
    if (address === null) {
      problemAt(ctx, hostPointer, `host #${i + 1} of cluster ${clusterName} has no address (socket_address with address and port_value); Envoy refuses this config`);
      continue;
    }
    out.push({ pointer: hostPointer, cursor: null, ...address, weight: 1, state: 'active', healthChecked, priority: 0 });
  }
  return out;
}

/** Names `address:port`, with `#2`, `#3` … for an endpoint listed more than once. */
function membersOf(ctx: EnvoyContext, endpoints: Endpoint[]): Member[] {
  const members: Member[] = [];
  // Clusters have a handful of endpoints: a Map per cluster costs more than comparing names.
  const seen = endpoints.length > 16 ? new Map<string, number>() : null;
  const bases: string[] = [];
  for (const e of endpoints) {
    const base = e.port === null ? e.address : `${e.address}:${e.port}`;
    let count = 1;
    if (seen) {
      count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
    } else {
      for (const earlier of bases) if (earlier === base) count++;
      bases.push(base);
    }
    members.push({
      name: count === 1 ? base : `${base}#${count}`,
      address: e.address,
      port: e.port,
      weight: e.weight,
      state: e.state,
      healthChecked: e.healthChecked,
      priority: e.priority,
      loc: cursorLoc(ctx, e.cursor, e.pointer),
    });
  }
  return members;
}

/** One cluster → a pool; null (with a problem) when it has no name to track it by. */
export function clusterToPool(ctx: EnvoyContext, value: unknown, pointer: string, cursor: NodeCursor | null = null): Pool | null {
  if (!isObject(value)) return null;
  const cluster = value;
  const name = textOf(cluster.name);
  if (name === undefined || name === '') {
    problemAt(ctx, pointer, 'this cluster has no name; Envoy refuses a cluster without one, and routes cannot reach it');
    return null;
  }
  const healthCheck = healthCheckOf(ctx, cluster, pointer, cursor);
  const timeouts: Record<string, number> = {};
  const connect = durationMs(cluster.connect_timeout);
  if (connect !== null) timeouts.connect = connect;

  const endpoints: Endpoint[] = [];
  const assignment = isObject(cluster.load_assignment) ? cluster.load_assignment : {};
  const lbConfig = isObject(cluster.common_lb_config) ? cluster.common_lb_config : {};
  const localityWeighted = lbConfig.locality_weighted_lb_config !== undefined;
  const localities = listOf(assignment.endpoints);
  const localitiesCursor = cursor?.child('load_assignment')?.child('endpoints') ?? null;
  for (let i = 0; i < localities.length; i++) {
    const locality = localities[i];
    if (!isObject(locality)) continue;
    const found = localityEndpoints(ctx, name, locality, `${pointer}/load_assignment/endpoints/${i}`, localitiesCursor?.child(i) ?? null, healthCheck.enabled, localityWeighted);
    for (const e of found) endpoints.push(e);
  }
  if (cluster.hosts !== undefined) for (const e of legacyHosts(ctx, cluster, pointer, name, healthCheck.enabled)) endpoints.push(e);

  return {
    name,
    algorithm: clusterAlgorithm(cluster),
    healthCheck,
    timeouts,
    members: membersOf(ctx, endpoints),
    loc: cursorLoc(ctx, cursor, pointer),
  };
}
