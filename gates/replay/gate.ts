import { ReplayGateSchema, type ReplayGateConfig } from '../../config/gate-settings/replay.js';
import type { Gate } from '../runner/gate-contract.js';
import { replayDetails, type ReplayOperationRow } from './details.js';
import { REPLAY_RULES } from './rules.js';

export const replayGate: Gate<ReplayGateConfig, ReplayOperationRow[]> = {
  id: 'replay',
  title: 'Differential replay',
  description:
    'Replays recorded decisions through the baseline ref (twice, to learn noise) and the working tree, each in its own limited process, and reports drift by operation and severity.',
  settings: ReplayGateSchema,
  // The decision entry and its normalisation live in the top-level `replay` section, shared with `plumbline replay`.
  nothingToCheck: (config) =>
    config.replay === undefined ? 'not configured: no `replay` section in the config, so nothing was replayed' : undefined,
  rules: REPLAY_RULES,
  details: replayDetails,
  async run(ctx, settings) {
    // Loaded here, not at the top: the replay modules (and TypeScript, for path aliases) take a while to load.
    const { checkReplay } = await import('./check-replay.js');
    return checkReplay(ctx, settings);
  },
};
