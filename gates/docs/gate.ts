import type { Gate } from '../runner/gate-contract.js';

/**
 * The docs gate. It documents the whole pack, so it is given the pack's gate
 * list (a thunk: the registry that lists this gate builds the list).
 */
export function createDocsGate(pack: () => readonly Gate[]): Gate {
  return {
    id: 'docs',
    title: 'Assurance docs',
    description:
      'Generates the assurance docs (gate index, operation spec registry, failure-injection matrix, rollout contract, incident ledger) from code and config, and fails when the committed docs differ.',
    async run(ctx) {
      const { checkDocs } = await import('./check-docs.js');
      return checkDocs(ctx, pack());
    },
  };
}
