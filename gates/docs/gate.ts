import type { GateSettingsConfig } from '../../config/gate-settings/common.js';
import { docsSettings } from '../../config/gate-settings/docs.js';
import type { AnyGate, Gate } from '../runner/gate-contract.js';
import { docsRuleDescriptors } from './rules.js';

/**
 * The docs gate. It documents the whole pack, so it is given the pack's gate
 * list (a thunk: the registry that lists this gate builds the list).
 */
export function createDocsGate(pack: () => readonly AnyGate[]): Gate<GateSettingsConfig> {
  return {
    id: 'docs',
    title: 'Assurance docs',
    description:
      'Generates the assurance docs (gate index, operation spec registry, failure-injection matrix, rollout contract, incident ledger) from code and config, and fails when the committed docs differ.',
    settings: docsSettings.schema,
    rules: docsRuleDescriptors(),
    async run(ctx) {
      const { checkDocs } = await import('./check-docs.js');
      return checkDocs(ctx, pack());
    },
  };
}
