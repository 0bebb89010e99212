import { MutationGateSchema, type MutationGateConfig } from '../../config/gate-settings/mutation.js';
import type { Gate } from '../runner/gate-contract.js';
import { mutationDetails, type MutationFileRow } from './details.js';
import { MUTATION_RULE_DESCRIPTORS } from './rules.js';

export const mutationGate: Gate<MutationGateConfig, MutationFileRow[]> = {
  id: 'mutation',
  title: 'Mutation testing',
  description:
    "Runs Stryker on the engine layers with the project's vitest, static mutants included, and fails under the score threshold, " +
    "on a file under the per-file floor, or when a file's score drops against the committed baseline by more than the allowed delta.",
  settings: MutationGateSchema,
  unconfigured: 'not configured: gates.mutation is not set, so no mutant was run',
  rules: MUTATION_RULE_DESCRIPTORS,
  details: mutationDetails,
  async run(ctx, settings) {
    const { runMutationGate } = await import('./run-mutation-gate.js');
    return runMutationGate(ctx, settings);
  },
};
