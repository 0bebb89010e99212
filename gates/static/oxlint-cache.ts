import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { STAT_TRUST_AGE_MS } from '../../analyzers/cache.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding } from '../../core/contracts.js';
import { PACKAGE_VERSION } from '../../core/package-info.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';

/**
 * oxlint keeps no result cache, so `plumbline check` keeps one for it, as ESLint's content cache does for the
 * ESLint path: per file, its content hash and its findings, valid for one resolved config, one Plumbline and one
 * oxlint version. Only changed files are linted again; the file is replaced atomically (last writer wins).
 */
interface CacheFile {
  key: string;
  files: Record<string, CacheEntry>;
}

interface CacheEntry {
  hash: string;
  /** The file's size and mtime when hashed, and whether they may stand in for the content (analyzers' rule). */
  size?: number;
  mtimeMs?: number;
  stable?: boolean;
  findings: Finding[];
}

export interface OxlintResultCache {
  /** Files whose content changed since the cached run (or that it never saw). */
  stale: string[];
  /** The cached findings of the other files. */
  cachedFindings: Finding[];
  /** Records the new findings of the stale files and writes the cache. */
  save(findings: readonly Finding[]): void;
}

export function openOxlintCache(config: ResolvedConfig, files: readonly string[], oxlintVersion: string): OxlintResultCache {
  const cacheFile = path.join(config.root, '.plumbline', 'cache', 'oxlint', 'results.json');
  const key = `${config.hash}:${PACKAGE_VERSION}:${oxlintVersion}`;
  const previous = readCache(cacheFile, key);
  const next: CacheFile = { key, files: {} };
  const stale: string[] = [];
  const cachedFindings: Finding[] = [];
  for (const file of files) {
    const id = toProjectPath(config.root, file) ?? file;
    const known = previous?.files[id];
    // The clock is read before the stat: a later change to the file then always looks newer than `seenAt`.
    const seenAt = Date.now();
    const stat = statOf(file);
    // Like the analyzers' cache (and git's index): a stat that matches one taken when the file was already
    // old enough vouches for the content, so an unchanged file is not even read.
    if (stat && known?.stable && known.size === stat.size && known.mtimeMs === stat.mtimeMs) {
      next.files[id] = known;
      cachedFindings.push(...known.findings);
      continue;
    }
    const hash = contentHash(file);
    const fresh = stat ? { size: stat.size, mtimeMs: stat.mtimeMs, stable: seenAt - stat.mtimeMs >= STAT_TRUST_AGE_MS } : {};
    if (hash !== undefined && known?.hash === hash) {
      next.files[id] = { ...known, ...fresh };
      cachedFindings.push(...known.findings);
    } else {
      stale.push(file);
      if (hash !== undefined) next.files[id] = { hash, ...fresh, findings: [] };
    }
  }
  return {
    stale,
    cachedFindings,
    save(findings) {
      for (const finding of findings) next.files[finding.file]?.findings.push(finding);
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeFileAtomic(cacheFile, JSON.stringify(next));
    },
  };
}

function readCache(file: string, key: string): CacheFile | undefined {
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    return cache.key === key && typeof cache.files === 'object' ? cache : undefined;
  } catch {
    return undefined; // absent, unreadable or corrupt: a cold run, never a wrong one
  }
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const { size, mtimeMs } = statSync(file);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

function contentHash(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
