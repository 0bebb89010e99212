import type { GateOutcome } from '../../core/contracts.js';
import type { MutationGateConfig } from '../../config/gate-settings/mutation.js';
import type { GateContext } from '../runner/gate-contract.js';
import { judgeAndReport, measureMutation } from './run-mutation.js';

/** The mutation gate in the pack: a full (incremental) run, judged against threshold and baseline. */
export async function runMutationGate(ctx: GateContext, settings: MutationGateConfig): Promise<GateOutcome> {
  const measured = await measureMutation(ctx.config, settings, ctx);
  const { findings, metrics, artifacts, rules } = judgeAndReport(ctx.config, settings, { ...measured, artifactDir: ctx.artifactDir });
  return { findings, metrics, artifacts, rules };
}
