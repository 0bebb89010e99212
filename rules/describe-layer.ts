import type { ResolvedLayer } from '../config/resolve.js';

/** A layer as messages name it: `'api' (L2)`, or `'api'` when it has no level. */
export function describeLayer(layer: ResolvedLayer): string {
  return layer.level ? `'${layer.name}' (${layer.level})` : `'${layer.name}'`;
}
