import { globMatcher } from './glob-match.js';
import { globsToRegex } from './glob-to-regex.js';

/**
 * The one layer matcher of Plumbline. The ESLint rule, the analyzers and the
 * architecture graph all ask it which layer owns a file and whether one layer
 * may import another; the dependency-cruiser rules that `plumbline depcruise-config`
 * exports are generated from the same globs and the same first-match order.
 */

/** What the matcher needs of a layer (config/resolve.ts's ResolvedLayer has these and more). */
export interface PolicyLayer {
  readonly name: string;
  readonly paths: readonly string[];
  readonly mayImport: readonly string[];
  readonly mayImportTypes: readonly string[];
}

export { GLOB_OPTIONS } from './glob-match.js';

export interface LayerMatcher<L extends PolicyLayer> {
  /** The layer that owns a project-relative path (forward slashes): the first layer, in config order, whose globs match. */
  layerOf(projectPath: string): L | undefined;
}

export function createLayerMatcher<L extends PolicyLayer>(layers: readonly L[]): LayerMatcher<L> {
  const tests = layers.map((layer) => ({ layer, test: globMatcher(layer.paths) }));
  const cache = new Map<string, L | undefined>();
  return {
    layerOf(projectPath) {
      if (cache.has(projectPath)) return cache.get(projectPath);
      const layer = tests.find(({ test }) => test(projectPath))?.layer;
      cache.set(projectPath, layer);
      return layer;
    },
  };
}

/** What `from` may take from `to`: values (mayImport, or the same layer), only types (mayImportTypes), or nothing. */
export type LayerAccess = 'values' | 'types' | 'none';

export function layerAccess(from: PolicyLayer, to: PolicyLayer): LayerAccess {
  if (from.name === to.name || from.mayImport.includes(to.name)) return 'values';
  return from.mayImportTypes.includes(to.name) ? 'types' : 'none';
}

/** The verdict on one import between layers: allowed, a value import where only types may cross, or forbidden. */
export type ImportVerdict = 'allowed' | 'values-where-types-only' | 'forbidden';

export function judgeImport(from: PolicyLayer, to: PolicyLayer, typeOnly: boolean): ImportVerdict {
  const access = layerAccess(from, to);
  if (access === 'values' || (access === 'types' && typeOnly)) return 'allowed';
  return access === 'types' ? 'values-where-types-only' : 'forbidden';
}

/** A path selector for a regex-only matcher (dependency-cruiser): a path matches `path` and none of `pathNot`. */
export interface RegexSelector {
  path: string;
  pathNot?: string[];
}

/**
 * Each layer's files as regexes: its own globs minus every earlier layer's, so the
 * first-match order holds. Throws GlobConversionError for a glob with no safe regex form.
 */
export function layerRegexSelectors(layers: readonly PolicyLayer[]): RegexSelector[] {
  const own = layers.map((layer) => globsToRegex(layer.paths));
  return own.map((regex, index) => {
    const earlier = own.slice(0, index).flatMap((item) => (item ? [item.source] : []));
    // A layer with no globs owns no file; a project path is never empty, so `^$` selects nothing.
    const path = regex?.source ?? '^$';
    return earlier.length > 0 ? { path, pathNot: earlier } : { path };
  });
}
