// Envoy clusters → pools. Members come from `load_assignment.endpoints[]` (localities, each with
// a priority and optionally a weight) and the legacy `hosts:` list.
//
// Weights: a member's weight is its endpoint `load_balancing_weight` (default 1). When the cluster
// turns on locality weighting (`common_lb_config.locality_weighted_lb_config`) and a locality has a
// `load_balancing_weight`, the member weight becomes
//     locality weight × endpoint weight / sum of the endpoint weights in that locality
// so that, within a priority level, each locality gets its weight's share and splits it among its
// endpoints, as Envoy does. Without locality weighting Envoy ignores locality weights, and so do we.

import type { HealthCheck, Member, MemberState, Pool, SourceLoc } from '../model.js';
import { childLoc, cursorLoc, locAt, problemAt, type EnvoyContext } from './envoy-context.js';
import type { NodeCursor } from '../yaml-positions.js';
import { clusterAlgorithm, discoversEndpoints, durationMs, isObject, listOf, memberState, numberOf, textOf, type EnvoyObject } from './envoy-values.js';

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
  const check: HealthCheck = { enabled: true, loc: childLoc(ctx, cursor, 'health_checks', (key) => `${pointer}/${key}`, 'key') };
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

/**
 * A cluster's members as they are read, named `address:port`, with `#2`, `#3` … for an
 * endpoint listed more than once. Most clusters have a handful: comparing ports and addresses
 * beats a Map, and beats comparing `address:port` names, which are built strings.
 */
class MemberList {
  readonly members: Member[] = [];
  private readonly addresses: string[] = [];
  private readonly ports: Array<number | null> = [];
  /** Counts per name, once a cluster has more members than a linear compare suits. */
  private counts: Map<string, number> | null = null;

  add(address: string, port: number | null, weight: number, state: MemberState, healthChecked: boolean, priority: number, loc: SourceLoc): void {
    const base = memberBase(address, port);
    let count = 1;
    const { addresses, ports } = this;
    if (this.counts === null && addresses.length >= 16) {
      this.counts = new Map();
      for (let i = 0; i < addresses.length; i++) {
        const earlier = memberBase(addresses[i]!, ports[i] ?? null);
        this.counts.set(earlier, (this.counts.get(earlier) ?? 0) + 1);
      }
    }
    if (this.counts !== null) {
      count = (this.counts.get(base) ?? 0) + 1;
      this.counts.set(base, count);
    } else {
      for (let i = 0; i < addresses.length; i++) {
        const earlierPort = ports[i] ?? null;
        if (earlierPort === port) {
          if (addresses[i] === address) count++;
        } else if (earlierPort === null || port === null) {
          // `a:80` with no port and `a` with port 80 have the same name. Two different numeric
          // ports never do: a number's text has no colon.
          if (memberBase(addresses[i]!, earlierPort) === base) count++;
        }
      }
      addresses.push(address);
      ports.push(port);
    }
    this.members.push({ name: count === 1 ? base : `${base}#${count}`, address, port, weight, state, healthChecked, priority, loc });
  }
}

function memberBase(address: string, port: number | null): string {
  return port === null ? address : `${address}:${port}`;
}

/**
 * `endpoint.address` (or a legacy host's own fields) → address and port; null when it has none.
 * `badPort` holds a port_value that is not a number, for the caller to report at its pointer.
 */
