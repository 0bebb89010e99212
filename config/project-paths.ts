import path from 'node:path';
import picomatch from 'picomatch';
import { oncePerConfig } from './per-config.js';
import type { ResolvedConfig, ResolvedLayer } from './resolve.js';

/** Project-relative path with forward slashes; undefined when the file lies outside the root. */
export function toProjectPath(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

export interface ProjectMatcher {
  readonly config: ResolvedConfig;
  /** The layer that owns a file (first matching layer in config order). */
  layerOf(file: string): ResolvedLayer | undefined;
  /**
   * The domain a file belongs to, named by the `*` segments of the first matching domain glob joined
   * by `/` (a glob with two, for `src/contexts/<context>/<module>`, names `mooc/courses`); undefined
   * outside every domain and in the shared kernel.
   */
  domainOf(file: string): string | undefined;
  /** Whether a file lies in the shared kernel (`domains.shared`), public to every domain. */
  isSharedKernel(file: string): boolean;
  /** The entry globs of a domain, relative to its folder: its own `domains.entries`, else `domainEntries`. */
  entriesOf(domain: string): readonly string[];
  /** The project-relative folder of a file's domain (e.g. `src/domains/policies`). */
  domainRootOf(file: string): string | undefined;
  /** Whether a file is part of the checked sources (include minus exclude). */
  isSource(file: string): boolean;
  /** The banned-file entry a file's path matches, if any. */
  bannedEntryFor(file: string): { pattern: string; reason: string | undefined } | undefined;
  /** Whether a file's path matches a `barrels` glob (a file that may only re-export). */
  isBarrel(file: string): boolean;
}

/** One compiled matcher per resolved config, shared by every rule and gate. */
export const getProjectMatcher = oncePerConfig(createProjectMatcher);

const globOptions = { dot: true } as const;

function createProjectMatcher(config: ResolvedConfig): ProjectMatcher {
  const layerTests = config.layers.map((layer) => ({ layer, test: picomatch(layer.paths, globOptions) }));
  const included = picomatch(config.include, globOptions);
  const excluded = config.exclude.length > 0 ? picomatch(config.exclude, globOptions) : () => false;
  const banned = config.bannedFiles.map((entry) => ({ entry, test: picomatch(entry.pattern, { ...globOptions, basename: !entry.pattern.includes('/') }) }));
  const domains = config.domains.map((glob) => domainExtractor(glob));
  const shared = config.sharedKernel.length > 0 ? picomatch(config.sharedKernel.flatMap(withContents), globOptions) : () => false;
  const barrel = config.barrels.length > 0 ? picomatch(config.barrels, globOptions) : () => false;
  const layerCache = new Map<string, ResolvedLayer | undefined>();

  // Every rule asks about the same few files: compute each relative path once.
  const relativePaths = new Map<string, string | undefined>();
  const relative = (file: string) => {
    if (!relativePaths.has(file)) relativePaths.set(file, toProjectPath(config.root, file));
    return relativePaths.get(file);
  };

  return {
    config,
    layerOf(file) {
      const rel = relative(file);
      if (rel === undefined) return undefined;
      if (layerCache.has(rel)) return layerCache.get(rel);
      const layer = layerTests.find(({ test }) => test(rel))?.layer;
      layerCache.set(rel, layer);
      return layer;
    },
    domainOf(file) {
      const rel = relative(file);
      return rel === undefined || shared(rel) ? undefined : domainMatch(rel)?.name;
    },
    domainRootOf(file) {
      const rel = relative(file);
      return rel === undefined || shared(rel) ? undefined : domainMatch(rel)?.root;
    },
    isSharedKernel(file) {
      const rel = relative(file);
      return rel !== undefined && shared(rel);
    },
    entriesOf(domain) {
      return config.domainEntriesByDomain[domain] ?? config.domainEntries;
    },
    isSource(file) {
      const rel = relative(file);
      return rel !== undefined && included(rel) && !excluded(rel);
    },
    bannedEntryFor(file) {
      const rel = relative(file);
      if (rel === undefined) return undefined;
      return banned.find(({ test }) => test(rel))?.entry;
    },
    isBarrel(file) {
      const rel = relative(file);
      return rel !== undefined && barrel(rel);
    },
  };

  function domainMatch(rel: string): DomainMatch | undefined {
    for (const extract of domains) {
      const match = extract(rel);
      if (match !== undefined) return match;
    }
    return undefined;
  }
}

interface DomainMatch {
  name: string;
  /** The folder the domain glob matched, e.g. `src/domains/policies`; undefined for the folder itself. */
  root: string | undefined;
}

/** A folder glob stands for the folder and everything in it: `src/shared` covers `src/shared/id.ts`. */
function withContents(glob: string): string[] {
  const trimmed = glob.replace(/\/+$/, '');
  return trimmed.endsWith('/**') ? [trimmed] : [trimmed, `${trimmed}/**`];
}

/**
 * `src/domains/*` names the domain by its `*` segment, a glob with two `*` segments by both (`mooc/courses`): the
 * domain's identity is its path, so two modules called `courses` in two contexts stay two domains.
 * The file may lie anywhere below the domain folder.
 */
function domainExtractor(glob: string): (rel: string) => DomainMatch | undefined {
  const trimmed = glob.replace(/\/$/, '');
  const segments = trimmed.split('/');
  const starIndexes = segments.flatMap((segment, index) => (segment === '*' ? [index] : []));
  // After a `**` the segments have no fixed position from the start: count them from the domain folder's end.
  const globstar = segments.lastIndexOf('**');
  const folder = picomatch(trimmed, globOptions);
  const fullGlob = picomatch(`${trimmed}/**`, globOptions);
  const at = (parts: readonly string[], index: number) =>
    globstar >= 0 && index > globstar ? parts[parts.length - (segments.length - index)] : parts[index];
  const nameOf = (parts: readonly string[]) => starIndexes.map((index) => at(parts, index)).join('/');
  return (rel) => {
    if (!fullGlob(rel)) return undefined;
    const parts = rel.split('/');
    // The shortest leading path the glob matches is the domain folder (`packages/*/src` too).
    for (let count = 1; count < parts.length; count++) {
      const candidate = parts.slice(0, count);
      if (folder(candidate.join('/'))) return { name: nameOf(candidate), root: candidate.join('/') };
    }
    return folder(rel) ? { name: nameOf(parts), root: undefined } : undefined;
  };
}
