import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { GateOutcome } from '../core/contracts.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { mergeMutationReports, readMutationReport } from '../gates/mutation/mutation-report.js';
import { judgeAndReport, measureMutation, MUTATION_WORK_DIR, shardReportPath } from '../gates/mutation/run-mutation.js';
import { renderFindings, shouldColor } from '../report/console.js';
import { EXIT_PASS, EXIT_VIOLATIONS, UsageError } from './exit-codes.js';
import { notifyOnStderr, resolveEvidenceDir } from './options.js';

export interface MutationCommandOptions {
  config?: string;
  updateBaseline?: boolean;
  shard?: { index: number; count: number };
  evidenceDir?: string;
}

async function mutationConfig(
  configFile: string | undefined,
): Promise<{ config: ResolvedConfig; settings: NonNullable<ResolvedConfig['gates']['mutation']> }> {
  const config = await loadConfig({ configFile, notify: notifyOnStderr });
  const settings = config.gates.mutation;
  if (!settings) throw new UsageError('the mutation gate is not configured: add gates.mutation to the Plumbline config');
  return { config, settings };
}

/** `plumbline mutation`: one mutation run (or one shard of it), judged and reported unless it is a shard. */
export async function runMutationCommand(options: MutationCommandOptions): Promise<number> {
  if (options.shard && options.updateBaseline)
    throw new UsageError('--update-baseline needs every file: run it without --shard, or on `plumbline merge`');
  const { config, settings } = await mutationConfig(options.config);
  const controller = new AbortController();
  const interrupt = () => {
    controller.abort(new Error('interrupted'));
  };
  process.once('SIGINT', interrupt);
  try {
    const artifactDir = path.join(resolveEvidenceDir(config, options.evidenceDir), 'mutation');
    const measured = await measureMutation(config, settings, {
      signal: controller.signal,
      artifactDir,
      progress: (message) => process.stderr.write(`${message}\n`),
      shard: options.shard,
    });
    if (options.shard) {
      const report = path.relative(process.cwd(), shardReportPath(config.root, options.shard));
      process.stdout.write(
        `shard ${options.shard.index}/${options.shard.count}: ${measured.files.length} file(s) mutated; report ${report}\nJoin the shards with: plumbline merge\n`,
      );
      return EXIT_PASS;
    }
    return printOutcome(
      judgeAndReport(config, settings, { ...measured, artifactDir, updateBaseline: options.updateBaseline }),
      options.updateBaseline ? settings.baseline : undefined,
    );
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

/** `plumbline merge [reports...]`: joins shard reports (default: every shard of the last sharded run) and judges them. */
export async function runMergeCommand(reports: string[], options: Omit<MutationCommandOptions, 'shard'>): Promise<number> {
  const { config, settings } = await mutationConfig(options.config);
  const files = reports.length > 0 ? reports.map((file) => path.resolve(file)) : shardReports(config.root);
  const merged = mergeMutationReports(
    files.map((file) => {
      try {
        return readMutationReport(file);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }),
  );
  const artifactDir = path.join(resolveEvidenceDir(config, options.evidenceDir), 'mutation');
  const htmlReport = path.join(config.root, MUTATION_WORK_DIR, 'stryker-report-shard-*.html');
  return printOutcome(
    judgeAndReport(config, settings, { report: merged, htmlReport, artifactDir, updateBaseline: options.updateBaseline }),
    options.updateBaseline ? settings.baseline : undefined,
  );
}

/** Every shard-i-of-n.json of one n; a missing shard is an error, not a smaller score. */
function shardReports(root: string): string[] {
  const dir = path.join(root, MUTATION_WORK_DIR);
  const found = (existsSync(dir) ? readdirSync(dir) : [])
    .map((name) => /^shard-(\d+)-of-(\d+)\.json$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null);
  const counts = [...new Set(found.map((match) => Number(match[2])))];
  if (counts.length === 0) throw new UsageError(`no shard reports in ${dir}: run plumbline mutation --shard i/n first`);
  if (counts.length > 1)
    throw new UsageError(`shard reports of different shard counts (${counts.join(', ')}) in ${dir}: remove the stale ones`);
  const count = counts[0] as number;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !found.some((match) => Number(match[1]) === index));
  if (missing.length > 0) throw new UsageError(`shard(s) ${missing.join(', ')} of ${count} missing in ${dir}`);
  return Array.from({ length: count }, (_, i) => shardReportPath(root, { index: i + 1, count }));
}

/** Every finding (undetected mutants included, as notes), then the counts a score leaves out: ignored, invalid, static cost. */
function printOutcome(outcome: GateOutcome & { leftOutOfBaseline: string[] }, updatedBaseline: string | undefined): number {
  process.stdout.write(renderFindings(outcome.findings, { color: shouldColor(process.stdout) }));
  const metrics = outcome.metrics ?? {};
  if (updatedBaseline) {
    const leftOut = outcome.leftOutOfBaseline;
    const note = leftOut.length > 0 ? ` (left out, under the per-file floor: ${leftOut.join(', ')})` : '';
    process.stdout.write(`Baseline written: ${updatedBaseline}${note}\n`);
  }
  process.stdout.write(
    `Mutation score ${metrics.score}% over ${metrics.files} file(s): ${metrics.killed} detected, ${metrics.survived} survived, ` +
      `${metrics.noCoverage} with no coverage, ${metrics.ignored} ignored, ${metrics.invalid} invalid; ` +
      `${metrics.static} static mutant(s) took ${metrics.staticTestRuns} of ${metrics.testRuns} test runs\n`,
  );
  process.stdout.write(`Report: ${(outcome.artifacts ?? []).join(', ')}\n`);
  return outcome.findings.some((finding) => finding.severity === 'error') ? EXIT_VIOLATIONS : EXIT_PASS;
}
