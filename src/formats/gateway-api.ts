// Kubernetes Gateway API manifests (multi-document YAML) → the normalized model.
//
// A Gateway's (or ListenerSet's) listeners become listeners. Each rule of an HTTPRoute,
// GRPCRoute, TCPRoute, TLSRoute or UDPRoute that has backendRefs becomes a virtual pool: its
// members are the backends and their weights are the traffic split (weight 0: no traffic). The
// rule becomes a route, targeting that pool, on every listener in this file that the route's
// parentRefs select. A Gateway kept in another file gives no listener; the route's pools are
// then treated as receiving traffic (a config without listeners assumes every pool does).

import type { LbConfig, Listener, Member, Pool, Route } from '../model.js';
import { emptyConfig } from '../model.js';
import type { FormatParser, ParseOptions, ParseProblem, ParseResult } from './types.js';
import type { K8sObject, LineOf } from './k8s-docs.js';
import { describe, isInteger, isRecord, k8sObjects, loadManifest, ptr, shown, uniqueName } from './k8s-docs.js';

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);
const LISTENER_OWNER_KINDS = new Set(['Gateway', 'ListenerSet']);

/** Which listener protocols a route kind can attach to (custom protocols accept any route). */
const ROUTE_PROTOCOLS: Record<string, string[]> = {
  HTTPRoute: ['HTTP', 'HTTPS'],
  GRPCRoute: ['HTTP', 'HTTPS'],
  TLSRoute: ['TLS'],
  TCPRoute: ['TCP', 'TLS'],
  UDPRoute: ['UDP'],
};
const CORE_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP']);

const MAX_WEIGHT = 1_000_000;

interface AttachableListener {
  /** Section name as routes select it. */
  section: string;
  port: number | null;
  protocol: string;
  allowedKinds: string[] | null;
  /** allowedRoutes.namespaces.from: 'Same' (default), 'All' or 'Selector'. */
  allowedFrom: string;
  ownerNamespace: string;
  listener: Listener;
}

interface RouteOnListener {
  /** `namespace/name` of the route object, then rule index: the Gateway API tie-break order. */
  order: [string, number];
  route: Route;
}

export function parseGatewayApi(text: string, options: ParseOptions): ParseResult {
  const manifest = loadManifest(text);
  const mapped = gatewayApiModel(manifest.raw, manifest.lineOf, options.file);
  return {
    format: 'gateway-api',
    model: mapped.model,
    problems: [...manifest.problems, ...mapped.problems].sort((a, b) => a.line - b.line),
    raw: manifest.raw,
    pointerLine: manifest.pointerLine,
  };
}

export const gatewayApiParser: FormatParser = { id: 'gateway-api', parse: parseGatewayApi };

// `apiVersion: gateway.networking.k8s.io/v1` in YAML or JSON, at any indentation (List items).
const GATEWAY_API_VERSION = /["']?apiVersion["']?[ \t]*:[ \t]*["']?gateway\.networking\.k8s\.io\//;

/** Content detection: the text (or its head) declares a Gateway API object. */
export function looksLikeGatewayApi(text: string): boolean {
  return GATEWAY_API_VERSION.test(text);
}

