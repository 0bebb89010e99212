import type { Gate } from '../runner/gate-contract.js';

export const shadowGate: Gate = {
  id: 'shadow',
  title: 'Shadow and canary',
  description:
    'Reads recorded shadow/canary evidence and fails when a candidate mismatches or errs above the configured rates, has too few samples, or rolled back; writes the comparability report and the staged-rollout contract.',
  async run(ctx) {
    const { checkShadow } = await import('./check-shadow.js');
    return checkShadow(ctx);
  },
};
