import { InvariantsGateSchema, type InvariantsGateConfig } from '../../config/gate-settings/invariants.js';
import type { Gate } from '../runner/gate-contract.js';
import { invariantsDetails, type InvariantRow } from './details.js';
import { invariantRuleDescriptors } from './invariant-findings.js';

export const invariantsGate: Gate<InvariantsGateConfig, InvariantRow[]> = {
  id: 'invariants',
  title: 'Invariant coverage',
  description:
    "Runs the project's tests with recording on and fails unless every declared invariant was seen both holding and violated, and every forbidden state of a critical operation was attempted and rejected.",
  settings: InvariantsGateSchema,
  rules: invariantRuleDescriptors(),
  details: invariantsDetails,
  async run(ctx, settings) {
    // Loaded here: the analyzers (ts-morph) take a while to load.
    const { checkInvariants } = await import('./check-invariants.js');
    return checkInvariants(ctx, settings);
  },
};
