// An Envoy document (already loaded from YAML or JSON) → the normalized model. Reads a bootstrap's
// `static_resources`, a bare `clusters:` / `listeners:` file, and xDS resource files
// (`resources:` entries whose `@type` is a Cluster or a Listener). Anything else Envoy knows
// (admin, tracing, runtime, filters lb-gate does not model) is left alone, not reported.

import type { LbConfig, Listener, Pool, PoolTarget } from '../model.js';
import { clusterToPool } from './envoy-clusters.js';
import { newContext, problemAt, type EnvoyContext, type LineOf } from './envoy-context.js';
import { hasExplicitName, mapListener, type NameRegistry } from './envoy-listeners.js';
import { isObject, listOf, textOf } from './envoy-values.js';
import type { ParseProblem } from './types.js';
import type { NodeCursor } from '../yaml-positions.js';

interface Located {
  value: unknown;
  pointer: string;
  cursor: NodeCursor | null;
}

function collect(root: Record<string, unknown>, rootCursor: NodeCursor | null): { clusters: Located[]; listeners: Located[] } {
  const clusters: Located[] = [];
  const listeners: Located[] = [];
  const add = (into: Located[], list: unknown, base: string, cursor: NodeCursor | null) => {
    const items = listOf(list);
    for (let i = 0; i < items.length; i++) into.push({ value: items[i], pointer: `${base}/${i}`, cursor: cursor?.child(i) ?? null });
  };
  if (isObject(root.static_resources)) {
    const staticCursor = rootCursor?.child('static_resources') ?? null;
    add(clusters, root.static_resources.clusters, '/static_resources/clusters', staticCursor?.child('clusters') ?? null);
    add(listeners, root.static_resources.listeners, '/static_resources/listeners', null);
  }
  add(clusters, root.clusters, '/clusters', rootCursor?.child('clusters') ?? null);
  add(listeners, root.listeners, '/listeners', null);
  const resources = listOf(root.resources);
  const resourcesCursor = rootCursor?.child('resources') ?? null;
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i];
    const type = isObject(resource) ? (textOf(resource['@type']) ?? '') : '';
    const located = { value: resource, pointer: `/resources/${i}`, cursor: resourcesCursor?.child(i) ?? null };
    if (type.endsWith('.Cluster')) clusters.push(located);
    else if (type.endsWith('.Listener')) listeners.push(located);
  }
  return { clusters, listeners };
}

function reportDuplicate(ctx: EnvoyContext, seen: Map<string, string>, name: string, pointer: string, kind: string): void {
  const first = seen.get(name);
  if (first === undefined) {
    seen.set(name, pointer);
    return;
  }
  const firstLine = ctx.lineOf(first)?.line;
  problemAt(
    ctx,
    pointer,
    `${kind} name "${name}" is used twice (first at line ${firstLine ?? '?'}); Envoy refuses to load a config with duplicate ${kind} names`,
  );
}

/** The model of an Envoy document, and the problems that make parts of it unreadable. */
export function envoyToModel(
  document: unknown,
  file: string,
  lineOf: LineOf,
  root: NodeCursor | null = null,
): { model: LbConfig; problems: ParseProblem[] } {
  const ctx = newContext(file, lineOf);
  const model: LbConfig = { format: 'envoy', file, listeners: [], pools: [] };
  if (document === null || document === undefined) return { model, problems: ctx.problems };
  if (!isObject(document)) {
    problemAt(
      ctx,
      '',
      `the file's top level is ${Array.isArray(document) ? 'a list' : `a ${typeof document}`}, not a mapping; an Envoy config is a mapping with static_resources, clusters or resources`,
    );
    return { model, problems: ctx.problems };
  }

  const { clusters, listeners } = collect(document, root);
  const pools: Pool[] = [];
  const clusterNames = new Map<string, string>();
  for (const { value, pointer, cursor } of clusters) {
    const pool = clusterToPool(ctx, value, pointer, cursor);
    if (!pool) continue;
    reportDuplicate(ctx, clusterNames, pool.name, pointer, 'cluster');
    pools.push(pool);
  }

  // Every pool's name: the clusters', then each split's as mapListener names it.
  const poolNames: NameRegistry = new Set(pools.map((p) => p.name));
  const listenerNames = new Map<string, string>();
  const usedListenerNames = new Set<string>();
  const splits: Pool[] = [];
  const mapped: Listener[] = [];
  for (let i = 0; i < listeners.length; i++) {
    const { value, pointer } = listeners[i]!;
    const result = mapListener(ctx, value, pointer, i, poolNames);
    if (!result) continue;
    const listener = result.listener;
    if (hasExplicitName(value)) reportDuplicate(ctx, listenerNames, listener.name, pointer, 'listener');
    // Unnamed listeners are named by address; two on the same address still need distinct names.
    let name = listener.name;
    for (let n = 2; usedListenerNames.has(name); n++) name = `${listener.name} #${n}`;
    usedListenerNames.add(name);
    listener.name = name;
    mapped.push(listener);
    for (const split of result.splits) splits.push(split);
  }

  if (clustersComeFromElsewhere(document, clusters.length)) unlinkUndefinedClusters(mapped, splits, poolNames);
  model.pools = [...pools, ...splits];
  model.listeners = mapped;
  return { model, problems: ctx.problems };
}

/**
 * Whether routes may name clusters this file does not define: the bootstrap fetches clusters by
 * CDS, or the file is an xDS resource file with listeners and no clusters (file-based LDS keeps
 * them in a CDS file beside it).
 */
function clustersComeFromElsewhere(document: Record<string, unknown>, clusterCount: number): boolean {
  const dynamic = document.dynamic_resources;
  if (isObject(dynamic) && (dynamic.cds_config !== undefined || dynamic.cds_resources_locator !== undefined)) return true;
  return document.resources !== undefined && clusterCount === 0;
}

/**
 * Route targets and split members naming a cluster the file does not define are delivered
 * elsewhere: they are external (no members here to share traffic among, nothing to dangle).
 */
function unlinkUndefinedClusters(listeners: Listener[], splits: Pool[], defined: ReadonlySet<string>): void {
  const unlink = (targets: PoolTarget[]) => {
    for (const target of targets) if (!target.dynamic && !target.external && !defined.has(target.pool)) target.external = true;
  };
  for (const listener of listeners) {
    unlink(listener.defaultTargets);
    for (const route of listener.routes) unlink(route.targets);
  }
  for (const split of splits) for (const member of split.members) if (member.ref !== undefined && !defined.has(member.ref)) delete member.ref;
}
