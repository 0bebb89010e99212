import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { formatPath } from '../config/errors.js';
import { compareText } from '../core/finding-order.js';
import type { SourceInput } from './source-files.js';

/**
 * Per-file facts cached across runs, one JSON file per analyzer. An entry is
 * used only when the file's content hash matches, and the whole file only when
 * its format, analyzer version and context (config, options, parser) match and
 * its checksum holds. Anything else is a miss: a bad cache costs time, never a verdict.
 *
 * Like git's index, an entry also records the file's size and mtime, so an
 * unchanged file need not even be read: the stat vouches for the content when it
 * matches and the file was already STAT_TRUST_AGE_MS old when it was hashed (an
 * edit within a coarse timestamp's tick could otherwise keep the same mtime).
 */

export const CACHE_FORMAT = 'plumbline-analyzer-cache';
export const CACHE_SCHEMA_VERSION = 1;
/** Covers the coarsest common mtime resolution (2 s on FAT); newer files are re-hashed every run. */
export const STAT_TRUST_AGE_MS = 2000;

/** Where analyzer caches live inside a project. */
export function analyzerCacheDir(root: string): string {
  return path.join(root, '.plumbline', 'cache', 'analyzers');
}

export type CacheState = 'disabled' | 'absent' | 'loaded' | 'corrupt' | 'version-mismatch' | 'context-changed';

export interface CacheStatus {
  state: CacheState;
  /** Why a cache file was not used, in one phrase. */
  detail?: string;
}

/** What is remembered of one file: its facts, or why it was skipped (a file that does not parse stays skipped until it changes). */
export type CachedOutcome<Facts> = { kind: 'facts'; facts: Facts } | { kind: 'skipped'; reason: string };

export interface FactCacheIdentity<Facts> {
  analyzer: string;
  analyzerVersion: number;
  /** Hash of everything besides a file's content that shapes its facts. */
  contextHash: string;
  factsSchema: z.ZodType<Facts>;
}

