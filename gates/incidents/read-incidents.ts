import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareText } from '../../core/finding-order.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import { IncidentsSchema } from '../../config/schema.js';
import { parseIncidentRecord, type IncidentRecord, type RecordProblem } from './incident-record.js';

export interface IncidentFolder {
  /** Project-relative folder (incidents.dir). */
  dir: string;
  /** Valid records, sorted by file. */
  records: IncidentRecord[];
  /** Records that could not be read, at file:line. */
  problems: RecordProblem[];
}

/** incidents.dir with its default applied. */
export function incidentsDir(config: ResolvedConfig): string {
  return IncidentsSchema.parse(config.incidents ?? {}).dir.replace(/\/+$/, '');
}

/** Every `*.md` in incidents.dir but a README: one record each. A missing folder holds no record. */
export function readIncidentFolder(config: ResolvedConfig): IncidentFolder {
  const dir = incidentsDir(config);
  const absolute = path.resolve(config.root, dir);
  const names = existsSync(absolute)
    ? readdirSync(absolute, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md')
        .map((entry) => entry.name)
        .sort(compareText)
    : [];
  const records: IncidentRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const name of names) {
    const file = path.posix.join(dir.split(path.sep).join('/'), name);
    let text: string;
    try {
      text = readFileSync(path.join(absolute, name), 'utf8');
    } catch (error) {
      problems.push({ file, line: 0, message: `cannot read the incident record: ${(error as Error).message}` });
      continue;
    }
    const parsed = parseIncidentRecord(file, text);
    if (parsed.ok) records.push(parsed.record);
    else problems.push(...parsed.problems);
  }
  return { dir, records, problems };
}
