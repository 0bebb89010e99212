import path from 'node:path';
import type { GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { GateContext } from '../runner/gate-contract.js';
import { REPLAY_RULES, replayFindings } from './replay-findings.js';
import { runReplay } from './replay-run.js';

/**
 * The replay gate: the configured baseline ref (default: the merge base of HEAD
 * with the main branch) against the working tree, on the configured cases.
 * Without a `replay` section there is nothing to replay (a note says so); with
 * one, a missing input, a missing git repository or ref is an error (fail closed).
 */
export async function checkReplay(ctx: GateContext): Promise<GateOutcome> {
  const { config } = ctx;
  const replay = config.replay;
  if (replay === undefined) {
    return { findings: [], nothingToCheck: 'not configured: no `replay` section in the config, so nothing was replayed', rules: REPLAY_RULES };
  }
  const settings = config.gates.replay;
  if (settings?.input === undefined) {
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
    rules: REPLAY_RULES,
  };
}
