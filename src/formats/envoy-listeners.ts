// Envoy listeners → listeners, their routes, and the virtual pools of weighted splits.
//
// Routes come from the HTTP connection manager's inline `route_config` (one per route entry, in
// order, since Envoy takes the first match), `tcp_proxy` and `udp_proxy`. A `weighted_clusters`
// split becomes a virtual pool whose members are the clusters it splits between, so the usual
// pool arithmetic gives each cluster's share. Where the destination is decided at run time or
// elsewhere (RDS, `cluster_header`, cluster specifier plugins, proxies lb-gate does not model), the
// target is `dynamic`: lb-gate then assumes every cluster may receive traffic instead of guessing.

import type { Bind, Listener, Member, Pool, PoolTarget, Route } from '../model.js';
import { locAt, problemAt, type EnvoyContext } from './envoy-context.js';
import { isObject, listOf, numberOf, textOf, type EnvoyObject } from './envoy-values.js';

const HCM_NAMES = new Set(['envoy.filters.network.http_connection_manager', 'envoy.http_connection_manager']);
const TCP_PROXY_NAMES = new Set(['envoy.filters.network.tcp_proxy', 'envoy.tcp_proxy']);
const UDP_PROXY_NAMES = new Set(['envoy.filters.udp_listener.udp_proxy', 'envoy.udp_proxy']);
/** Terminal network filters that answer by themselves and send nothing upstream. */
const NO_UPSTREAM_FILTERS = new Set(['envoy.filters.network.direct_response', 'envoy.filters.network.echo', 'envoy.echo']);

export interface ListenerMapping {
  listener: Listener;
  /** Virtual pools for the listener's weighted splits. */
  splits: Pool[];
}

/** Names the mapping has handed out, so virtual pools never collide with each other. */
export type NameRegistry = Set<string>;

function typeUrl(config: unknown): string {
  return isObject(config) ? (textOf(config['@type']) ?? '') : '';
}

function filterConfig(filter: EnvoyObject): EnvoyObject {
  if (isObject(filter.typed_config)) return filter.typed_config;
  return isObject(filter.config) ? filter.config : {};
}

function isFilter(filter: EnvoyObject, names: Set<string>, typeSuffix: string): boolean {
  const name = textOf(filter.name) ?? '';
  return names.has(name) || typeUrl(filter.typed_config).endsWith(typeSuffix);
}

function isTlsSocket(chain: EnvoyObject): boolean {
  if (chain.tls_context !== undefined) return true;
  const socket = chain.transport_socket;
  if (!isObject(socket)) return false;
  const name = textOf(socket.name) ?? '';
  return name === 'envoy.transport_sockets.tls' || name === 'tls' || typeUrl(socket.typed_config).endsWith('.DownstreamTlsContext');
}

function uniqueName(names: NameRegistry, base: string): string {
  let name = base;
  for (let n = 2; names.has(name); n++) name = `${base} #${n}`;
  names.add(name);
  return name;
}

function bindOf(ctx: EnvoyContext, address: unknown, pointer: string, tls: boolean): Bind | null {
  if (!isObject(address)) return null;
  const loc = locAt(ctx, pointer, 'key');
  if (isObject(address.socket_address)) {
    const socket = address.socket_address;
    const port = numberOf(socket.port_value);
    if (port === null) {
      problemAt(ctx, `${pointer}/socket_address/port_value`, `listener port_value ${JSON.stringify(socket.port_value)} is not a number; Envoy refuses this config`);
    }
    return { address: textOf(socket.address) ?? '', port: port ?? null, tls, loc };
  }
  if (isObject(address.pipe)) return { address: textOf(address.pipe.path) ?? '', port: null, tls, loc };
  if (isObject(address.envoy_internal_address)) {
    return { address: `internal:${textOf(address.envoy_internal_address.server_listener_name) ?? ''}`, port: null, tls, loc };
  }
  return null;
}

/** `sni api.example.com` for a filter chain picked by its match; '' for an unconditional one. */
function chainMatchText(chain: EnvoyObject): string {
  const match = isObject(chain.filter_chain_match) ? chain.filter_chain_match : null;
  if (!match) return '';
  const parts: string[] = [];
  const names = listOf(match.server_names).map(textOf).filter((n): n is string => n !== undefined);
  if (names.length > 0) parts.push(`sni ${names.join(',')}`);
  const port = textOf(match.destination_port);
  if (port !== undefined) parts.push(`port ${port}`);
  const transport = textOf(match.transport_protocol);
  if (transport !== undefined) parts.push(`transport ${transport}`);
  const alpn = listOf(match.application_protocols).map(textOf).filter((n): n is string => n !== undefined);
  if (alpn.length > 0) parts.push(`alpn ${alpn.join(',')}`);
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
}

