import type { Gate } from '../runner/gate-contract.js';

export const drillsGate: Gate = {
  id: 'drills',
  title: 'Failure-injection drills',
  description:
    'Runs every drill of the configured drill files (a driver wrapped in injected faults, an operation and the safe outcome expected), fails on any unsafe outcome, and writes the failure-injection matrix.',
  async run(ctx) {
    const { runDrillsGate } = await import('./run-drills-gate.js');
    return runDrillsGate(ctx);
  },
};
