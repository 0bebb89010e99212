/**
 * Child process for the canary cross-process tests.
 *   drive <file|sqlite> <path> <operationId>: serves 10 calls through a canary whose
 *     candidate always throws, until it rolls back; prints its status as JSON.
 *   rollback-many <file|sqlite> <path> <prefix> <count>: rolls back <count> operations
 *     named <prefix>.op<i>, racing a sibling process doing the same.
 */
import Database from 'better-sqlite3';
import { canary, fileCanaryStore, sqliteCanaryStore, type CanaryStore } from '../../../runtime/index.js';

const [mode, kind, location, name, count] = process.argv.slice(2);
if (!mode || !kind || !location || !name) throw new Error('usage: canary-worker.ts <mode> <file|sqlite> <path> <name> [count]');

function openStore(): CanaryStore {
  if (kind === 'file') return fileCanaryStore(location as string);
  const db = new Database(location as string, { timeout: 10_000 });
  return sqliteCanaryStore(db);
}

const store = openStore();
if (mode === 'drive') {
  const guarded = canary(name, {
    percent: 100,
    key: (input: { tenant: string }) => input.tenant,
    rollbackWhen: { errorRate: 0.1, minSamples: 5, window: 10 },
    store,
    current: () => 'current',
    candidate: (): string => {
      throw new Error('candidate is broken');
    },
  });
  const served = Array.from({ length: 10 }, (_, index) => guarded({ tenant: `t${index}` }));
  process.stdout.write(`${JSON.stringify({ served, status: guarded.status() })}\n`);
} else if (mode === 'rollback-many') {
  for (let index = 0; index < Number(count); index++) {
    store.rollBack(`${name}.op${index}`, { trigger: 'errorRate', rate: 1, threshold: 0.1, samples: 5 });
  }
} else {
  throw new Error(`unknown mode '${mode}'`);
}