export interface FactCache<Facts> {
  readonly status: CacheStatus;
  /** Absolute path of the cache file; undefined when caching is off. */
  readonly file: string | undefined;
  /** The remembered outcome for the file as it is now, or undefined (a miss). */
  lookup(input: SourceInput): CachedOutcome<Facts> | undefined;
  store(input: SourceInput, outcome: CachedOutcome<Facts>): void;
  /**
   * Writes the entries of this run's files (so deleted files drop out), atomically,
   * and only when something changed. A failed write is returned, not thrown.
   */
  save(): { written: boolean; error?: string };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const HeaderSchema = z.looseObject({
  format: z.literal(CACHE_FORMAT),
  schemaVersion: z.number(),
  analyzer: z.string(),
  analyzerVersion: z.number(),
  contextHash: z.string(),
  checksum: z.string(),
});

const fileSchemas = new WeakMap<z.ZodType, z.ZodType>();

/** One schema per facts schema, built once: zod compiles a schema on first use, and a warm run should not pay that twice. */
function cacheFileSchema<Facts>(factsSchema: z.ZodType<Facts>): z.ZodType<{ entries: Record<string, StoredEntry<Facts>> }> {
  let schema = fileSchemas.get(factsSchema);
  if (!schema) {
    // The hash is only compared for equality, so a malformed one is a miss, not a danger: a plain string suffices.
    const stat = { hash: z.string(), size: z.number().int().nonnegative(), mtimeMs: z.number().nonnegative(), stable: z.boolean() };
    const entry = z.union([z.object({ ...stat, facts: factsSchema }).strict(), z.object({ ...stat, skipped: z.string().min(1) }).strict()]);
    schema = z
      .object({
        format: z.literal(CACHE_FORMAT),
        schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
        analyzer: z.string().min(1),
        analyzerVersion: z.number().int().nonnegative(),
        contextHash: hex64,
        checksum: hex64,
        entries: z.record(z.string(), entry),
      })
      .strict();
    fileSchemas.set(factsSchema, schema);
  }
  return schema as z.ZodType<{ entries: Record<string, StoredEntry<Facts>> }>;
}

interface FileStat {
  hash: string;
  size: number;
  mtimeMs: number;
  /** The stat may stand in for the content (see STAT_TRUST_AGE_MS). */
  stable: boolean;
}
type StoredEntry<Facts> = FileStat & ({ facts: Facts } | { skipped: string });

function statOf(input: SourceInput, hash: string): FileStat {
  return { hash, size: input.size, mtimeMs: input.mtimeMs, stable: input.seenAt - input.mtimeMs >= STAT_TRUST_AGE_MS };
}

function outcomeOf<Facts>(entry: StoredEntry<Facts>): CachedOutcome<Facts> {
  return 'facts' in entry ? { kind: 'facts', facts: entry.facts } : { kind: 'skipped', reason: entry.skipped };
}

const ENTRIES_KEY = ',"entries":';

/** The checksum of a cache's entries: sha256 of their JSON text (`JSON.stringify`). */
export function checksumOf(entries: unknown): string {
  // JSON.stringify(undefined) is undefined, whatever its declared type says.
  return sha256(entries === undefined ? '' : JSON.stringify(entries));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The entries' text as written: everything between `,"entries":` and the closing brace. */
function entriesText(text: string): string {
  const start = text.indexOf(ENTRIES_KEY);
  const end = text.trimEnd().length - 1;
  return start < 0 || end < start ? '' : text.slice(start + ENTRIES_KEY.length, end);
}

/** A cache that remembers nothing (caching off); the analysis runs the same way. */
export function disabledFactCache<Facts>(): FactCache<Facts> {
  return {
    status: { state: 'disabled' },
    file: undefined,
    lookup: () => undefined,
    store: () => undefined,
    save: () => ({ written: false }),
  };
}

export function openFactCache<Facts>(dir: string, identity: FactCacheIdentity<Facts>): FactCache<Facts> {
  const file = path.join(dir, `${identity.analyzer}.json`);
  const { status, entries: previous } = readCacheFile(file, identity);
  const current = new Map<string, StoredEntry<Facts>>();
  let changed = false;
  return {
    status,
    file,
    lookup(input) {
      const entry = previous.get(input.path);
      if (entry === undefined) return undefined;
      if (entry.stable && entry.size === input.size && entry.mtimeMs === input.mtimeMs) {
        current.set(input.path, entry);
        return outcomeOf(entry);
      }
      let hash: string;
      try {
        hash = input.hash();
      } catch {
        return undefined;
      }
      if (hash !== entry.hash) return undefined;
      // Same content, new stat (touched, or now old enough to be trusted): keep the facts, refresh the stat.
      const refreshed = { ...entry, ...statOf(input, hash) };
      if (refreshed.stable !== entry.stable || refreshed.mtimeMs !== entry.mtimeMs || refreshed.size !== entry.size) changed = true;
      current.set(input.path, refreshed);
      return outcomeOf(refreshed);
    },
    store(input, outcome) {
      let hash: string;
      try {
        hash = input.hash();
      } catch {
        return; // unreadable now: nothing to remember it by
      }
      const stat = statOf(input, hash);
      current.set(input.path, outcome.kind === 'facts' ? { ...stat, facts: outcome.facts } : { ...stat, skipped: outcome.reason });
      changed = true;
    },
    save() {
      if (!changed && status.state === 'loaded' && current.size === previous.size) return { written: false };
      const entries = JSON.stringify(Object.fromEntries([...current.entries()].sort(([a], [b]) => compareText(a, b))));
      const header = JSON.stringify({
        format: CACHE_FORMAT,
        schemaVersion: CACHE_SCHEMA_VERSION,
        analyzer: identity.analyzer,
        analyzerVersion: identity.analyzerVersion,
        contextHash: identity.contextHash,
        checksum: sha256(entries),
      });
      try {
        mkdirSync(dir, { recursive: true });
        // `entries` goes last, so a reader can checksum its text as written without serialising it again.
        writeFileAtomic(file, `${header.slice(0, -1)}${ENTRIES_KEY}${entries}}\n`);
        return { written: true };
      } catch (error) {
        return { written: false, error: `analyzer cache ${file} could not be written: ${(error as Error).message}` };
      }
    },
  };
}

function readCacheFile<Facts>(
  file: string,
  identity: FactCacheIdentity<Facts>,
): { status: CacheStatus; entries: Map<string, StoredEntry<Facts>> } {
  const miss = (state: CacheState, detail?: string) => ({ status: detail ? { state, detail } : { state }, entries: new Map() });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? miss('absent') : miss('corrupt', `cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return miss('corrupt', 'not valid JSON (truncated or damaged)');
  }
  const header = HeaderSchema.safeParse(raw);
  if (!header.success) return miss('corrupt', 'not a Plumbline analyzer cache');
  const { schemaVersion, analyzer, analyzerVersion, contextHash } = header.data;
  if (schemaVersion !== CACHE_SCHEMA_VERSION || analyzer !== identity.analyzer || analyzerVersion !== identity.analyzerVersion) {
    return miss(
      'version-mismatch',
      `written for ${analyzer} v${analyzerVersion} (cache format ${schemaVersion}), need ${identity.analyzer} v${identity.analyzerVersion} (cache format ${CACHE_SCHEMA_VERSION})`,
    );
  }
  if (contextHash !== identity.contextHash) return miss('context-changed', 'config, options or parser changed');
  if (header.data.checksum !== sha256(entriesText(text))) return miss('corrupt', 'checksum mismatch');
  const parsed = cacheFileSchema(identity.factsSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return miss('corrupt', `does not match the cache schema (${issue ? `${formatPath(issue.path)}: ${issue.message}` : 'unknown'})`);
  }
  return { status: { state: 'loaded' }, entries: new Map(Object.entries(parsed.data.entries)) };
}
