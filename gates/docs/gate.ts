import type { Gate } from '../types.js';

export const docsGate: Gate = {
  id: 'docs',
  title: 'Assurance docs',
  description:
    'Generates the assurance docs (gate index, operation spec registry, failure-injection matrix, rollout contract, incident ledger) from code and config, and fails when the committed docs differ.',
  async run(ctx) {
    const { checkDocs } = await import('./check-docs.js');
    return checkDocs(ctx);
  },
};
