import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { stableStringify } from '../../core/stable-json.js';

/** The committed data-profile snapshot that semantic drift is measured against. */

const plain = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ColumnProfileSchema = z
  .object({
    nulls: z.number().int().nonnegative(),
    distinct: z.number().int().nonnegative(),
    min: plain,
    max: plain,
    top: z.array(z.object({ value: plain, count: z.number().int().positive() }).strict()),
    histogram: z
      .object({ edges: z.array(z.number()).min(2), counts: z.array(z.number().int().nonnegative()) })
      .strict()
      .refine((h) => h.counts.length === h.edges.length - 1, 'a histogram has one count fewer than edges')
      .optional(),
  })
  .strict();

export const DataProfileSchema = z
  .object({
    schemaVersion: z.literal(1),
    tables: z.record(
      z.string(),
      z.object({ rowCount: z.number().int().nonnegative(), columns: z.record(z.string(), ColumnProfileSchema) }).strict(),
    ),
  })
  .strict();

export type DataProfile = z.infer<typeof DataProfileSchema>;
export type ColumnProfile = z.infer<typeof ColumnProfileSchema>;

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** Reads and validates a snapshot; a missing or corrupt file is an error (never an empty baseline). */
export function readProfileSnapshot(file: string): DataProfile {
  if (!existsSync(file)) throw new SnapshotError(`no data-profile snapshot at ${file}: run 'plumbline data snapshot' and commit the file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SnapshotError(
      `the data-profile snapshot ${file} is not valid JSON (${(error as Error).message}): restore it or run 'plumbline data snapshot'`,
    );
  }
  const parsed = DataProfileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SnapshotError(
      `the data-profile snapshot ${file} is corrupt at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Writes a snapshot atomically as stable JSON: same data, same bytes. */
export function writeProfileSnapshot(file: string, profile: DataProfile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${stableStringify(profile, 2)}\n`);
}
