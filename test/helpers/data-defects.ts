import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { HOC_APP, REPO_ROOT } from './paths.js';
import { makeTempProject } from './temp-project.js';

export const DATA_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-data');

export const DataExpectedSchema = z
  .object({
    description: z.string().min(1),
    findings: z
      .array(
        z
          .object({
            ruleId: z.string(),
            severity: z.enum(['error', 'warning', 'note']),
            file: z.string(),
            line: z.number().int(),
            messageIncludes: z.string().optional(),
          })
          .strict(),
      ),
  })
  .strict();

export function listDataDefects(): string[] {
  return readdirSync(DATA_DEFECTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readDataExpected(name: string) {
  return DataExpectedSchema.parse(JSON.parse(readFileSync(path.join(DATA_DEFECTS, name, 'expected.json'), 'utf8')));
}

/**
 * A temp copy of hoc-app (with its seeded db/hoc.sqlite) with the overlay laid
 * over it: its files copied, then its mutate.sql run on the database the way a
 * careless migration or a buggy writer would (CHECK and foreign keys off).
 */
export function applyDataDefect(name: string) {
  const project = makeTempProject(HOC_APP);
  const overlay = path.join(DATA_DEFECTS, name);
  cpSync(overlay, project.root, { recursive: true, filter: (from) => !['expected.json', 'mutate.sql'].includes(path.basename(from)) });
  const mutation = path.join(overlay, 'mutate.sql');
  if (existsSync(mutation)) {
    const db = new Database(path.join(project.root, 'db/hoc.sqlite'));
    try {
      db.pragma('foreign_keys = OFF');
      db.pragma('ignore_check_constraints = ON');
      // Table rebuilds (rename, create, copy, drop) must leave other tables' REFERENCES alone, as SQLite's own recipe does.
      db.pragma('legacy_alter_table = ON');
      db.exec(readFileSync(mutation, 'utf8'));
    } finally {
      db.close();
    }
  }
  return project;
}
