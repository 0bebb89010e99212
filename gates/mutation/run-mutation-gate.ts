import type { GateOutcome } from '../../core/contracts.js';
import type { GateContext } from '../runner/gate-contract.js';
import { judgeAndReport, measureMutation, MUTATION_RULE_DESCRIPTORS } from './run-mutation.js';

/** The mutation gate in the pack: a full (incremental) run, judged against threshold and baseline. */
export async function runMutationGate(ctx: GateContext): Promise<GateOutcome> {
  const settings = ctx.config.gates.mutation;
  if (!settings) {
    return { findings: [], nothingToCheck: 'not configured: gates.mutation is not set, so no mutant was run', rules: MUTATION_RULE_DESCRIPTORS };
  }
  const measured = await measureMutation(ctx.config, settings, ctx);
  const { findings, metrics, artifacts, rules } = judgeAndReport(ctx.config, settings, { ...measured, artifactDir: ctx.artifactDir });
  return { findings, metrics, artifacts, rules };
}