function addressOf(address: unknown): { address: string; port: number | null; badPort?: unknown } | null {
  if (!isObject(address)) return null;
  if (isObject(address.socket_address)) {
    const socket = address.socket_address;
    const host = textOf(socket.address);
    if (host === undefined || host === '') return null;
    const port = numberOf(socket.port_value);
    const named = textOf(socket.named_port);
    if (port === undefined && named !== undefined) return { address: `${host}:${named}`, port: null };
    return port === null ? { address: host, port: null, badPort: socket.port_value } : { address: host, port: port ?? null };
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

function reportPort(ctx: EnvoyContext, address: { address: string; badPort?: unknown }, socketPointer: string): void {
  problemAt(
    ctx,
    `${socketPointer}/socket_address/port_value`,
    `port_value ${JSON.stringify(address.badPort)} of endpoint ${address.address} is not a number; Envoy refuses this config`,
  );
}

/** A load_balancing_weight that numberOf could not read: Envoy refuses the config. */
function reportWeight(ctx: EnvoyContext, value: unknown, pointer: string, what: string): void {
  problemAt(ctx, pointer, `load_balancing_weight ${JSON.stringify(value)} of ${what} is not a number; Envoy refuses this config`);
}

function addLocality(
  ctx: EnvoyContext,
  into: MemberList,
  clusterName: string,
  locality: EnvoyObject,
  pointer: string,
  cursor: NodeCursor | null,
  healthChecked: boolean,
  localityWeighted: boolean,
): void {
  const priority = numberOf(locality.priority);
  if (priority === null) {
    problemAt(ctx, `${pointer}/priority`, `priority ${JSON.stringify(locality.priority)} of a locality in cluster ${clusterName} is not a number`);
  }
  const localityWeight = localityWeighted ? numberOf(locality.load_balancing_weight) : undefined;
  if (localityWeight === null) {
    reportWeight(ctx, locality.load_balancing_weight, `${pointer}/load_balancing_weight`, `a locality in cluster ${clusterName}`);
  }
  const first = into.members.length;
  const entries = listOf(locality.lb_endpoints);
  const entriesCursor = cursor?.child('lb_endpoints') ?? null;
  // Pointers are built only for a problem or a document without cursors: a large file has
  // ~20,000 endpoints and few problems.
  const entryPointer = (i: number) => `${pointer}/lb_endpoints/${i}`;
  for (let i = 0; i < entries.length; i++) {
    const entry = isObject(entries[i]) ? (entries[i] as EnvoyObject) : {};
    const endpoint = isObject(entry.endpoint) ? entry.endpoint : {};
    const address = addressOf(endpoint.address);
    if (address === null) {
      // A named endpoint is resolved by EDS elsewhere; only a bare entry is a mistake.
      if (entry.endpoint_name === undefined) {
        problemAt(
          ctx,
          entryPointer(i),
          `endpoint #${i + 1} of cluster ${clusterName} has no address (endpoint.address.socket_address with address and port_value); Envoy refuses this config`,
        );
      }
      continue;
    }
    if (address.badPort !== undefined) reportPort(ctx, address, `${entryPointer(i)}/endpoint/address`);
    const checkConfig = isObject(endpoint.health_check_config) ? endpoint.health_check_config : {};
    const weight = numberOf(entry.load_balancing_weight);
    if (weight === null) {
      reportWeight(ctx, entry.load_balancing_weight, `${entryPointer(i)}/load_balancing_weight`, `endpoint ${address.address} in cluster ${clusterName}`);
    }
    const loc = childLoc(ctx, entriesCursor, i, entryPointer);
    const checked = healthChecked && checkConfig.disable_active_health_check !== true;
    into.add(address.address, address.port, weight ?? 1, memberState(entry.health_status), checked, priority ?? 0, loc);
  }
  if (typeof localityWeight === 'number') {
    const added = into.members.slice(first);
    const sum = added.reduce((total, m) => total + m.weight, 0);
    for (const m of added) m.weight = sum > 0 ? (localityWeight * m.weight) / sum : 0;
  }
}

function addLegacyHosts(ctx: EnvoyContext, into: MemberList, cluster: EnvoyObject, pointer: string, clusterName: string, healthChecked: boolean): void {
  const hosts = listOf(cluster.hosts);
  for (let i = 0; i < hosts.length; i++) {
    const hostPointer = `${pointer}/hosts/${i}`;
    const address = addressOf(hosts[i]);
    if (address === null) {
      problemAt(ctx, hostPointer, `host #${i + 1} of cluster ${clusterName} has no address (socket_address with address and port_value); Envoy refuses this config`);
      continue;
    }
    if (address.badPort !== undefined) reportPort(ctx, address, hostPointer);
    into.add(address.address, address.port, 1, 'active', healthChecked, 0, locAt(ctx, hostPointer));
  }
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
  // Located first: lines are looked up fastest in the order they are written.
  const loc = cursorLoc(ctx, cursor, pointer);
  const healthCheck = healthCheckOf(ctx, cluster, pointer, cursor);
  const timeouts: Record<string, number> = {};
  const connect = durationMs(cluster.connect_timeout);
  if (connect !== null) timeouts.connect = connect;

  const members = new MemberList();
  const assignment = isObject(cluster.load_assignment) ? cluster.load_assignment : {};
  const lbConfig = isObject(cluster.common_lb_config) ? cluster.common_lb_config : {};
  const localityWeighted = lbConfig.locality_weighted_lb_config !== undefined;
  const localities = listOf(assignment.endpoints);
  const localitiesCursor = cursor?.child('load_assignment')?.child('endpoints') ?? null;
  for (let i = 0; i < localities.length; i++) {
    const locality = localities[i];
    if (!isObject(locality)) continue;
    addLocality(ctx, members, name, locality, `${pointer}/load_assignment/endpoints/${i}`, localitiesCursor?.child(i) ?? null, healthCheck.enabled, localityWeighted);
  }
  if (cluster.hosts !== undefined) addLegacyHosts(ctx, members, cluster, pointer, name, healthCheck.enabled);

  const pool: Pool = {
    name,
    algorithm: clusterAlgorithm(cluster),
    healthCheck,
    timeouts,
    members: members.members,
    loc,
  };
  if (discoversEndpoints(cluster)) pool.discoversMembers = true;
  return pool;
}