/** The model of already-parsed documents; `lineOf` maps `/N/...` pointers to lines. */
export function gatewayApiModel(
  docs: unknown[],
  lineOf: LineOf,
  file: string,
): { model: LbConfig; problems: ParseProblem[] } {
  const model = emptyConfig('gateway-api', file);
  const problems: ParseProblem[] = [];
  const problem = (at: string, message: string): void => {
    problems.push({ line: lineOf(at), message });
  };
  const loc = (at: string) => ({ file, line: lineOf(at) });

  const objects = k8sObjects(docs);
  reportDuplicates(objects, problem);

  // `Gateway ns/name` or `ListenerSet ns/name` → its listeners, for parentRefs.
  const owners = new Map<string, AttachableListener[]>();
  const listenerNames = new Set<string>();
  for (const obj of objects) {
    if (!LISTENER_OWNER_KINDS.has(obj.kind)) continue;
    const attachable = ownerListeners(obj, problem, loc, listenerNames);
    for (const a of attachable) model.listeners.push(a.listener);
    owners.set(`${obj.kind} ${obj.namespace}/${obj.name}`, attachable);
  }

  const routesOn = new Map<Listener, RouteOnListener[]>();
  const poolNames = new Set<string>();
  for (const obj of objects) {
    if (!ROUTE_KINDS.has(obj.kind)) continue;
    const spec = obj.value.spec;
    if (spec === undefined) continue;
    if (!isRecord(spec)) {
      problem(ptr(obj.at, 'spec'), `${describe(obj)}: spec is ${shown(spec)}, expected a mapping`);
      continue;
    }
    const attached = attachedListeners(obj, spec, owners, problem);
    const hostnames = Array.isArray(spec.hostnames) ? spec.hostnames.filter((h): h is string => typeof h === 'string') : [];
    const rules = spec.rules;
    if (rules === undefined) continue;
    if (!Array.isArray(rules)) {
      problem(ptr(obj.at, 'spec', 'rules'), `${describe(obj)}: rules is ${shown(rules)}, expected a list of rules`);
      continue;
    }
    rules.forEach((rule, index) => {
      const at = ptr(obj.at, 'spec', 'rules', index);
      if (!isRecord(rule)) {
        problem(at, `${describe(obj)}: rule ${index} is ${shown(rule)}, expected a mapping`);
        return;
      }
      const pool = rulePool(obj, rule, index, at, problem, loc);
      if (!pool) return;
      pool.name = uniqueName(pool.name, poolNames);
      model.pools.push(pool);
      const match = matchText(obj.kind, hostnames, rule.matches);
      for (const listener of attached) {
        const list = routesOn.get(listener) ?? [];
        list.push({
          order: [`${obj.namespace}/${obj.name}`, index],
          route: { match, targets: [{ pool: pool.name, weight: 1 }], loc: loc(at) },
        });
        routesOn.set(listener, list);
      }
    });
  }

  // Gateway API orders routes by specificity, then by route name: never by document order, so
  // reordering documents must not reorder routes.
  for (const [listener, list] of routesOn) {
    list.sort((a, b) => (a.order[0] < b.order[0] ? -1 : a.order[0] > b.order[0] ? 1 : a.order[1] - b.order[1]));
    for (const r of list) listener.routes.push(r.route);
  }
  return { model, problems };
}

function reportDuplicates(objects: K8sObject[], problem: (at: string, message: string) => void): void {
  const seen = new Map<string, K8sObject>();
  for (const obj of objects) {
    if (!LISTENER_OWNER_KINDS.has(obj.kind) && !ROUTE_KINDS.has(obj.kind)) continue;
    const key = `${obj.kind} ${obj.namespace}/${obj.name}`;
    if (seen.has(key)) {
      problem(
        obj.at,
        `${describe(obj)} is defined twice in this file; applying it keeps only the last one, so the earlier definition is silently replaced`,
      );
    } else {
      seen.set(key, obj);
    }
  }
}

function ownerListeners(
  obj: K8sObject,
  problem: (at: string, message: string) => void,
  loc: (at: string) => { file: string; line: number },
  listenerNames: Set<string>,
): AttachableListener[] {
  const spec = obj.value.spec;
  if (!isRecord(spec)) return [];
  const listeners = spec.listeners;
  if (listeners === undefined) return [];
  if (!Array.isArray(listeners)) {
    problem(ptr(obj.at, 'spec', 'listeners'), `${describe(obj)}: listeners is ${shown(listeners)}, expected a list`);
    return [];
  }
  const out: AttachableListener[] = [];
  listeners.forEach((entry, index) => {
    const at = ptr(obj.at, 'spec', 'listeners', index);
    if (!isRecord(entry)) {
      problem(at, `${describe(obj)}: listener ${index} is ${shown(entry)}, expected a mapping`);
      return;
    }
    if (typeof entry.name !== 'string' || entry.name === '') {
      problem(at, `${describe(obj)}: listener ${index} has no name; routes select listeners by name`);
      return;
    }
    if (!isInteger(entry.port) || entry.port < 1 || entry.port > 65535) {
      problem(
        ptr(at, 'port'),
        `${describe(obj)}: listener "${entry.name}" has port ${shown(entry.port)}, expected a port number from 1 to 65535`,
      );
      return;
    }
    const protocol = typeof entry.protocol === 'string' ? entry.protocol : '';
    const tls = isRecord(entry.tls) ? entry.tls : {};
    const terminates = (protocol === 'HTTPS' || protocol === 'TLS') && tls.mode !== 'Passthrough';
    const hostname = typeof entry.hostname === 'string' && entry.hostname !== '' ? entry.hostname : '*';
    const allowed = isRecord(entry.allowedRoutes) ? entry.allowedRoutes : {};
    const namespaces = isRecord(allowed.namespaces) ? allowed.namespaces : {};
    const kinds = Array.isArray(allowed.kinds)
      ? allowed.kinds.flatMap((k) => (isRecord(k) && typeof k.kind === 'string' ? [k.kind] : []))
      : null;
    const listener: Listener = {
      name: uniqueName(`${obj.namespace}/${obj.name}/${entry.name}`, listenerNames),
      binds: [{ address: hostname, port: entry.port, tls: terminates, loc: loc(at) }],
      routes: [],
      defaultTargets: [],
      loc: loc(at),
    };
    out.push({
      section: entry.name,
      port: entry.port,
      protocol,
      allowedKinds: kinds,
      allowedFrom: typeof namespaces.from === 'string' ? namespaces.from : 'Same',
      ownerNamespace: obj.namespace,
      listener,
    });
  });
  return out;
}

