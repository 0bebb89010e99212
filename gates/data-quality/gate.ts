import type { Gate } from '../runner/gate-contract.js';

export const dataQualityGate: Gate = {
  id: 'data-quality',
  title: 'Data quality',
  description:
    "Runs the data contracts' expectations (null rates, uniqueness, cardinality, accepted values, ranges, orphans, row counts, custom SQL) as aggregate SQL in a read-only transaction, and compares column profiles with the committed snapshot (semantic drift).",
  async run(ctx) {
    // Loaded here: pg and better-sqlite3 are only needed when the gate runs.
    const { checkDataQuality } = await import('./check-data-quality.js');
    return checkDataQuality(ctx);
  },
};
