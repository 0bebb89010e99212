import { DrillsGateSchema, type DrillsGateConfig } from '../../config/gate-settings/drills.js';
import type { Gate } from '../runner/gate-contract.js';
import { DRILL_RULES } from './rules.js';

export const drillsGate: Gate<DrillsGateConfig> = {
  id: 'drills',
  title: 'Failure-injection drills',
  description:
    'Runs every drill of the configured drill files (a driver wrapped in injected faults, an operation and the safe outcome expected), fails on any unsafe outcome, and writes the failure-injection matrix.',
  settings: DrillsGateSchema,
  unconfigured: 'not configured: gates.drills.files is not set, so no drill was run',
  rules: DRILL_RULES,
  async run(ctx, settings) {
    const { runDrillsGate } = await import('./run-drills-gate.js');
    return runDrillsGate(ctx, settings);
  },
};
