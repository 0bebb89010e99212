import { realpathSync } from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../core/glob-match.js';
import { createLayerMatcher } from '../core/layer-matcher.js';
import { oncePerConfig } from './per-config.js';
import type { ResolvedConfig, ResolvedLayer } from './resolve.js';

/** Project-relative path with forward slashes; undefined when the file lies outside the root. */
export function toProjectPath(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/**
 * The real path of a file or folder that may not exist yet: its nearest existing ancestor
 * with every symlink resolved, plus the rest of the path.
 */
export function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  for (let dir = absolute; ; dir = path.dirname(dir)) {
    try {
      return path.join(realpathSync(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return absolute;
      rest.unshift(path.basename(dir));
    }
  }
}

/** Whether `target` lies inside `root` once symlinks are resolved: a linked `.plumbline` may point anywhere. */
export function isInsideProject(root: string, target: string): boolean {
  return toProjectPath(realPathOf(root), realPathOf(target)) !== undefined;
}

export interface ProjectMatcher {
  readonly config: ResolvedConfig;
  /** The layer that owns a file (first matching layer in config order), as core/layer-matcher.ts decides. */
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

function createProjectMatcher(config: ResolvedConfig): ProjectMatcher {
  const layers = createLayerMatcher(config.layers);
  const included = globMatcher(config.include);
  const excluded = config.exclude.length > 0 ? globMatcher(config.exclude) : () => false;
  const banned = config.bannedFiles.map((entry) => ({
    entry,
    test: globMatcher(entry.pattern, { basename: !entry.pattern.includes('/') }),
  }));
  const domains = config.domains.map((glob) => domainExtractor(glob));
  const shared = config.sharedKernel.length > 0 ? globMatcher(config.sharedKernel.flatMap(withContents)) : () => false;
  const barrel = config.barrels.length > 0 ? globMatcher(config.barrels) : () => false;

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
      return rel === undefined ? undefined : layers.layerOf(rel);
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
  const folder = globMatcher(trimmed);
  const fullGlob = globMatcher(`${trimmed}/**`);
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