/** The listeners in this file that a route's parentRefs select and that accept the route. */
function attachedListeners(
  route: K8sObject,
  spec: Record<string, unknown>,
  owners: Map<string, AttachableListener[]>,
  problem: (at: string, message: string) => void,
): Listener[] {
  const parentRefs = spec.parentRefs;
  if (parentRefs === undefined) return [];
  if (!Array.isArray(parentRefs)) {
    problem(ptr(route.at, 'spec', 'parentRefs'), `${describe(route)}: parentRefs is ${shown(parentRefs)}, expected a list`);
    return [];
  }
  const out = new Set<Listener>();
  parentRefs.forEach((ref, index) => {
    const at = ptr(route.at, 'spec', 'parentRefs', index);
    if (!isRecord(ref) || typeof ref.name !== 'string') {
      problem(at, `${describe(route)}: parentRef ${index} has no name, so it attaches the route to nothing`);
      return;
    }
    const kind = typeof ref.kind === 'string' ? ref.kind : 'Gateway';
    if (!LISTENER_OWNER_KINDS.has(kind)) return; // a mesh parent (Service): no listener here
    const namespace = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : route.namespace;
    const candidates = owners.get(`${kind} ${namespace}/${ref.name}`) ?? [];
    for (const c of candidates) {
      if (typeof ref.sectionName === 'string' && ref.sectionName !== c.section) continue;
      if (isInteger(ref.port) && ref.port !== c.port) continue;
      if (!accepts(c, route)) continue;
      out.add(c.listener);
    }
  });
  return [...out];
}

function accepts(listener: AttachableListener, route: K8sObject): boolean {
  if (listener.allowedKinds !== null && listener.allowedKinds.length > 0) {
    if (!listener.allowedKinds.includes(route.kind)) return false;
  } else if (CORE_PROTOCOLS.has(listener.protocol)) {
    if (!(ROUTE_PROTOCOLS[route.kind] ?? []).includes(listener.protocol)) return false;
  }
  // Namespace selectors need the namespaces' labels, which a manifest rarely holds: assume they match.
  if (listener.allowedFrom === 'Same' && route.namespace !== listener.ownerNamespace) return false;
  return true;
}

/** The virtual pool of one rule, or null when the rule forwards nowhere (a redirect). */
function rulePool(
  route: K8sObject,
  rule: Record<string, unknown>,
  index: number,
  at: string,
  problem: (at: string, message: string) => void,
  loc: (at: string) => { file: string; line: number },
): Pool | null {
  const refs = rule.backendRefs;
  if (refs === undefined || refs === null) return null;
  const where = `${describe(route)} rule ${index}`;
  if (!Array.isArray(refs)) {
    problem(ptr(at, 'backendRefs'), `${where}: backendRefs is ${shown(refs)}, expected a list of backends`);
    return null;
  }
  if (refs.length === 0) return null;
  const members: Member[] = [];
  const memberNames = new Set<string>();
  refs.forEach((ref, i) => {
    const refAt = ptr(at, 'backendRefs', i);
    const member = backendMember(route, ref, `${where} backendRef ${i}`, refAt, problem, loc);
    if (member) {
      member.name = uniqueName(member.name, memberNames);
      members.push(member);
    }
  });
  return {
    name: `${route.kind}/${route.namespace}/${route.name}#${index}`,
    algorithm: 'weighted',
    healthCheck: { enabled: false },
    timeouts: ruleTimeouts(rule.timeouts),
    members,
    virtual: true,
    loc: loc(at),
  };
}

