import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { ReplayConfig } from '../../config/schema.js';
import { ReplayComparer, type CaseVerdict } from './compare-case.js';
import { provideDependencies } from './dependencies.js';
import { mergeBaseWith, ReplaySetupError, repositoryOf, resolveCommit, type Repository } from './git-repository.js';
import { openLineCursor } from './line-cursor.js';
import { tsconfigAliases } from './module-aliases.js';
import { listInputFiles, readCases } from './read-cases.js';
import { CaseReportWriter, type ReplaySummary } from './replay-report.js';
import { runRef, type RefRunResult } from './run-ref.js';
import { checkoutCommit, removeOnInterrupt, type Checkout } from './worktrees.js';

export interface ReplayOptions {
  config: ResolvedConfig;
  replay: ReplayConfig;
  /** Baseline ref; default: the merge base of HEAD with `mainBranch`. */
  baselineRef: string | undefined;
  mainBranch: string;
  /** Candidate ref; undefined: the working tree as it is. */
  candidateRef: string | undefined;
  /** Absolute input files or folders. */
  inputs: readonly string[];
  allowInvalid: boolean;
  /** Folder the report (report.json, summary.md) is written to. */
  outDir: string;
  signal?: AbortSignal;
  progress: (message: string) => void;
}

const PROGRESS_EVERY = 50_000;

/**
 * One differential replay: reads and checks the cases, checks the refs out,
 * runs the baseline twice (to learn noise) and the candidate once, each in its
 * own limited process, compares the answers case by case and writes the report.
 * Setup problems (no git, unknown ref, missing entry) throw ReplaySetupError.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplaySummary> {
  const { config, replay } = options;
  // Compiled first: a bad pattern is a config problem, found before any checkout.
  const comparer = new ReplayComparer(replay);
  const work = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-run-'));
  const forgetWork = removeOnInterrupt(work);
  const checkouts: Checkout[] = [];
  try {
    const casesFile = path.join(work, 'cases.jsonl');
    const indexFile = path.join(work, 'index.jsonl');
    const read = await collectCases(options, casesFile, indexFile);
    const writer = new CaseReportWriter(options.outDir, replay.failAt);
    if (read.invalid.length > 0 && !options.allowInvalid) {
      options.progress(`${read.invalidCount} malformed case(s): not replaying (pass --allow-invalid to skip them)`);
      return await writer.finishWithoutReplay({ ...read, refs: undefined });
    }

    const repository = await repositoryOf(config.root);
    const baselineCommit = options.baselineRef
      ? await resolveCommit(repository, options.baselineRef, 'baseline ref')
      : await mergeBaseWith(repository, options.mainBranch);
    const candidateCommit = options.candidateRef ? await resolveCommit(repository, options.candidateRef, 'candidate ref') : undefined;
    const refs = {
      baseline: { ref: options.baselineRef ?? `merge-base(HEAD, ${options.mainBranch})`, commit: baselineCommit },
      candidate: candidateCommit ? { ref: options.candidateRef as string, commit: candidateCommit } : { ref: '(working tree)' },
    };
    options.progress(`baseline ${refs.baseline.ref} = ${baselineCommit.slice(0, 12)}, candidate ${refs.candidate.ref}`);

    const baselineRoot = await materialise(repository, baselineCommit, 'baseline', options, checkouts);
    const candidateRoot = candidateCommit ? await materialise(repository, candidateCommit, 'candidate', options, checkouts) : config.root;
    const locate = (root: string, side: string) => {
      const entry = path.resolve(root, replay.entry);
      if (!existsSync(entry))
        throw new ReplaySetupError(`the ${side} has no replay entry ${replay.entry} (replay.entry, relative to the project root)`);
      return { entry, cwd: root, aliases: tsconfigAliases(config, root) };
    };
    const baselineRun = locate(baselineRoot, `baseline (${refs.baseline.ref})`);
    const candidateRun = locate(candidateRoot, `candidate (${refs.candidate.ref})`);

    options.progress(`replaying ${read.count} case(s): baseline twice, candidate once`);
    const limits = { timeoutMs: replay.timeoutMs, maxOldSpaceSizeMb: replay.maxOldSpaceSizeMb, signal: options.signal, cases: casesFile };
    const results = {
      first: path.join(work, 'baseline-1.jsonl'),
      second: path.join(work, 'baseline-2.jsonl'),
      candidate: path.join(work, 'candidate.jsonl'),
    };
    const [first, second, candidate] = await Promise.all([
      runRef({ ...limits, ...baselineRun, results: results.first }),
      runRef({ ...limits, ...baselineRun, results: results.second }),
      runRef({ ...limits, ...candidateRun, results: results.candidate }),
    ]);
    if (options.signal?.aborted) throw new ReplaySetupError('the replay was interrupted');
    const scrub = (text: string | undefined) =>
      scrubPaths(text, [
        [baselineRoot, '<baseline>'],
        [candidateRoot, '<candidate>'],
        [work, '<work>'],
      ]);
    const failures = { baseline: scrub(first.failure), baselineRepeat: scrub(second.failure), candidate: scrub(candidate.failure) };
    for (const [side, result] of Object.entries<RefRunResult>({ baseline: first, 'baseline (repeat)': second, candidate })) {
      if (result.failure) options.progress(`${side} process ${scrub(result.failure)}`);
    }

    await learnNoise(comparer, indexFile, results.first, results.second);
    await compareAll(comparer, indexFile, results.first, results.candidate, writer, failures, read.count, options.progress, scrub);
    return await writer.finish({ ...read, refs, failures, noise: comparer.noisePaths() });
  } finally {
    for (const checkout of checkouts.reverse()) await checkout.dispose();
    rmSync(work, { recursive: true, force: true });
    forgetWork();
  }
}

async function materialise(
  repository: Repository,
  commit: string,
  label: string,
  options: ReplayOptions,
  checkouts: Checkout[],
): Promise<string> {
  options.progress(`checking out ${label} ${commit.slice(0, 12)}`);
  const checkout = await checkoutCommit(repository, commit, label);
  checkouts.push(checkout);
  const deps = await provideDependencies({
    workTop: repository.top,
    checkoutTop: checkout.top,
    prefix: repository.prefix,
    signal: options.signal,
  });
  options.progress(
    deps.kind === 'linked' ? `${label}: same lockfile, node_modules linked` : `${label}: lockfile differs, packages from ${deps.cache}`,
  );
  return path.join(checkout.top, repository.prefix);
}

export interface ReadCases {
  count: number;
  invalidCount: number;
  /** The first malformed entries (the report keeps at most 1000). */
  invalid: Array<{ file: string; line: number; message: string }>;
}

