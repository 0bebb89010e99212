import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumOf, STAT_TRUST_AGE_MS } from '../../analyzers/cache.js';
import { analyze, copyOperationsProject } from './operations-project.js';

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));

const SOURCE_FILES = 13;

function project() {
  const copy = copyOperationsProject();
  temps.push(copy);
  return copy;
}

const cacheFile = (root: string) => path.join(root, '.plumbline/cache/analyzers/operations.json');
const withCache = { cache: true } as const;

interface CacheDocument {
  analyzerVersion: number;
  schemaVersion: number;
  checksum: string;
  entries: Record<string, { hash: string; stable: boolean; facts?: { declarations: unknown[] } }>;
}

function readCache(root: string): CacheDocument {
  return JSON.parse(readFileSync(cacheFile(root), 'utf8')) as CacheDocument;
}

/** Backdates every file below a folder, as if the project had been checked out a while ago. */
function ageAllFiles(folder: string, ageMs: number): void {
  const then = new Date(Date.now() - ageMs);
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), then, then);
  }
}

function writeCache(root: string, document: CacheDocument): void {
  writeFileSync(cacheFile(root), JSON.stringify(document));
}

describe('analyzer cache', () => {
  it('parses every file cold, none warm, and only the changed file after an edit', async () => {
    const copy = project();
    const cold = await analyze(copy.root, withCache);
    expect(cold.metrics).toMatchObject({ cacheState: 'absent', filesParsed: SOURCE_FILES, cacheHits: 0, filesAnalyzed: SOURCE_FILES });
    expect(existsSync(cacheFile(copy.root))).toBe(true);

    const warm = await analyze(copy.root, withCache);
    expect(warm.metrics).toMatchObject({ cacheState: 'loaded', filesParsed: 0, cacheHits: SOURCE_FILES });
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.specRegistry).toEqual(cold.specRegistry);

    copy.edit('src/app/routes.ts', (text) => text.replace("'shipping.cancel'", "'shipping.cancle'"));
    const edited = await analyze(copy.root, withCache);
    expect(edited.metrics).toMatchObject({ cacheState: 'loaded', filesParsed: 1, cacheHits: SOURCE_FILES - 1 });
    expect(edited.findings.map((finding) => finding.ruleId)).toEqual([
      'plumbline/operation-unregistered-call',
      'plumbline/operation-unreached',
    ]);
  });

  it('drops the entries of deleted files and adds new ones', async () => {
    const copy = project();
    await analyze(copy.root, withCache);
    rmSync(path.join(copy.root, 'src/app/status-view.tsx'));
    copy.write('src/platform/ids.ts', "export const ids = ['billing.refund'];\n");
    const next = await analyze(copy.root, withCache);
    expect(next.metrics).toMatchObject({ filesParsed: 1, cacheHits: SOURCE_FILES - 1 });
    const keys = Object.keys(readCache(copy.root).entries);
    expect(keys).toContain('src/platform/ids.ts');
    expect(keys).not.toContain('src/app/status-view.tsx');
    expect(keys).toEqual([...keys].sort());
  });

  it('treats a truncated cache file as a miss, never as a pass, and rewrites it', async () => {
    const copy = project();
    copy.edit('src/app/routes.ts', (text) => text.replace("'shipping.cancel'", "'shipping.cancle'"));
    const cold = await analyze(copy.root, withCache);
    const text = readFileSync(cacheFile(copy.root), 'utf8');
    writeFileSync(cacheFile(copy.root), text.slice(0, Math.floor(text.length / 2)));
    const run = await analyze(copy.root, withCache);
    expect(run.metrics).toMatchObject({ cacheState: 'corrupt', filesParsed: SOURCE_FILES, cacheHits: 0 });
    expect(run.operations.stats.cache.detail).toBe('not valid JSON (truncated or damaged)');
    expect(run.findings).toEqual(cold.findings);
    expect((await analyze(copy.root, withCache)).metrics).toMatchObject({ cacheState: 'loaded', filesParsed: 0 });
  });

  it('rejects a cache whose facts were changed behind its checksum', async () => {
    const copy = project();
    await analyze(copy.root, withCache);
    const document = readCache(copy.root);
    // Dropping the declarations would hide three operations if the cache were trusted.
    document.entries['src/features/billing/operations.ts']!.facts!.declarations = [];
    writeCache(copy.root, document);
    const run = await analyze(copy.root, withCache);
    expect(run.metrics).toMatchObject({ cacheState: 'corrupt', filesParsed: SOURCE_FILES, operations: 8 });
    expect(run.operations.stats.cache.detail).toBe('checksum mismatch');
    expect(run.findings).toEqual([]);
  });

  it('rejects a cache with a valid checksum whose facts break the schema', async () => {
    const copy = project();
    await analyze(copy.root, withCache);
    const document = readCache(copy.root);
    document.entries['src/features/billing/operations.ts']!.facts!.declarations = [{ line: 'eight' }];
    document.checksum = checksumOf(document.entries);
    writeCache(copy.root, document);
    const run = await analyze(copy.root, withCache);
    expect(run.metrics).toMatchObject({ cacheState: 'corrupt', filesParsed: SOURCE_FILES, operations: 8 });
    expect(run.operations.stats.cache.detail).toMatch(/^does not match the cache schema \(entries\./);
  });

  it('misses on another analyzer version or cache format', async () => {
    const copy = project();
    await analyze(copy.root, withCache);
    const document = readCache(copy.root);
    writeCache(copy.root, { ...document, analyzerVersion: document.analyzerVersion + 1 });
    const newer = await analyze(copy.root, withCache);
    expect(newer.metrics).toMatchObject({ cacheState: 'version-mismatch', filesParsed: SOURCE_FILES });
    expect(newer.operations.stats.cache.detail).toMatch(/^written for operations v\d+ \(cache format 1\), need operations v\d+/);

    writeCache(copy.root, { ...readCache(copy.root), schemaVersion: 99 });
    expect((await analyze(copy.root, withCache)).metrics).toMatchObject({ cacheState: 'version-mismatch', filesParsed: SOURCE_FILES });
  });

  it('misses when the config or the analyzer options change', async () => {
    const copy = project();
    await analyze(copy.root, withCache);
    const options = { cache: true, operations: { executeMethods: ['execute', 'run'] } };
    expect((await analyze(copy.root, options)).metrics).toMatchObject({ cacheState: 'context-changed', filesParsed: SOURCE_FILES });
    expect((await analyze(copy.root, options)).metrics).toMatchObject({ cacheState: 'loaded', filesParsed: 0 });

    const configFile = path.join(copy.root, 'plumbline.config.json');
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('"include"', '"unassigned": "warn",\n  "include"'));
    expect((await analyze(copy.root, options)).metrics).toMatchObject({ cacheState: 'context-changed', filesParsed: SOURCE_FILES });
  });

  it('remembers a file that does not parse, so a warm run reports it without parsing it again', async () => {
    const copy = project();
    copy.write('src/features/billing/broken.ts', 'export const = ;\n');
    const cold = await analyze(copy.root, withCache);
    const warm = await analyze(copy.root, withCache);
    expect(warm.metrics).toMatchObject({ filesParsed: 0, skippedFiles: 1 });
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.findings.map((finding) => [finding.ruleId, finding.file])).toEqual([
      ['plumbline/analyzer-skipped-file', 'src/features/billing/broken.ts'],
    ]);
  });

  it('trusts the stat of a file old enough, and reads only what changed', async () => {
    const copy = project();
    ageAllFiles(path.join(copy.root, 'src'), 60_000);
    const cold = await analyze(copy.root, withCache);
    expect(cold.metrics).toMatchObject({ filesRead: SOURCE_FILES, filesParsed: SOURCE_FILES });
    const warm = await analyze(copy.root, withCache);
    expect(warm.metrics).toMatchObject({ filesRead: 0, filesParsed: 0, cacheHits: SOURCE_FILES });

    // Same size, new content: the new mtime gives it away.
    const routes = path.join(copy.root, 'src/app/routes.ts');
    const sizeBefore = statSync(routes).size;
    copy.edit('src/app/routes.ts', (text) => text.replace("'shipping.cancel'", "'shipping.cancle'"));
    expect(statSync(routes).size).toBe(sizeBefore);
    const edited = await analyze(copy.root, withCache);
    expect(edited.metrics).toMatchObject({ filesRead: 1, filesParsed: 1 });
    expect(edited.findings.map((finding) => finding.ruleId)).toContain('plumbline/operation-unregistered-call');
  });

  it('re-hashes a file seen too soon after it changed, and keeps its facts when only its mtime moved', async () => {
    const copy = project();
    ageAllFiles(path.join(copy.root, 'src'), 60_000);
    const fresh = path.join(copy.root, 'src/platform/clock.ts');
    const now = new Date();
    utimesSync(fresh, now, now); // changed "just now": its stat cannot vouch for its content yet
    await analyze(copy.root, withCache);
    const warm = await analyze(copy.root, withCache);
    expect(warm.metrics).toMatchObject({ filesRead: 1, filesParsed: 0, cacheHits: SOURCE_FILES });
    expect(readCache(copy.root).entries['src/platform/clock.ts']).toMatchObject({ stable: false });

    const old = new Date(Date.now() - 10 * STAT_TRUST_AGE_MS);
    utimesSync(fresh, old, old); // touched back into the past, same content
    const touched = await analyze(copy.root, withCache);
    expect(touched.metrics).toMatchObject({ filesRead: 1, filesParsed: 0 });
    expect(readCache(copy.root).entries['src/platform/clock.ts']).toMatchObject({ stable: true });
    expect((await analyze(copy.root, withCache)).metrics).toMatchObject({ filesRead: 0, filesParsed: 0 });
  });

  it('writes nothing with the cache off', async () => {
    const copy = project();
    const run = await analyze(copy.root, { cache: false });
    expect(run.metrics).toMatchObject({ cacheState: 'disabled', filesParsed: SOURCE_FILES });
    expect(existsSync(path.join(copy.root, '.plumbline'))).toBe(false);
  });

  it('reports a cache it cannot write as a metric and still analyses', async () => {
    const copy = project();
    mkdirSync(path.join(copy.root, '.plumbline/cache'), { recursive: true });
    writeFileSync(path.join(copy.root, '.plumbline/cache/analyzers'), 'a file where the folder should be');
    const run = await analyze(copy.root, withCache);
    expect(run.findings).toEqual([]);
    expect(run.metrics.operations).toBe(8);
    expect(run.metrics.cacheWriteError).toMatch(/^analyzer cache .*operations\.json could not be written: /);
  });
});
