// Readers for the scalar shapes of Envoy's protobuf-in-YAML: objects, lists, names, unsigned
// integers (proto JSON also accepts them as numeric strings), durations and the enums lb-gate
// maps (lb_policy, health_status), which may be written in either case or as their numbers.

import type { MemberState } from '../model.js';

export type EnvoyObject = Record<string, unknown>;

export function isObject(value: unknown): value is EnvoyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A name-like value as text; YAML turns `name: 8080` into a number, which still names a thing. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** An unsigned number: absent → undefined, unreadable → null (the caller reports it). */
export function numberOf(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  // Proto wrapper types written as objects: `load_balancing_weight: {value: 3}`.
  if (isObject(value) && 'value' in value) return numberOf(value.value);
  return null;
}

/** Envoy duration (`"0.25s"`, `{seconds: 5, nanos: 0}`) → milliseconds; null when unreadable. */
export function durationMs(value: unknown): number | null {
  if (typeof value === 'string') return durationTextMs(value.trim());
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (isObject(value)) {
    const seconds = numberOf(value.seconds) ?? 0;
    const nanos = numberOf(value.nanos) ?? 0;
    if (seconds === null || nanos === null) return null;
    return seconds * 1000 + nanos / 1e6;
  }
  return null;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * `digits[.digits](ms|s|m|h)` → milliseconds, else null. Read by hand: a large config has a few
 * durations per cluster, and a regex match allocates its array and captures each time.
 */
function durationTextMs(text: string): number | null {
  let i = 0;
  while (isDigit(text.charCodeAt(i))) i++;
  if (i === 0) return null;
  if (text.charCodeAt(i) === 0x2e) {
    const fraction = ++i;
    while (isDigit(text.charCodeAt(i))) i++;
    if (i === fraction) return null;
  }
  const unit = text.length - i;
  const u = text.charCodeAt(i);
  let scale: number;
  if (unit === 2 && u === 0x6d && text.charCodeAt(i + 1) === 0x73) scale = 1; // ms
  else if (unit === 1 && u === 0x73) scale = 1000; // s
  else if (unit === 1 && u === 0x6d) scale = 60_000; // m
  else if (unit === 1 && u === 0x68) scale = 3_600_000; // h
  else return null;
  // The text up to the unit is a plain decimal, which parseFloat reads up to the unit letter.
  return parseFloat(text) * scale;
}

const LB_POLICY_NUMBERS = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RING_HASH', 'RANDOM', 'ORIGINAL_DST_LB', 'MAGLEV', 'CLUSTER_PROVIDED', 'LOAD_BALANCING_POLICY_CONFIG'];

// A Map, not an object literal: the key comes from the config, and `constructor` or `__proto__`
// must not find Object.prototype's members.
const ALGORITHMS = new Map<string, string>([
  ['round_robin', 'roundrobin'],
  ['least_request', 'leastconn'],
  ['ring_hash', 'ring_hash'],
  ['random', 'random'],
  ['maglev', 'maglev'],
  ['cluster_provided', 'cluster_provided'],
  ['original_dst_lb', 'original_dst'],
]);
/** lb_policy as usually written (`ROUND_ROBIN`) → algorithm, sparing a lower-cased copy per cluster. */
const ALGORITHMS_BY_ENUM = new Map([...ALGORITHMS].map(([key, algorithm]) => [key.toUpperCase(), algorithm]));

function enumName(value: unknown, byNumber: readonly string[]): string | undefined {
  if (typeof value === 'number') return byNumber[value];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The normalized algorithm of a cluster: `lb_policy`, or the first policy of the newer
 * `load_balancing_policy` extension list (`envoy.load_balancing_policies.least_request`).
 */
export function clusterAlgorithm(cluster: EnvoyObject): string {
  const policy = enumName(cluster.lb_policy, LB_POLICY_NUMBERS);
  const extension = isObject(cluster.load_balancing_policy) ? listOf(cluster.load_balancing_policy.policies)[0] : undefined;
  if ((policy === undefined || /^load_balancing_policy_config$/i.test(policy)) && isObject(extension)) {
    const config = isObject(extension.typed_extension_config) ? extension.typed_extension_config : {};
    const name = textOf(config.name) ?? '';
    const key = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    return ALGORITHMS.get(key) ?? (key || 'roundrobin');
  }
  if (policy === undefined) return 'roundrobin';
  const exact = ALGORITHMS_BY_ENUM.get(policy);
  if (exact !== undefined) return exact;
  const key = policy.toLowerCase();
  return ALGORITHMS.get(key) ?? key;
}

const CLUSTER_TYPE_NUMBERS = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'];

/**
 * Whether a cluster's endpoints come from somewhere other than this file: EDS (a control plane
 * sends them), ORIGINAL_DST (each connection's own destination) or a `cluster_type` extension
 * (aggregate, dynamic forward proxy, redis …). DNS clusters list their hostnames here.
 */
export function discoversEndpoints(cluster: EnvoyObject): boolean {
  if (isObject(cluster.cluster_type)) return true;
  const type = enumName(cluster.type, CLUSTER_TYPE_NUMBERS)?.toUpperCase();
  return type === 'EDS' || type === 'ORIGINAL_DST';
}

const HEALTH_STATUS_NUMBERS = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'];

/**
 * Member state from an endpoint's `health_status`. DEGRADED hosts only take traffic when too few
 * healthy ones are left, which is what `backup` means in the model.
 */
export function memberState(healthStatus: unknown): MemberState {
  switch (enumName(healthStatus, HEALTH_STATUS_NUMBERS)?.toUpperCase()) {
    case 'UNHEALTHY':
    case 'TIMEOUT':
      return 'disabled';
    case 'DRAINING':
      return 'draining';
    case 'DEGRADED':
      return 'backup';
    default:
      return 'active';
  }
}