const INVALID_KEPT = 1000;

/** Streams every input file once: valid cases to the cases file (for the processes) and the index (for the report). */
async function collectCases(options: ReplayOptions, casesFile: string, indexFile: string): Promise<ReadCases> {
  const cases = createWriteStream(casesFile, { encoding: 'utf8' });
  const index = createWriteStream(indexFile, { encoding: 'utf8' });
  const read: ReadCases = { count: 0, invalidCount: 0, invalid: [] };
  try {
    for (const input of options.inputs) {
      for (const file of listInputFiles(input)) {
        const display = path.relative(options.config.root, file).split(path.sep).join('/');
        for await (const record of readCases(file, display)) {
          if (record.kind === 'invalid') {
            read.invalidCount++;
            if (read.invalid.length < INVALID_KEPT) read.invalid.push({ file: record.file, line: record.line, message: record.message });
            continue;
          }
          read.count++;
          const { operation, input: caseInput, context } = record.value;
          const key = record.value.id ?? `${record.file}:${record.line}`;
          const a = cases.write(`${JSON.stringify({ operation, input: caseInput, context })}\n`);
          const b = index.write(`${JSON.stringify({ key, file: record.file, line: record.line, operation })}\n`);
          if (!a) await once(cases, 'drain');
          if (!b) await once(index, 'drain');
          if (read.count % PROGRESS_EVERY === 0) options.progress(`read ${read.count} case(s)`);
        }
      }
    }
  } finally {
    cases.end();
    index.end();
    await Promise.all([finished(cases), finished(index)]);
  }
  return read;
}

async function learnNoise(comparer: ReplayComparer, indexFile: string, firstFile: string, secondFile: string): Promise<void> {
  const index = openLineCursor(indexFile);
  const first = openLineCursor(firstFile);
  const second = openLineCursor(secondFile);
  try {
    for (let line = await index.next(); line !== undefined; line = await index.next()) {
      const { operation } = JSON.parse(line) as { operation: string };
      comparer.learnNoiseLines(operation, await first.next(), await second.next());
    }
  } finally {
    index.close();
    first.close();
    second.close();
  }
}

async function compareAll(
  comparer: ReplayComparer,
  indexFile: string,
  baselineFile: string,
  candidateFile: string,
  writer: CaseReportWriter,
  failures: { baseline?: string; candidate?: string },
  total: number,
  progress: (message: string) => void,
  scrub: (text: string | undefined) => string | undefined,
): Promise<void> {
  const index = openLineCursor(indexFile);
  const baseline = openLineCursor(baselineFile);
  const candidate = openLineCursor(candidateFile);
  const missing = {
    baseline: `its process ${failures.baseline ?? 'ended early'}`,
    candidate: `its process ${failures.candidate ?? 'ended early'}`,
  };
  let done = 0;
  try {
    for (let line = await index.next(); line !== undefined; line = await index.next()) {
      const entry = JSON.parse(line) as { key: string; file: string; line: number; operation: string };
      const verdict: CaseVerdict = comparer.compareLines(entry.operation, await baseline.next(), await candidate.next(), missing);
      // A thrown message may name a file in a temporary checkout: the report must not depend on where that was.
      await writer.add(entry, verdict.message === undefined ? verdict : { ...verdict, message: scrub(verdict.message) });
      if (++done % PROGRESS_EVERY === 0) progress(`compared ${done}/${total} case(s)`);
    }
  } finally {
    index.close();
    baseline.close();
    candidate.close();
  }
}

function scrubPaths(text: string | undefined, replacements: Array<[string, string]>): string | undefined {
  if (text === undefined) return undefined;
  let result = text;
  for (const [from, to] of replacements) result = result.split(from).join(to);
  return result;
}
