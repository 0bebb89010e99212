import path from 'node:path';
import { MissingPeerError } from '../../core/optional-peer.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { DataDriftSchema, DataQualityGateSchema } from '../../config/schema.js';
import { redactSecrets } from '../shared/database/connection-url.js';
import { loadContractSet } from '../shared/database/contract-set.js';
import { databaseTarget } from '../shared/database/database-target.js';
import { introspect } from '../shared/database/introspect.js';
import { openSession } from '../shared/database/open-session.js';
import { profileTables } from './column-profile.js';
import { writeProfileSnapshot } from './profile-file.js';

export class SnapshotCommandError extends Error {
  override name = 'SnapshotCommandError';
}

/**
 * `plumbline data snapshot`: profiles every contract column in the database and
 * writes the snapshot the data-quality gate's drift check compares with.
 */
export async function snapshotDataProfile(
  config: ResolvedConfig,
  output: string | undefined,
): Promise<{ file: string; tables: number; columns: number; display: string }> {
  const settings = DataQualityGateSchema.parse(config.gates['data-quality'] ?? {});
  const file = path.resolve(output ? process.cwd() : config.root, output ?? settings.drift?.snapshot ?? DataDriftSchema.parse({}).snapshot);
  const relative = path.relative(config.root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new SnapshotCommandError(`the snapshot ${file} lies outside the project root ${config.root}`);
  const contracts = await loadContractSet(config);
  if (contracts.problems.length > 0) {
    throw new SnapshotCommandError(
      `the data contracts have problems:\n${contracts.problems.map((p) => `  - ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n')}`,
    );
  }
  if (contracts.tables.length === 0) throw new SnapshotCommandError('data.contracts names no data contract: nothing to profile');
  const target = databaseTarget(config);
  try {
    const session = await openSession(target, { statementTimeoutMs: settings.statementTimeoutMs });
    try {
      const existing = new Map((await introspect(session)).tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, c.type]))]));
      const missing = contracts.tables.filter((t) => !existing.has(t.name)).map((t) => t.name);
      if (missing.length > 0) throw new SnapshotCommandError(`tables of the contracts missing in the database: ${missing.join(', ')}`);
      const profile = await profileTables(session, contracts.tables, existing);
      writeProfileSnapshot(file, profile);
      const columns = Object.values(profile.tables).reduce((sum, t) => sum + Object.keys(t.columns).length, 0);
      return { file, tables: Object.keys(profile.tables).length, columns, display: target.display };
    } finally {
      await session.close();
    }
  } catch (error) {
    if (error instanceof SnapshotCommandError || error instanceof MissingPeerError) throw error;
    throw new SnapshotCommandError(redactSecrets((error as Error).message, target.dialect === 'postgres' ? target.password : undefined));
  }
}
