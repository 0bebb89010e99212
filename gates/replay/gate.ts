import type { Gate } from '../runner/gate-contract.js';

export const replayGate: Gate = {
  id: 'replay',
  title: 'Differential replay',
  description:
    'Replays recorded decisions through the baseline ref (twice, to learn noise) and the working tree, each in its own limited process, and reports drift by operation and severity.',
  async run(ctx) {
    // Loaded here, not at the top: the replay modules (and TypeScript, for path aliases) take a while to load.
    const { checkReplay } = await import('./check-replay.js');
    return checkReplay(ctx);
  },
};
