// Kubernetes Ingress manifests (multi-document YAML) → the normalized model.
//
// Each Ingress is a listener (`ingress/<ns>/<name>`, on *:80, and on *:443 with TLS when it has a
// `tls` section). Each host + path is a route to a virtual pool whose member is the Service
// backend; `defaultBackend` is the listener's default target. An ingress-nginx canary Ingress
// (annotation `canary: "true"`) for the same host + path as a main Ingress in this file joins the
// main one's pool as a second member: canary weight N, main weight total − N, which is how
// ingress-nginx splits the traffic. A canary without a main Ingress here is read as an Ingress of
// its own.

import type { LbConfig, Listener, Member, Pool } from '../model.js';
import { emptyConfig } from '../model.js';
import type { FormatParser, ParseOptions, ParseProblem, ParseResult } from './types.js';
import type { K8sObject, LineOf } from './k8s-docs.js';
import { describe, isInteger, isRecord, k8sObjects, loadManifest, ptr, shown, uniqueName } from './k8s-docs.js';

const CANARY = 'nginx.ingress.kubernetes.io/canary';
const CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';
const CANARY_WEIGHT_TOTAL = 'nginx.ingress.kubernetes.io/canary-weight-total';
const DEFAULT_CANARY_TOTAL = 100;

type Problem = (at: string, message: string) => void;
type Loc = (at: string) => { file: string; line: number };

interface Canary {
  weight: number;
  total: number;
}

interface IngressPath {
  host: string;
  path: string;
  pathType: string;
  member: Member;
  /** Pointer to the paths[] entry. */
  at: string;
}

interface ReadIngress {
  obj: K8sObject;
  canary: Canary | null;
  paths: IngressPath[];
  defaultBackend: { member: Member; at: string } | null;
  tlsAt: string | null;
}

/** A main Ingress's pool for one host + path, which canaries join. */
interface SplitPool {
  pool: Pool;
  main: Member;
  canaries: Array<{ member: Member; canary: Canary }>;
}

export function parseIngress(text: string, options: ParseOptions): ParseResult {
  const manifest = loadManifest(text);
  const mapped = ingressModel(manifest.raw, manifest.lineOf, options.file);
  return {
    format: 'ingress',
    model: mapped.model,
    problems: [...manifest.problems, ...mapped.problems].sort((a, b) => a.line - b.line),
    raw: manifest.raw,
    pointerLine: manifest.pointerLine,
  };
}

export const ingressParser: FormatParser = { id: 'ingress', parse: parseIngress };