function backendMember(
  route: K8sObject,
  ref: unknown,
  where: string,
  at: string,
  problem: (at: string, message: string) => void,
  loc: (at: string) => { file: string; line: number },
): Member | null {
  if (!isRecord(ref)) {
    problem(at, `${where} is ${shown(ref)}, expected a mapping with the backend's name and port`);
    return null;
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    problem(at, `${where} has no name: Kubernetes rejects it, and no backend would get this share of traffic`);
    return null;
  }
  const label = `${where} ("${ref.name}")`;
  let port: number | null = null;
  if (ref.port !== undefined) {
    if (!isInteger(ref.port) || ref.port < 1 || ref.port > 65535) {
      problem(ptr(at, 'port'), `${label} has port ${shown(ref.port)}, expected a port number from 1 to 65535`);
      return null;
    }
    port = ref.port;
  } else if (ref.kind === undefined || ref.kind === 'Service') {
    problem(at, `${label} has no port; a Service backend needs one, or Kubernetes rejects the route`);
    return null;
  }
  let weight = 1;
  if (ref.weight !== undefined) {
    if (!isInteger(ref.weight) || ref.weight < 0 || ref.weight > MAX_WEIGHT) {
      problem(
        ptr(at, 'weight'),
        `${label} has weight ${shown(ref.weight)}, expected a whole number from 0 to ${MAX_WEIGHT}; the traffic split cannot be read`,
      );
      return null;
    }
    weight = ref.weight;
  }
  const namespace = typeof ref.namespace === 'string' && ref.namespace !== '' ? ref.namespace : route.namespace;
  return {
    name: port === null ? `${namespace}/${ref.name}` : `${namespace}/${ref.name}:${port}`,
    address: ref.name,
    port,
    weight,
    state: 'active',
    healthChecked: false,
    loc: loc(at),
  };
}

// Gateway API durations: up to four `<number><unit>` parts, units h, m, s, ms (GEP-2257).
const DURATION_PART = /([0-9]{1,5})(h|ms|m|s)/g;
const DURATION = /^(?:[0-9]{1,5}(?:h|ms|m|s)){1,4}$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

export function gatewayDurationMs(text: string): number | null {
  if (!DURATION.test(text)) return null;
  let total = 0;
  for (const part of text.matchAll(DURATION_PART)) total += Number(part[1]) * UNIT_MS[part[2]!]!;
  return total;
}

function ruleTimeouts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isRecord(value)) return out;
  for (const key of ['request', 'backendRequest']) {
    const text = value[key];
    const ms = typeof text === 'string' ? gatewayDurationMs(text) : null;
    if (ms !== null) out[key] = ms;
  }
  return out;
}

/** The rule's matches in words, e.g. `foo.com: PathPrefix /api header x-canary=true`. */
export function matchText(kind: string, hostnames: string[], matches: unknown): string {
  const alternatives = Array.isArray(matches) ? matches.filter(isRecord).map((m) => oneMatch(kind, m)) : [];
  const body = alternatives.length > 0 ? alternatives.join(' or ') : 'all requests';
  return hostnames.length > 0 ? `${hostnames.join(',')}: ${body}` : body;
}

function oneMatch(kind: string, match: Record<string, unknown>): string {
  const parts: string[] = [];
  if (kind === 'GRPCRoute') {
    if (isRecord(match.method)) {
      const service = typeof match.method.service === 'string' ? match.method.service : '*';
      const method = typeof match.method.method === 'string' ? match.method.method : '*';
      const op = match.method.type === 'RegularExpression' ? '~' : '';
      parts.push(`grpc${op} ${service}/${method}`);
    }
  } else {
    if (isRecord(match.path)) {
      const type = typeof match.path.type === 'string' ? match.path.type : 'PathPrefix';
      const value = typeof match.path.value === 'string' ? match.path.value : '/';
      parts.push(`${type} ${value}`);
    }
    if (typeof match.method === 'string') parts.push(`method ${match.method}`);
  }
  parts.push(...keyValues('header', match.headers), ...keyValues('query', match.queryParams));
  return parts.length > 0 ? parts.join(' ') : 'all requests';
}

function keyValues(label: string, list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((h) => {
    const op = h.type === 'RegularExpression' ? '~' : '=';
    return `${label} ${String(h.name ?? '')}${op}${String(h.value ?? '')}`;
  });
}
