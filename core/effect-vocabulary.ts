/**
 * What an effect looks like in code: the modules that do I/O and the ambient reads (clock, randomness,
 * process state, timers, network). Shared by the rule `engine-purity` and by init, which measures from
 * a shared kernel's imports whether it is pure.
 */

/**
 * Modules whose import gives engine code I/O or process effects. A `node:` prefix
 * is normalised; an entry covers its subpaths; `@scope/*` covers a whole scope.
 * `engines.forbiddenModules` replaces this list.
 */
export const IO_MODULES: readonly string[] = [
  // Node builtins with I/O or process effects.
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'tls',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'process',
  'readline',
  'repl',
  'v8',
  'vm',
  'timers',
  'timers/promises',
  'perf_hooks',
  'inspector',
  // Database clients and ORMs.
  'pg',
  'pg-pool',
  'postgres',
  'mysql',
  'mysql2',
  'better-sqlite3',
  'sqlite3',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  '@prisma/client',
  'prisma',
  'typeorm',
  'knex',
  'kysely',
  'drizzle-orm',
  '@mikro-orm/*',
  'sequelize',
  'slonik',
  'pg-promise',
  'mssql',
  'tedious',
  'oracledb',
  'objection',
  'cassandra-driver',
  '@libsql/client',
  '@neondatabase/serverless',
  '@planetscale/database',
  '@elastic/elasticsearch',
  'dynamoose',
  'memcached',
  'firebase-admin',
  // HTTP clients, cloud SDKs and message brokers.
  'axios',
  'node-fetch',
  'undici',
  'got',
  'ky',
  'superagent',
  '@aws-sdk/*',
  '@google-cloud/*',
  '@azure/*',
  'nodemailer',
  'bullmq',
  'bull',
  'amqplib',
  'kafkajs',
  'nats',
];

export type AmbientKind = 'clock' | 'randomness' | 'processState' | 'scheduling' | 'network';

/** Ambient effects by the member path that reaches them from a global (`new Date()` is handled apart). */
export const AMBIENT_EFFECTS: ReadonlyMap<string, AmbientKind> = new Map<string, AmbientKind>([
  ['Date.now', 'clock'],
  ['performance.now', 'clock'],
  ['process.hrtime', 'clock'],
  ['Math.random', 'randomness'],
  ['crypto.randomUUID', 'randomness'],
  ['crypto.getRandomValues', 'randomness'],
  ['crypto.randomBytes', 'randomness'],
  ['crypto.randomInt', 'randomness'],
  ['crypto.randomFill', 'randomness'],
  ['crypto.randomFillSync', 'randomness'],
  // Id generators draw randomness (or the clock): uuid v3/v5 are pure (derived from a name), v1/v4/v6/v7 are not.
  ['uuid.v1', 'randomness'],
  ['uuid.v4', 'randomness'],
  ['uuid.v6', 'randomness'],
  ['uuid.v7', 'randomness'],
  ['uuidv4.uuid', 'randomness'],
  ['nanoid.nanoid', 'randomness'],
  ['nanoid/non-secure.nanoid', 'randomness'],
  ['cuid', 'randomness'],
  ['@paralleldrive/cuid2.createId', 'randomness'],
  ['ulid.ulid', 'randomness'],
  ['ulidx.ulid', 'randomness'],
  ['short-uuid.generate', 'randomness'],
  ['process.env', 'processState'],
  ['process.argv', 'processState'],
  ['setTimeout', 'scheduling'],
  ['setInterval', 'scheduling'],
  ['setImmediate', 'scheduling'],
  ['queueMicrotask', 'scheduling'],
  ['fetch', 'network'],
]);

export function withoutNodePrefix(name: string): string {
  return name.startsWith('node:') ? name.slice('node:'.length) : name;
}

/** A specifier matches an entry when equal, when it is a subpath of it, or when the entry is `scope/*` and covers it. */
export function matchesModule(specifier: string, entry: string): boolean {
  const wanted = withoutNodePrefix(entry);
  const actual = withoutNodePrefix(specifier);
  if (wanted.endsWith('/*')) return actual.startsWith(wanted.slice(0, -1));
  return actual === wanted || actual.startsWith(`${wanted}/`);
}
