import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { globbySync } from 'globby';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { Finding, GateOutcome } from '../../core/contracts.js';
import { compareText } from '../../core/finding-order.js';
import { getProjectMatcher, toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { MutationGateConfig } from '../../config/schema.js';
import { listSourceFiles } from '../../config/source-files.js';
import { stableStringify } from '../../core/stable-json.js';
import { baselineFromScores, readBaseline, writeBaseline } from './baseline.js';
import { isUnderFloor, judgeMutation } from './baseline-policy.js';
import { MUTATION_RULE_DESCRIPTORS } from './rules.js';
import { MUTATION_SCORE_JSON } from './details.js';
import { renderMutationMarkdown } from './mutation-markdown.js';
import { readMutationReport, type MutationReport } from './mutation-report.js';
import { computeScores, survivingMutants } from './mutation-scores.js';
import { projectStrykerVersion, runStryker } from './run-stryker.js';

/** Where Stryker's own outputs live: next to the evidence, not in it (its HTML is not byte-stable). */
export const MUTATION_WORK_DIR = '.plumbline/mutation';

export interface MutationRunOptions {
  signal: AbortSignal;
  artifactDir: string;
  progress(message: string): void;
  /** 1-based shard and shard count: mutate only this shard's files and write its report, without judging. */
  shard?: { index: number; count: number };
}

export function mutationSettings(config: ResolvedConfig): MutationGateConfig | undefined {
  return config.gates.mutation;
}

/** The files to mutate: the `mutate` globs, or the source files of the engine layers. Sorted, project-relative. */
export function filesToMutate(config: ResolvedConfig, settings: MutationGateConfig): string[] {
  const absolute = settings.mutate
    ? globbySync(settings.mutate, { cwd: config.root, absolute: true, dot: true, gitignore: true, ignore: ['**/node_modules/**'] })
    : listSourceFiles(config).filter((file) => {
        const layer = getProjectMatcher(config).layerOf(file);
        return layer !== undefined && config.engines.layers.includes(layer.name);
      });
  return absolute
    .map((file) => toProjectPath(config.root, file))
    .filter((file): file is string => file !== undefined)
    .sort(compareText);
}

/** The settings that change what is measured: a baseline made under others cannot be compared. */
export function mutationConfigHash(settings: MutationGateConfig, engineLayers: readonly string[]): string {
  // staticMutants: baselines recorded while Stryker ignored static mutants scored them otherwise.
  const measured = {
    mutate: settings.mutate ?? null,
    engineLayers: settings.mutate ? null : [...engineLayers],
    vitestConfig: settings.vitestConfig ?? null,
    staticMutants: 'run',
  };
  return createHash('sha256').update(stableStringify(measured)).digest('hex').slice(0, 16);
}

/** This shard's share of the files: every n-th file, so shards stay balanced as files are added. */
export function shardFiles(files: readonly string[], shard: { index: number; count: number }): string[] {
  return files.filter((_, position) => position % shard.count === shard.index - 1);
}

export function shardReportPath(root: string, shard: { index: number; count: number }): string {
  return path.join(root, MUTATION_WORK_DIR, `shard-${shard.index}-of-${shard.count}.json`);
}

/** Runs Stryker on the files (or this shard's) and returns its report. */
export async function measureMutation(
  config: ResolvedConfig,
  settings: MutationGateConfig,
  options: MutationRunOptions,
): Promise<{ report: MutationReport; htmlReport: string; files: string[] }> {
  const all = filesToMutate(config, settings);
  const files = options.shard ? shardFiles(all, options.shard) : all;
  if (all.length === 0) {
    throw new Error(
      settings.mutate
        ? `gates.mutation.mutate (${settings.mutate.join(', ')}) match no file`
        : `the engine layers (${config.engines.layers.join(', ') || 'none'}) hold no source file to mutate`,
    );
  }
  const work = path.join(config.root, MUTATION_WORK_DIR);
  mkdirSync(work, { recursive: true });
  const suffix = options.shard ? `shard-${options.shard.index}-of-${options.shard.count}` : 'full';
  const jsonReport = options.shard ? shardReportPath(config.root, options.shard) : path.join(work, 'stryker-report.json');
  const htmlReport = path.join(work, `stryker-report-${suffix}.html`);
  if (files.length === 0) {
    // A shard with no file still reports, so `plumbline merge` can tell it ran.
    const empty: MutationReport = { schemaVersion: '1', files: {} };
    writeFileAtomic(jsonReport, `${JSON.stringify(empty)}\n`);
    return { report: empty, htmlReport, files };
  }
  options.progress(`mutation: Stryker on ${files.length} file(s)`);
  await runStryker({
    root: config.root,
    mutate: files,
    vitestConfig: settings.vitestConfig,
    concurrency: settings.concurrency,
    jsonReport,
    htmlReport,
    incrementalFile: settings.incremental ? path.join(work, `stryker-incremental-${suffix}.json`) : undefined,
    signal: options.signal,
  });
  return { report: readMutationReport(jsonReport), htmlReport, files };
}

/**
 * Scores a (full or merged) report, judges it against the threshold and the
 * baseline, and writes the score JSON and Markdown summary as artifacts.
 * With `updateBaseline`, the baseline is rewritten from these scores first.
 */
export function judgeAndReport(
  config: ResolvedConfig,
  settings: MutationGateConfig,
  input: { report: MutationReport; htmlReport: string; artifactDir: string; updateBaseline?: boolean },
): GateOutcome & { leftOutOfBaseline: string[] } {
  const scores = computeScores(input.report);
  const strykerVersion = projectStrykerVersion(config.root);
  const configHash = mutationConfigHash(settings, config.engines.layers);
  const baselineFile = path.resolve(config.root, settings.baseline);
  const policy = { threshold: settings.threshold, maxDrop: settings.maxDrop, minFileScore: settings.minFileScore };
  const leftOutOfBaseline: string[] = [];
  if (input.updateBaseline) {
    const previous = readBaseline(baselineFile);
    // A file already tracked keeps its (low) score for the delta; a new file enters only at or above the floor.
    const admit = (file: string) => {
      const admitted = (previous.kind === 'ok' && file in previous.baseline.files) || !isUnderFloor(scores.files[file]?.score, policy);
      if (!admitted) leftOutOfBaseline.push(file);
      return admitted;
    };
    writeBaseline(baselineFile, baselineFromScores(scores, strykerVersion, configHash, admit));
  }
  const survivors = survivingMutants(input.report);
  const findings: Finding[] = judgeMutation(
    { scores, undetected: survivors, strykerVersion, configHash, baselineFile: toProjectPath(config.root, baselineFile) ?? baselineFile },
    readBaseline(baselineFile),
    policy,
  );
  const htmlReport = toProjectPath(config.root, input.htmlReport) ?? input.htmlReport;

  mkdirSync(input.artifactDir, { recursive: true });
  const scoreFile = path.join(input.artifactDir, MUTATION_SCORE_JSON);
  const markdownFile = path.join(input.artifactDir, 'mutation-report.md');
  writeFileAtomic(scoreFile, `${stableStringify({ strykerVersion, configHash, ...policy, htmlReport, ...scores, survivors }, 2)}\n`);
  writeFileAtomic(markdownFile, renderMutationMarkdown({ scores, survivors, findings, htmlReport, ...policy }));
  return {
    findings,
    metrics: {
      score: scores.overall.score ?? 'n/a',
      files: Object.keys(scores.files).length,
      killed: scores.overall.killed + scores.overall.timeout,
      survived: scores.overall.survived,
      noCoverage: scores.overall.noCoverage,
      ignored: scores.overall.ignored,
      invalid: scores.overall.invalid,
      static: scores.overall.static,
      staticTestRuns: scores.overall.staticTestRuns,
      testRuns: scores.overall.testRuns,
    },
    artifacts: [scoreFile, markdownFile].map((file) => toProjectPath(config.root, file) ?? file),
    rules: MUTATION_RULE_DESCRIPTORS,
    leftOutOfBaseline,
  };
}
