import type { DatabaseTarget } from './connection-url.js';
import type { DatabaseSession } from './database-session.js';

/** Opens the right kind of session for a target; drivers load only when needed. */
export async function openSession(
  target: DatabaseTarget,
  options: { statementTimeoutMs: number; signal?: AbortSignal },
): Promise<DatabaseSession> {
  if (target.dialect === 'sqlite') {
    const { openSqliteSession } = await import('./sqlite-session.js');
    return openSqliteSession(target);
  }
  const { openPostgresSession } = await import('./postgres-session.js');
  return openPostgresSession(target, options);
}
