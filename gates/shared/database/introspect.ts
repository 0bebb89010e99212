import type { DatabaseSession } from './database-session.js';
import { introspectPostgres } from './introspect-postgres.js';
import { introspectSqlite } from './introspect-sqlite.js';
import type { SchemaModel } from './schema-model.js';

/** The database's actual schema, in the one normalised model. */
export function introspect(session: DatabaseSession): Promise<SchemaModel> {
  const { target } = session;
  return target.dialect === 'sqlite' ? introspectSqlite(session) : introspectPostgres(session, target.schema);
}
