import type { GateOutcome } from '../../config/contracts.js';
import type { GateContext } from '../types.js';
import { judgeAndReport, measureMutation, MUTATION_RULE_DESCRIPTORS } from './run-mutation.js';

/** The mutation gate in the pack: a full (incremental) run, judged against threshold and baseline. */
export async function runMutationGate(ctx: GateContext): Promise<GateOutcome> {
  const settings = ctx.config.gates.mutation;
  if (!settings) {
    return {
      findings: [
        { ruleId: 'mutation/not-configured', severity: 'note', message: 'The mutation gate is not configured (gates.mutation): no mutant was run.', file: '', line: 0, column: 0 },
      ],
      metrics: { configured: false },
      rules: [...MUTATION_RULE_DESCRIPTORS, { id: 'mutation/not-configured', description: 'The mutation gate has no settings.' }],
    };
  }
  const measured = await measureMutation(ctx.config, settings, ctx);
  return judgeAndReport(ctx.config, settings, { report: measured.report, htmlReport: measured.htmlReport, artifactDir: ctx.artifactDir });
}
