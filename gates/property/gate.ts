import type { Gate } from '../runner/gate-contract.js';

export const propertyGate: Gate = {
  id: 'property',
  title: 'Property tests',
  description:
    "Runs the configured property test files with the project's own vitest and a fixed fast-check seed, and reports each shrunk counterexample with the seed and path that replay it.",
  async run(ctx) {
    const { runPropertyGate } = await import('./run-property-gate.js');
    return runPropertyGate(ctx);
  },
};
