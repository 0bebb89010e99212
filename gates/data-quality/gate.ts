import { DataQualityGateSchema, type DataQualityGateConfig } from '../../config/gate-settings/data-quality.js';
import type { Gate } from '../runner/gate-contract.js';
import { DATA_QUALITY_RULES } from './rules.js';

export const dataQualityGate: Gate<DataQualityGateConfig> = {
  id: 'data-quality',
  title: 'Data quality',
  description:
    "Runs the data contracts' expectations (null rates, uniqueness, cardinality, accepted values, ranges, orphans, row counts, custom SQL) as aggregate SQL in a read-only transaction, and compares column profiles with the committed snapshot (semantic drift).",
  settings: DataQualityGateSchema,
  // The database is the top-level `data` section, shared with schema-drift and `plumbline data`.
  nothingToCheck: (config) => (config.data ? undefined : 'not configured: no `data` section in the config, so no expectation was checked'),
  rules: DATA_QUALITY_RULES,
  async run(ctx, settings) {
    // Loaded here: pg and better-sqlite3 are only needed when the gate runs.
    const { checkDataQuality } = await import('./check-data-quality.js');
    return checkDataQuality(ctx, settings);
  },
};
