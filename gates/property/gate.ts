import { PropertyGateSchema, type PropertyGateConfig } from '../../config/gate-settings/property.js';
import type { Gate } from '../runner/gate-contract.js';
import { PROPERTY_RULES } from './rules.js';

export const propertyGate: Gate<PropertyGateConfig> = {
  id: 'property',
  title: 'Property tests',
  description:
    "Runs the configured property test files with the project's own vitest and a fixed fast-check seed, and reports each shrunk counterexample with the seed and path that replay it.",
  settings: PropertyGateSchema,
  unconfigured: 'not configured: gates.property.files is not set, so no property test was run',
  rules: PROPERTY_RULES,
  async run(ctx, settings) {
    const { runPropertyGate } = await import('./run-property-gate.js');
    return runPropertyGate(ctx, settings);
  },
};