// `kind: Ingress` (not IngressClass) in YAML or JSON, with an Ingress API group's apiVersion.
const INGRESS_KIND = /["']?kind["']?[ \t]*:[ \t]*["']?Ingress["']?[ \t]*(?:,|$|#)/m;
const INGRESS_API_VERSION = /["']?apiVersion["']?[ \t]*:[ \t]*["']?(?:networking\.k8s\.io|extensions)\/v1/;

/** Content detection: the text (or its head) declares an Ingress. */
export function looksLikeIngress(text: string): boolean {
  return INGRESS_KIND.test(text) && INGRESS_API_VERSION.test(text);
}

/** The model of already-parsed documents; `lineOf` maps `/N/...` pointers to lines. */
export function ingressModel(
  docs: unknown[],
  lineOf: LineOf,
  file: string,
): { model: LbConfig; problems: ParseProblem[] } {
  const model = emptyConfig('ingress', file);
  const problems: ParseProblem[] = [];
  const problem: Problem = (at, message) => {
    problems.push({ line: lineOf(at), message });
  };
  const loc: Loc = (at) => ({ file, line: lineOf(at) });

  const ingresses = k8sObjects(docs)
    .filter((obj) => obj.kind === 'Ingress')
    .map((obj) => readIngress(obj, problem, loc));

  const poolNames = new Set<string>();
  const listenerNames = new Set<string>();
  const splits = new Map<string, SplitPool>();
  const addPool = (name: string, members: Member[], at: string): Pool => {
    const pool: Pool = {
      name: uniqueName(name, poolNames),
      algorithm: 'weighted',
      healthCheck: { enabled: false },
      timeouts: {},
      members,
      virtual: true,
      loc: loc(at),
    };
    model.pools.push(pool);
    return pool;
  };
  const listenerOf = (ing: ReadIngress): Listener => {
    const { obj } = ing;
    const binds = [{ address: '*', port: 80, tls: false, loc: loc(obj.at) }];
    if (ing.tlsAt !== null) binds.push({ address: '*', port: 443, tls: true, loc: loc(ing.tlsAt) });
    const listener: Listener = {
      name: uniqueName(`ingress/${obj.namespace}/${obj.name}`, listenerNames),
      binds,
      routes: [],
      defaultTargets: [],
      loc: loc(obj.at),
    };
    model.listeners.push(listener);
    return listener;
  };
  const routeTo = (ing: ReadIngress, listener: Listener, p: IngressPath): SplitPool => {
    const name = `ingress/${ing.obj.namespace}/${ing.obj.name}#${p.host}${p.path}`;
    const pool = addPool(name, [p.member], p.at);
    listener.routes.push({
      match: `${p.host} ${p.path} ${p.pathType}`,
      targets: [{ pool: pool.name, weight: 1 }],
      loc: loc(p.at),
    });
    return { pool, main: p.member, canaries: [] };
  };
  const key = (p: IngressPath) => `${p.host}\u0000${p.path}`;

  const routeDefault = (ing: ReadIngress, listener: Listener): void => {
    if (!ing.defaultBackend) return;
    const pool = addPool(`ingress/${ing.obj.namespace}/${ing.obj.name}#default`, [ing.defaultBackend.member], ing.defaultBackend.at);
    listener.defaultTargets.push({ pool: pool.name, weight: 1 });
  };

  // Main Ingresses first: canaries anywhere in the file join them.
  for (const ing of ingresses) {
    if (ing.canary) continue;
    const listener = listenerOf(ing);
    for (const p of ing.paths) {
      const split = routeTo(ing, listener, p);
      if (!splits.has(key(p))) splits.set(key(p), split);
    }
    routeDefault(ing, listener);
  }

  for (const ing of ingresses) {
    const canary = ing.canary;
    if (!canary) continue;
    // Paths with no main Ingress here to split with are served like any Ingress's.
    let own: Listener | null = null;
    const ownListener = (): Listener => (own ??= listenerOf(ing));
    let joined = false;
    for (const p of ing.paths) {
      const split = splits.get(key(p));
      if (!split) {
        routeTo(ing, ownListener(), p);
        continue;
      }
      joined = true;
      const taken = new Set(split.pool.members.map((m) => m.name));
      p.member.name = uniqueName(p.member.name, taken);
      split.pool.members.push(p.member);
      split.canaries.push({ member: p.member, canary });
    }
    if (!joined && ing.defaultBackend) routeDefault(ing, ownListener());
  }

  for (const split of splits.values()) {
    if (split.canaries.length === 0) continue;
    const total = split.canaries[0]!.canary.total;
    let canaryWeight = 0;
    for (const c of split.canaries) {
      c.member.weight = c.canary.weight;
      canaryWeight += c.canary.weight;
    }
    split.main.weight = Math.max(0, total - canaryWeight);
  }
  return { model, problems };
}

function readIngress(obj: K8sObject, problem: Problem, loc: Loc): ReadIngress {
  const out: ReadIngress = { obj, canary: readCanary(obj, problem), paths: [], defaultBackend: null, tlsAt: null };
  const spec = obj.value.spec;
  if (spec === undefined) return out;
  if (!isRecord(spec)) {
    problem(ptr(obj.at, 'spec'), `${describe(obj)}: spec is ${shown(spec)}, expected a mapping`);
    return out;
  }
  if (Array.isArray(spec.tls) && spec.tls.length > 0) out.tlsAt = ptr(obj.at, 'spec', 'tls');

  // `backend` is the pre-v1 spelling of `defaultBackend`.
  const defaultKey = spec.defaultBackend !== undefined ? 'defaultBackend' : spec.backend !== undefined ? 'backend' : null;
  if (defaultKey !== null) {
    const at = ptr(obj.at, 'spec', defaultKey);
    const member = backendMember(obj, spec[defaultKey], `${describe(obj)}: ${defaultKey}`, at, problem, loc);
    if (member) out.defaultBackend = { member, at };
  }

  const rules = spec.rules;
  if (rules === undefined) return out;
  if (!Array.isArray(rules)) {
    problem(ptr(obj.at, 'spec', 'rules'), `${describe(obj)}: rules is ${shown(rules)}, expected a list`);
    return out;
  }
  rules.forEach((rule, r) => {
    const ruleAt = ptr(obj.at, 'spec', 'rules', r);
    if (!isRecord(rule)) {
      problem(ruleAt, `${describe(obj)}: rule ${r} is ${shown(rule)}, expected a mapping`);
      return;
    }
    const host = typeof rule.host === 'string' && rule.host !== '' ? rule.host : '*';
    if (rule.http === undefined) return;
    const paths = isRecord(rule.http) ? rule.http.paths : undefined;
    if (!Array.isArray(paths)) {
      problem(ptr(ruleAt, 'http', 'paths'), `${describe(obj)}: rule ${r} (host ${host}) has no list of http.paths`);
      return;
    }
    paths.forEach((entry, i) => {
      const at = ptr(ruleAt, 'http', 'paths', i);
      const where = `${describe(obj)}: host ${host} path ${i}`;
      if (!isRecord(entry)) {
        problem(at, `${where} is ${shown(entry)}, expected a mapping with path, pathType and backend`);
        return;
      }
      const path = typeof entry.path === 'string' && entry.path !== '' ? entry.path : '/';
      const pathType = typeof entry.pathType === 'string' ? entry.pathType : 'ImplementationSpecific';
      const member = backendMember(obj, entry.backend, `${describe(obj)}: host ${host} path ${path}`, ptr(at, 'backend'), problem, loc);
      if (member) out.paths.push({ host, path, pathType, member, at });
    });
  });
  return out;
}

function readCanary(obj: K8sObject, problem: Problem): Canary | null {
  const metadata = obj.value.metadata;
  const annotations = isRecord(metadata) && isRecord(metadata.annotations) ? metadata.annotations : {};
  const flag = annotations[CANARY];
  if (flag !== 'true' && flag !== true) return null;
  const at = (name: string) => ptr(obj.at, 'metadata', 'annotations', name);
  const number = (name: string, fallback: number): number => {
    const value = annotations[name];
    if (value === undefined) return fallback;
    const n = typeof value === 'string' && /^[0-9]{1,9}$/.test(value.trim()) ? Number(value.trim()) : isInteger(value) ? value : NaN;
    if (!Number.isInteger(n) || n < 0) {
      problem(
        at(name),
        `${describe(obj)}: annotation ${name} is ${shown(value)}, expected a whole number; ingress-nginx ignores the canary's traffic split`,
      );
      return fallback;
    }
    return n;
  };
  const total = number(CANARY_WEIGHT_TOTAL, DEFAULT_CANARY_TOTAL);
  let weight = number(CANARY_WEIGHT, 0);
  if (weight > total) {
    problem(
      at(CANARY_WEIGHT),
      `${describe(obj)}: canary-weight ${weight} is more than canary-weight-total ${total}; ingress-nginx sends all traffic to the canary`,
    );
    weight = total;
  }
  return { weight, total };
}

/** The Service (or resource) an Ingress backend names, as a member of weight 1. */
function backendMember(obj: K8sObject, backend: unknown, where: string, at: string, problem: Problem, loc: Loc): Member | null {
  if (!isRecord(backend)) {
    problem(at, `${where}: backend is ${shown(backend)}, expected a mapping naming a service`);
    return null;
  }
  const base = { weight: 1, state: 'active' as const, healthChecked: false, loc: loc(at) };
  if (isRecord(backend.resource)) {
    const kind = typeof backend.resource.kind === 'string' ? backend.resource.kind : 'resource';
    const name = typeof backend.resource.name === 'string' ? backend.resource.name : '';
    return { name: `${obj.namespace}/${kind}/${name}`, address: name, port: null, ...base };
  }
  let name: unknown;
  let port: unknown;
  let portAt: string;
  if (isRecord(backend.service)) {
    name = backend.service.name;
    const p = backend.service.port;
    port = isRecord(p) ? (p.number ?? p.name) : p;
    portAt = ptr(at, 'service', 'port');
  } else if (backend.serviceName !== undefined) {
    name = backend.serviceName;
    port = backend.servicePort;
    portAt = ptr(at, 'servicePort');
  } else {
    problem(at, `${where}: backend names no service, so requests there have nowhere to go`);
    return null;
  }
  if (typeof name !== 'string' || name === '') {
    problem(at, `${where}: backend service has no name (found ${shown(name)})`);
    return null;
  }
  const numeric = isInteger(port) && port >= 1 && port <= 65535;
  const named = typeof port === 'string' && port !== '';
  if (!numeric && !named) {
    problem(portAt, `${where}: backend service "${name}" has port ${shown(port)}, expected a port number from 1 to 65535 or a port name`);
    return null;
  }
  return {
    name: `${obj.namespace}/${name}:${String(port)}`,
    address: name,
    port: numeric ? (port as number) : null,
    ...base,
  };
}
