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

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Envoy duration (`"0.25s"`, `{seconds: 5, nanos: 0}`) → milliseconds; null when unreadable. */
export function durationMs(value: unknown): number | null {
  if (typeof value === 'string') {
    const m = DURATION.exec(value.trim());
    return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (isObject(value)) {
    const seconds = numberOf(value.seconds) ?? 0;
    const nanos = numberOf(value.nanos) ?? 0;
    if (seconds === null || nanos === null) return null;
    return seconds * 1000 + nanos / 1e6;
  }
  return null;
}

const LB_POLICY_NUMBERS = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RING_HASH', 'RANDOM', 'ORIGINAL_DST_LB', 'MAGLEV', 'CLUSTER_PROVIDED', 'LOAD_BALANCING_POLICY_CONFIG'];

const ALGORITHMS: Record<string, string> = {
  round_robin: 'roundrobin',
  least_request: 'leastconn',
  ring_hash: 'ring_hash',
  random: 'random',
  maglev: 'maglev',
  cluster_provided: 'cluster_provided',
  original_dst_lb: 'original_dst',
};

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
    return ALGORITHMS[key] ?? (key || 'roundrobin');
  }
  if (policy === undefined) return 'roundrobin';
  const key = policy.toLowerCase();
  return ALGORITHMS[key] ?? key;
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

