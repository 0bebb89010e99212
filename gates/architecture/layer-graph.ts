import path from 'node:path';
import type { ICruiseResult } from 'dependency-cruiser';
import { getProjectMatcher } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { layerAccess } from '../../core/layer-matcher.js';

export interface LayerNode {
  name: string;
  level: string | undefined;
  /** Cruised project modules that belong to the layer. */
  modules: number;
}

/** A pair of layers: what the config allows and what the code does. */
export interface LayerEdge {
  from: string;
  to: string;
  /** 'values' when mayImport lists the target, 'types' when only mayImportTypes does, 'none' otherwise. */
  allowed: 'values' | 'types' | 'none';
  /** Imports from modules of `from` to modules of `to`. */
  dependencies: number;
  /** Of those, the ones dependency-cruiser reports (any rule). */
  violations: number;
}

export interface LayerGraph {
  layers: LayerNode[];
  /** Every pair that is allowed or used, in layer order. */
  edges: LayerEdge[];
  /** Cruised project modules that match no layer. */
  unassignedModules: number;
}

/**
 * The layer-level view of a cruise: modules folded into their layers (first
 * matching layer, as everywhere in Plumbline), imports between layers counted.
 */
export function buildLayerGraph(config: ResolvedConfig, result: ICruiseResult): LayerGraph {
  const matcher = getProjectMatcher(config);
  const layerOf = (source: string) => matcher.layerOf(path.resolve(config.root, source))?.name;
  const counts = new Map(config.layers.map((layer) => [layer.name, 0]));
  const used = new Map<string, { dependencies: number; violations: number }>();
  let unassignedModules = 0;

  for (const module of result.modules) {
    if (module.coreModule || module.couldNotResolve || module.matchesDoNotFollow) continue;
    const from = layerOf(module.source);
    if (from === undefined) {
      unassignedModules += 1;
      continue;
    }
    counts.set(from, (counts.get(from) ?? 0) + 1);
    for (const dependency of module.dependencies) {
      if (dependency.coreModule || dependency.couldNotResolve) continue;
      const to = layerOf(dependency.resolved);
      if (to === undefined || to === from) continue;
      const key = `${from}\u0000${to}`;
      const entry = used.get(key) ?? { dependencies: 0, violations: 0 };
      entry.dependencies += 1;
      if (!dependency.valid) entry.violations += 1;
      used.set(key, entry);
    }
  }

  const edges: LayerEdge[] = [];
  for (const from of config.layers) {
    for (const to of config.layers) {
      if (from.name === to.name) continue;
      const allowed = layerAccess(from, to);
      const actual = used.get(`${from.name}\u0000${to.name}`);
      if (allowed === 'none' && !actual) continue;
      edges.push({ from: from.name, to: to.name, allowed, dependencies: actual?.dependencies ?? 0, violations: actual?.violations ?? 0 });
    }
  }
  return {
    layers: config.layers.map((layer) => ({ name: layer.name, level: layer.level, modules: counts.get(layer.name) ?? 0 })),
    edges,
    unassignedModules,
  };
}
