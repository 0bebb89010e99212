import type { Gate } from '../runner/gate-contract.js';

export const mutationGate: Gate = {
  id: 'mutation',
  title: 'Mutation testing',
  description:
    'Runs Stryker on the engine layers with the project\'s vitest, static mutants included, and fails under the score threshold, ' +
    'on a file under the per-file floor, or when a file\'s score drops against the committed baseline by more than the allowed delta.',
  async run(ctx) {
    const { runMutationGate } = await import('./run-mutation-gate.js');
    return runMutationGate(ctx);
  },
};
