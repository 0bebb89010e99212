import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { stableStringify } from '../core/stable-json.js';
import { disabledFactCache, openFactCache, type CachedOutcome, type CacheStatus } from './cache.js';
import { compareText } from '../core/finding-order.js';
import { PARSER_ID } from './parser.js';
import type { AnalysisSession } from './session.js';
import type { ParsedFile } from './parsed-file.js';
import type { SkippedFile } from './source-files.js';

/**
 * An analyzer's per-file half: facts read from one file's syntax tree alone, so
 * they can be cached by the file's content hash. Whole-project conclusions are
 * drawn afterwards from the facts of all files.
 */
export interface FileAnalyzer<Facts> {
  /** Names the cache file; stable. */
  readonly id: string;
  /** Bump whenever the facts change shape or meaning: old caches then miss. */
  readonly version: number;
  readonly factsSchema: z.ZodType<Facts>;
  /** The options that shape the facts (part of the cache key). */
  readonly settings: unknown;
  /** Loaded lazily so that a fully cached run never loads the parser. */
  loadExtractor(): Promise<(file: ParsedFile) => Facts>;
}

export interface CollectionStats {
  files: number;
  cacheHits: number;
  /** Files whose facts were extracted this run (cache misses). */
  extracted: number;
  /** Files whose content was read this run (misses, and files the cache could not vouch for by their stat). */
  read: number;
  cache: CacheStatus;
  cacheWriteError?: string;
}

export interface FactCollection<Facts> {
  /** Facts by project-relative path, in path order. */
  facts: Map<string, Facts>;
  /** Files with no facts, and why (unreadable, syntax errors, too large). */
  skipped: SkippedFile[];
  stats: CollectionStats;
}

const PROGRESS_EVERY = 500;

export async function collectFacts<Facts>(session: AnalysisSession, analyzer: FileAnalyzer<Facts>): Promise<FactCollection<Facts>> {
  const contextHash = createHash('sha256')
    .update(
      stableStringify({
        analyzer: analyzer.id,
        version: analyzer.version,
        config: session.config.hash,
        // Facts read by another parser (or another version of it) are not reused.
        parser: PARSER_ID,
        settings: analyzer.settings,
      }),
    )
    .digest('hex');
  const identity = { analyzer: analyzer.id, analyzerVersion: analyzer.version, contextHash, factsSchema: analyzer.factsSchema };
  const cache = session.cacheDir ? openFactCache(session.cacheDir, identity) : disabledFactCache<Facts>();
  const facts = new Map<string, Facts>();
  const skipped: SkippedFile[] = [...session.skipped];
  let extract: Awaited<ReturnType<FileAnalyzer<Facts>['loadExtractor']>> | undefined;
  let cacheHits = 0;
  let extracted = 0;

  for (const [index, input] of session.inputs.entries()) {
    if (index % PROGRESS_EVERY === 0) {
      session.signal?.throwIfAborted();
      if (index > 0) session.progress(`${analyzer.id}: ${index}/${session.inputs.length} files`);
    }
    let outcome: CachedOutcome<Facts> | undefined = cache.lookup(input);
    if (outcome) {
      cacheHits++;
    } else {
      const parser = await session.parser();
      extract ??= await analyzer.loadExtractor();
      extracted++;
      const parsed = parser.parse(input);
      if (parsed.kind === 'skipped') {
        outcome = { kind: 'skipped', reason: parsed.reason };
        cache.store(input, outcome);
      } else {
        try {
          outcome = { kind: 'facts', facts: extract(parsed.file) };
          cache.store(input, outcome);
        } catch (error) {
          // An extractor bug is not remembered: the next run tries again.
          outcome = { kind: 'skipped', reason: `the ${analyzer.id} analyzer failed on this file: ${(error as Error).message}` };
        }
      }
    }
    if (outcome.kind === 'facts') facts.set(input.path, outcome.facts);
    else skipped.push({ path: input.path, reason: outcome.reason });
  }
  const write = cache.save();
  const read = session.inputs.filter((input) => input.wasRead()).length;
  const stats: CollectionStats = { files: session.files.length, cacheHits, extracted, read, cache: cache.status };
  if (write.error) stats.cacheWriteError = write.error;
  return { facts, skipped: skipped.sort((a, b) => compareText(a.path, b.path)), stats };
}