function headerText(header: unknown): string {
  if (!isObject(header)) return '';
  const name = textOf(header.name) ?? '?';
  const stringMatch = isObject(header.string_match) ? header.string_match : {};
  const exact = textOf(header.exact_match) ?? textOf(stringMatch.exact);
  return exact !== undefined ? ` header ${name}=${exact}` : ` header ${name}`;
}

/** `prefix /api header x-canary=1`: the route's match as an operator reads it. */
function routeMatchText(match: EnvoyObject): string {
  let text: string;
  if (match.prefix !== undefined) text = `prefix ${textOf(match.prefix) ?? ''}`;
  else if (match.path !== undefined) text = `path ${textOf(match.path) ?? ''}`;
  else if (isObject(match.safe_regex)) text = `regex ${textOf(match.safe_regex.regex) ?? ''}`;
  else if (match.regex !== undefined) text = `regex ${textOf(match.regex) ?? ''}`;
  else if (match.path_separated_prefix !== undefined) text = `prefix ${textOf(match.path_separated_prefix) ?? ''}`;
  else if (match.connect_matcher !== undefined) text = 'connect';
  else if (match.path_match_policy !== undefined) text = 'path template';
  else text = 'any';
  for (const header of listOf(match.headers)) text += headerText(header);
  for (const param of listOf(match.query_parameters)) {
    if (isObject(param)) text += ` query ${textOf(param.name) ?? '?'}`;
  }
  if (isObject(match.grpc)) text += ' grpc';
  if (match.runtime_fraction !== undefined) text += ' runtime fraction';
  return text;
}

/** A route that takes every request of its virtual host: prefix `/` and nothing else to match. */
function isCatchAll(match: EnvoyObject): boolean {
  const prefix = textOf(match.prefix) ?? textOf(match.path_separated_prefix);
  return (
    (prefix === '/' || prefix === '') &&
    listOf(match.headers).length === 0 &&
    listOf(match.query_parameters).length === 0 &&
    match.runtime_fraction === undefined &&
    match.grpc === undefined
  );
}

class ListenerBuilder {
  readonly splits: Pool[] = [];
  readonly routes: Route[] = [];
  defaultTargets: PoolTarget[] | null = null;
  private readonly matchCounts = new Map<string, number>();

  constructor(
    private readonly ctx: EnvoyContext,
    private readonly names: NameRegistry,
    readonly name: string,
  ) {}

  addRoute(match: string, targets: PoolTarget[], pointer: string, part: 'key' | 'value' = 'value'): void {
    // Route texts key routes in the diff; a repeated text (a shadowed route) gets a counter.
    const count = (this.matchCounts.get(match) ?? 0) + 1;
    this.matchCounts.set(match, count);
    this.routes.push({ match: count === 1 ? match : `${match} #${count}`, targets, loc: locAt(this.ctx, pointer, part) });
  }

  offerDefault(targets: PoolTarget[]): void {
    if (this.defaultTargets === null && targets.length > 0) this.defaultTargets = targets;
  }

  /** `weighted_clusters` → a virtual pool of its clusters; returns the route's target. */
  split(weighted: EnvoyObject, pointer: string, baseName: string): PoolTarget[] {
    const members: Member[] = [];
    const seen = new Map<string, number>();
    const clusters = listOf(weighted.clusters);
    for (let i = 0; i < clusters.length; i++) {
      const entry = clusters[i];
      if (!isObject(entry)) continue;
      const cluster = textOf(entry.name);
      if (cluster === undefined) continue;
      const entryPointer = `${pointer}/clusters/${i}`;
      let weight = numberOf(entry.weight);
      if (weight === null) {
        problemAt(
          this.ctx,
          `${entryPointer}/weight`,
          `weight ${JSON.stringify(entry.weight)} of cluster ${cluster} in a weighted split is not a number; Envoy refuses this config`,
        );
      }
      // Envoy treats an unset weight as 0.
      weight ??= 0;
      const count = (seen.get(cluster) ?? 0) + 1;
      seen.set(cluster, count);
      members.push({
        name: count === 1 ? cluster : `${cluster}#${count}`,
        address: cluster,
        port: null,
        weight,
        state: 'active',
        healthChecked: false,
        ref: cluster,
        loc: locAt(this.ctx, entryPointer),
      });
    }
    const name = uniqueName(this.names, baseName);
    this.splits.push({
      name,
      algorithm: 'weighted',
      healthCheck: { enabled: false },
      timeouts: {},
      members,
      virtual: true,
      loc: locAt(this.ctx, pointer, 'key'),
    });
    return [{ pool: name, weight: 1 }];
  }

