import type { Gate } from '../runner/gate-contract.js';

export const schemaDriftGate: Gate = {
  id: 'schema-drift',
  title: 'Schema drift',
  description:
    'Compares the database schema (SQLite or PostgreSQL, introspected) with the model the code relies on (data contracts, Drizzle tables, a Kysely interface): missing or extra tables and columns, types, nullability, defaults, keys, indexes, foreign keys.',
  async run(ctx) {
    // Loaded here: ts-morph, pg and better-sqlite3 are only needed when the gate runs.
    const { checkSchemaDrift } = await import('./check-schema-drift.js');
    return checkSchemaDrift(ctx);
  },
};
