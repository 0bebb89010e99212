import type { ResolvedConfig } from '../../../config/resolve.js';
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from './connection-url.js';

/** The database named by `data.db` (or `--db`, which the CLI writes there); a missing one is an error. */
export function databaseTarget(config: ResolvedConfig): DatabaseTarget {
  const url = config.data?.db;
  if (!url) throw new DatabaseUrlError("no database: set data.db in the config (e.g. 'sqlite:data/app.sqlite') or pass --db <url>");
  return parseDatabaseUrl(url, { root: config.root, schema: config.data?.schema });
}

/** The config with `--db` in place of `data.db`. */
export function withDatabaseUrl(config: ResolvedConfig, url: string | undefined): ResolvedConfig {
  if (!url) return config;
  return { ...config, data: { contracts: [], ...config.data, db: url } };
}