  /** Targets of an HTTP route entry; empty for redirects and direct responses. */
  routeTargets(entry: EnvoyObject, pointer: string, splitName: string): PoolTarget[] {
    const action = entry.route;
    if (!isObject(action)) return [];
    const cluster = textOf(action.cluster);
    if (cluster !== undefined) return [{ pool: cluster, weight: 1 }];
    if (isObject(action.weighted_clusters)) return this.split(action.weighted_clusters, `${pointer}/route/weighted_clusters`, splitName);
    const header = textOf(action.cluster_header);
    if (header !== undefined) return [{ pool: `cluster_header ${header}`, weight: 1, dynamic: true }];
    if (action.cluster_specifier_plugin !== undefined || action.inline_cluster_specifier_plugin !== undefined) {
      return [{ pool: 'cluster_specifier_plugin', weight: 1, dynamic: true }];
    }
    return [];
  }

  httpConnectionManager(hcm: EnvoyObject, pointer: string, chainText: string): void {
    if (isObject(hcm.rds) || isObject(hcm.scoped_routes)) {
      const routeName = isObject(hcm.rds) ? (textOf(hcm.rds.route_config_name) ?? '') : 'scoped routes';
      const target: PoolTarget = { pool: `rds ${routeName}`, weight: 1, dynamic: true };
      this.addRoute(`${chainText}rds ${routeName}`, [target], `${pointer}/${isObject(hcm.rds) ? 'rds' : 'scoped_routes'}`, 'key');
      this.offerDefault([target]);
      return;
    }
    const routeConfig = isObject(hcm.route_config) ? hcm.route_config : {};
    const hosts = listOf(routeConfig.virtual_hosts);
    for (let h = 0; h < hosts.length; h++) {
      const host = hosts[h];
      if (!isObject(host)) continue;
      const hostPointer = `${pointer}/route_config/virtual_hosts/${h}`;
      const hostName = textOf(host.name) ?? `#${h + 1}`;
      const domains = listOf(host.domains).map(textOf).filter((d): d is string => d !== undefined);
      const hostText = `${chainText}vhost ${domains.length > 0 ? domains.join(',') : hostName}`;
      const catchAllHost = domains.includes('*');
      const entries = listOf(host.routes);
      for (let r = 0; r < entries.length; r++) {
        const entry = entries[r];
        if (!isObject(entry)) continue;
        const routePointer = `${hostPointer}/routes/${r}`;
        const match = isObject(entry.match) ? entry.match : {};
        const targets = this.routeTargets(entry, routePointer, `${this.name}/${hostName}/${r} split`);
        this.addRoute(`${hostText} ${routeMatchText(match)}`, targets, routePointer);
        if (catchAllHost && isCatchAll(match)) this.offerDefault(targets);
      }
    }
  }

  tcpProxy(proxy: EnvoyObject, pointer: string, filterPointer: string, chainText: string): void {
    let targets: PoolTarget[] = [];
    const cluster = textOf(proxy.cluster);
    if (cluster !== undefined) targets = [{ pool: cluster, weight: 1 }];
    else if (isObject(proxy.weighted_clusters)) targets = this.split(proxy.weighted_clusters, `${pointer}/weighted_clusters`, `${this.name}/tcp_proxy split`);
    else targets = [{ pool: 'tcp_proxy', weight: 1, dynamic: true }];
    if (chainText === '') this.offerDefault(targets);
    else this.addRoute(`${chainText}tcp_proxy`, targets, filterPointer);
  }

