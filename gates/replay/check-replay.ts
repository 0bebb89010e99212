import path from 'node:path';
import type { GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { GateContext } from '../runner/gate-contract.js';
import type { ReplayGateConfig } from '../../config/gate-settings/replay.js';
import { replayFindings } from './replay-findings.js';
import { runReplay } from './replay-run.js';

/**
 * The replay gate: the configured baseline ref (default: the merge base of HEAD
 * with the main branch) against the working tree, on the configured cases.
 * Without a `replay` section there is nothing to replay (the gate says so); with
 * one, a missing input, a missing git repository or ref is an error (fail closed).
 */
export async function checkReplay(ctx: GateContext, settings: ReplayGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const replay = config.replay;
  // The gate's nothingToCheck keeps a config without `replay` from getting here; fail closed if it does.
  if (replay === undefined) throw new Error('the replay gate needs a `replay` section in the config');
  if (settings.input === undefined) {
    throw new Error('gates.replay.input is not set: the replay gate needs the recorded cases (a .jsonl/.json file or a folder)');
  }
  const inputs = (Array.isArray(settings.input) ? settings.input : [settings.input]).map((input) => path.resolve(config.root, input));
  const summary = await runReplay({
    config,
    replay,
    baselineRef: settings.baselineRef,
    mainBranch: settings.mainBranch,
    candidateRef: undefined,
    inputs,
    allowInvalid: settings.allowInvalid,
    outDir: ctx.artifactDir,
    signal: ctx.signal,
    progress: (message) => {
      ctx.progress(message);
    },
  });
  return {
    findings: replayFindings(summary),
    metrics: {
      configured: true,
      passed: summary.passed,
      cases: summary.totals.cases,
      noDrift: summary.totals.noDrift,
      drift: summary.totals.drift,
      noise: summary.totals.noise,
      error: summary.totals.error,
      invalid: summary.totals.invalid,
      baselineCommit: summary.refs?.baseline.commit ?? '',
    },
    artifacts: [summary.reportFile, summary.summaryFile].map((file) => toProjectPath(config.root, file) ?? file),
  };
}
