import type { DatabaseTarget } from './connection-url.js';
import type { DatabaseSession } from './database-session.js';

// Imported once per process: a repeated import() still runs the loader's resolve step, which a TypeScript loader
// hook (jiti, as the benchmarks and tests run the sources) makes cost 15-35 ms per gate run under load.
let postgresModule: Promise<typeof import('./postgres-session.js')> | undefined;

/** Opens the right kind of session for a target; drivers load only when needed. */
export async function openSession(
  target: DatabaseTarget,
  options: { statementTimeoutMs: number; signal?: AbortSignal },
): Promise<DatabaseSession> {
  if (target.dialect === 'sqlite') {
    const { openSqliteSession } = await import('./sqlite-session.js');
    return openSqliteSession(target);
  }
  postgresModule ??= import('./postgres-session.js');
  const { openPostgresSession } = await postgresModule;
  return openPostgresSession(target, options);
}
