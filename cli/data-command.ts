import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { DatabaseUrlError } from '../gates/shared/database/connection-url.js';
import { withDatabaseUrl } from '../gates/shared/database/database-target.js';
import { snapshotDataProfile, SnapshotCommandError } from '../gates/data-quality/snapshot-profile.js';
import { EXIT_PASS, UsageError } from './exit-codes.js';
import { notifyOnStderr } from './options.js';

export interface DataSnapshotOptions {
  config?: string;
  db?: string;
  output?: string;
}

/** `plumbline data snapshot`: writes the committed data-profile snapshot. */
export async function runDataSnapshotCommand(options: DataSnapshotOptions): Promise<number> {
  const config = withDatabaseUrl(await loadConfig({ configFile: options.config, notify: notifyOnStderr }), options.db);
  try {
    const result = await snapshotDataProfile(config, options.output);
    const shown = path.relative(process.cwd(), result.file) || result.file;
    process.stdout.write(`Profiled ${result.columns} columns of ${result.tables} tables in ${result.display}\nWrote ${shown}\n`);
    return EXIT_PASS;
  } catch (error) {
    if (error instanceof SnapshotCommandError || error instanceof DatabaseUrlError) throw new UsageError(error.message);
    throw error;
  }
}
