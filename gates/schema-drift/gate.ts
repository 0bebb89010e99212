import { SchemaDriftGateSchema, type SchemaDriftGateConfig } from '../../config/gate-settings/schema-drift.js';
import type { Gate } from '../runner/gate-contract.js';
import { SCHEMA_DRIFT_GATE_RULES } from './rules.js';

export const schemaDriftGate: Gate<SchemaDriftGateConfig> = {
  id: 'schema-drift',
  title: 'Schema drift',
  description:
    'Compares the database schema (SQLite or PostgreSQL, introspected) with the model the code relies on (data contracts, Drizzle tables, a Kysely interface): missing or extra tables and columns, types, nullability, defaults, keys, indexes, foreign keys.',
  settings: SchemaDriftGateSchema,
  // The database is the top-level `data` section, shared with data-quality and `plumbline data`.
  nothingToCheck: (config) => (config.data ? undefined : 'not configured: no `data` section in the config, so no database was compared'),
  rules: SCHEMA_DRIFT_GATE_RULES,
  async run(ctx, settings) {
    // Loaded here: ts-morph, pg and better-sqlite3 are only needed when the gate runs.
    const { checkSchemaDrift } = await import('./check-schema-drift.js');
    return checkSchemaDrift(ctx, settings);
  },
};