  filterChain(chain: EnvoyObject, pointer: string): void {
    const chainText = chainMatchText(chain);
    const filters = listOf(chain.filters);
    let routed = false;
    let last = '';
    for (let f = 0; f < filters.length; f++) {
      const filter = filters[f];
      if (!isObject(filter)) continue;
      const filterPointer = `${pointer}/filters/${f}`;
      const configPointer = `${filterPointer}/${isObject(filter.typed_config) ? 'typed_config' : 'config'}`;
      last = textOf(filter.name) ?? typeUrl(filter.typed_config);
      if (isFilter(filter, HCM_NAMES, '.HttpConnectionManager')) {
        this.httpConnectionManager(filterConfig(filter), configPointer, chainText);
        routed = true;
      } else if (isFilter(filter, TCP_PROXY_NAMES, '.TcpProxy')) {
        this.tcpProxy(filterConfig(filter), configPointer, filterPointer, chainText);
        routed = true;
      }
    }
    if (!routed && last !== '' && !NO_UPSTREAM_FILTERS.has(last)) {
      // A proxy lb-gate does not model (redis, thrift, a custom filter) decides where to send.
      const target: PoolTarget = { pool: last, weight: 1, dynamic: true };
      if (chainText === '') this.offerDefault([target]);
      else this.addRoute(`${chainText}${last}`, [target], pointer);
    }
  }

  udpProxy(filter: EnvoyObject): void {
    const config = filterConfig(filter);
    const matcher = isObject(config.matcher) ? config.matcher : {};
    const noMatch = isObject(matcher.on_no_match) ? matcher.on_no_match : {};
    const action = isObject(noMatch.action) ? noMatch.action : {};
    const route = isObject(action.typed_config) ? action.typed_config : {};
    const cluster = textOf(config.cluster) ?? textOf(route.cluster);
    const dynamic = cluster === undefined || isObject(matcher.matcher_list) || isObject(matcher.matcher_tree);
    this.offerDefault(dynamic ? [{ pool: cluster ?? 'udp_proxy', weight: 1, dynamic: true }] : [{ pool: cluster, weight: 1 }]);
  }
}

function listenerName(listener: EnvoyObject, index: number): { name: string; explicit: boolean } {
  const name = textOf(listener.name);
  if (name !== undefined && name !== '') return { name, explicit: true };
  // Unnamed listeners are known by where they listen, which survives reordering.
  const address = isObject(listener.address) ? listener.address : {};
  if (isObject(address.socket_address)) {
    const host = textOf(address.socket_address.address) ?? '';
    const port = textOf(address.socket_address.port_value);
    return { name: port === undefined ? host : `${host}:${port}`, explicit: false };
  }
  if (isObject(address.pipe)) return { name: textOf(address.pipe.path) ?? `listener #${index + 1}`, explicit: false };
  return { name: `listener #${index + 1}`, explicit: false };
}

/** One listener → a listener plus the virtual pools of its weighted splits. */
export function mapListener(ctx: EnvoyContext, value: unknown, pointer: string, index: number, names: NameRegistry): ListenerMapping | null {
  if (!isObject(value)) return null;
  const listener = value;
  const { name } = listenerName(listener, index);
  const builder = new ListenerBuilder(ctx, names, name);

  const chains: Array<{ chain: EnvoyObject; pointer: string }> = [];
  const declared = listOf(listener.filter_chains);
  for (let c = 0; c < declared.length; c++) {
    const chain = declared[c];
    if (isObject(chain)) chains.push({ chain, pointer: `${pointer}/filter_chains/${c}` });
  }
  if (isObject(listener.default_filter_chain)) {
    chains.push({ chain: listener.default_filter_chain, pointer: `${pointer}/default_filter_chain` });
  }
  for (const { chain, pointer: chainPointer } of chains) builder.filterChain(chain, chainPointer);
  for (const filter of listOf(listener.listener_filters)) {
    if (isObject(filter) && isFilter(filter, UDP_PROXY_NAMES, '.UdpProxyConfig')) builder.udpProxy(filter);
  }

  const tls = chains.some(({ chain }) => isTlsSocket(chain));
  const binds: Bind[] = [];
  const main = bindOf(ctx, listener.address, `${pointer}/address`, tls);
  if (main) binds.push(main);
  const additional = listOf(listener.additional_addresses);
  for (let a = 0; a < additional.length; a++) {
    const extra = additional[a];
    if (!isObject(extra)) continue;
    const bind = bindOf(ctx, extra.address, `${pointer}/additional_addresses/${a}/address`, tls);
    if (bind) binds.push(bind);
  }

  return {
    listener: {
      name,
      binds,
      routes: builder.routes,
      defaultTargets: builder.defaultTargets ?? [],
      loc: locAt(ctx, pointer),
    },
    splits: builder.splits,
  };
}

/** Whether the listener named itself (only explicit names must be unique in Envoy). */
export function hasExplicitName(value: unknown): boolean {
  return isObject(value) && listenerName(value, 0).explicit;
}
