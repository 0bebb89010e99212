import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { ReplaySetupError } from '../gates/replay/git-repository.js';
import { ReplayInputError } from '../gates/replay/read-cases.js';
import { firstDriftLines } from '../gates/replay/replay-findings.js';
import { runReplay } from '../gates/replay/replay-run.js';
import { EXIT_PASS, EXIT_VIOLATIONS, UsageError } from './exit-codes.js';
import { redactFiles } from '../report/write-evidence.js';
import { notifyOnStderr, resolveEvidenceDir, resolveReportDir } from './options.js';

/** Drifted cases printed on the console; the report lists them all. */
const FIRST_DRIFTS_SHOWN = 5;

export interface ReplayCommandOptions {
  config?: string;
  baselineRef?: string;
  candidateRef?: string;
  input: string[];
  allowInvalid?: boolean;
  out?: string;
  quiet?: boolean;
}

/** `plumbline replay`: two refs, the recorded cases, a report; exit 0 no failing drift, 1 drift or errors, 2 usage. */
export async function runReplayCommand(options: ReplayCommandOptions): Promise<number> {
  const config = await loadConfig({ configFile: options.config, notify: notifyOnStderr });
  if (config.replay === undefined) {
    throw new UsageError('the config has no `replay` section: set replay.entry (the module exporting the decisions or the registry) first');
  }
  const settings = config.gates.replay;
  const outDir = options.out ? resolveReportDir(config, options.out, '--out') : path.join(resolveEvidenceDir(config, undefined), 'replay');
  const controller = new AbortController();
  const interrupt = () => {
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  try {
    const summary = await runReplay({
      config,
      replay: config.replay,
      baselineRef: options.baselineRef ?? settings?.baselineRef,
      mainBranch: settings?.mainBranch ?? 'main',
      candidateRef: options.candidateRef,
      inputs: options.input.map((input) => path.resolve(input)),
      allowInvalid: options.allowInvalid ?? settings?.allowInvalid ?? false,
      outDir,
      signal: controller.signal,
      progress: (message) => {
        if (!options.quiet) process.stderr.write(`replay: ${message}\n`);
      },
    });
    // The report quotes recorded inputs and outputs: the same secret patterns as the gate pack's evidence apply.
    redactFiles([summary.reportFile, summary.summaryFile], config.redact);
    const { totals } = summary;
    const drifted = firstDriftLines(summary, FIRST_DRIFTS_SHOWN);
    const lines = [
      `Replay of ${totals.cases} case(s): ${totals.noDrift} no drift, ${totals.drift} drift, ${totals.noise} noise, ${totals.error} error, ${totals.invalid} malformed`,
      ...(drifted.length > 0 ? [`First drifted case(s)${shownOf(drifted.length, totals.drift)}:`] : []),
      ...drifted.map((line) => `  ${line}`),
      ...summary.reasons.map((reason) => `  - ${reason}`),
      `Report: ${path.relative(process.cwd(), summary.reportFile) || summary.reportFile}, ${path.relative(process.cwd(), summary.summaryFile) || summary.summaryFile}`,
      `Result: ${summary.passed ? 'PASSED' : 'FAILED'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return summary.passed ? EXIT_PASS : EXIT_VIOLATIONS;
  } catch (error) {
    if (error instanceof ReplaySetupError || error instanceof ReplayInputError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

/** ` (5 of 12)` when the console shows only some of the drifted cases. */
function shownOf(shown: number, total: number): string {
  return total > shown ? ` (${shown} of ${total})` : '';
}
