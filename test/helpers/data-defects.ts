import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { REPO_ROOT } from './paths.js';

export const DATA_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-data');

export const DataExpectedSchema = z
  .object({
    description: z.string().min(1),
    findings: z.array(
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
  return listOverlays(DATA_DEFECTS);
}

export function readDataExpected(name: string) {
  return readOverlayExpected(DATA_DEFECTS, name, DataExpectedSchema);
}

/**
 * A temp copy of hoc-app (with its seeded db/hoc.sqlite) with the overlay laid
 * over it: its files copied, then its mutate.sql run on the database the way a
 * careless migration or a buggy writer would (CHECK and foreign keys off).
 */
export function applyDataDefect(name: string) {
  const project = applyOverlay(DATA_DEFECTS, name, ['mutate.sql']);
  const overlay = path.join(DATA_DEFECTS, name);
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
