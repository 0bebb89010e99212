import { ShadowGateSchema, type ShadowGateConfig } from '../../config/gate-settings/shadow.js';
import type { Gate } from '../runner/gate-contract.js';
import { shadowRuleDescriptors } from './shadow-findings.js';

export const shadowGate: Gate<ShadowGateConfig> = {
  id: 'shadow',
  title: 'Shadow and canary',
  description:
    'Reads recorded shadow/canary evidence and fails when a candidate mismatches or errs above the configured rates, has too few samples, or rolled back; writes the comparability report and the staged-rollout contract.',
  settings: ShadowGateSchema,
  unconfigured:
    'not configured: gates.shadow is not set, so no shadow or canary evidence was judged (set gates.shadow.command or gates.shadow.evidence)',
  rules: shadowRuleDescriptors(),
  async run(ctx, settings) {
    const { checkShadow } = await import('./check-shadow.js');
    return checkShadow(ctx, settings);
  },
};
