import { ArchitectureGateSchema, type ArchitectureGateConfig } from '../../config/gate-settings/architecture.js';
import type { Gate } from '../runner/gate-contract.js';
import { ARCHITECTURE_RULES } from './rules.js';

export const architectureGate: Gate<ArchitectureGateConfig> = {
  id: 'architecture',
  title: 'Architecture graph',
  description:
    'Runs dependency-cruiser with rules generated from the layers (forbidden layer imports, import cycles, orphans, unresolvable imports, devDependencies in production code) and the whole-project analyzers (operation registry, owners, specs, invariant ids).',
  settings: ArchitectureGateSchema,
  rules: ARCHITECTURE_RULES,
  async run(ctx, settings) {
    // Loaded here, not at the top: dependency-cruiser (and the file lister's ESLint) take a while to load.
    const { checkArchitecture } = await import('./check-architecture.js');
    return checkArchitecture(ctx, settings);
  },
};
