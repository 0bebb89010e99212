import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CanaryStoreError, RuntimeConfigurationError } from '../errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { CanaryStateSchema, rearmed, rolledBack, type CanaryState, type CanaryStore } from './state.js';

const FileDocumentSchema = z.strictObject({
  format: z.literal(1),
  /** Grows by one on every write to the file, whichever operation changed. */
  version: z.number().int().nonnegative(),
  operations: z.record(z.string(), CanaryStateSchema),
});
type FileDocument = z.infer<typeof FileDocumentSchema>;

export interface FileCanaryStore extends CanaryStore {
  readonly file: string;
  /** The whole document, as last written. */
  readDocument(): FileDocument;
}

/**
 * Canary state in one JSON file. Reads take no lock (writes replace the file by
 * rename, so a reader sees the old or the new file, never half of one); writes
 * read-modify-write under `<file>.lock`, so concurrent processes never lose an update.
 */
export function fileCanaryStore(file: string, options: FileLockOptions = {}): FileCanaryStore {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new RuntimeConfigurationError('fileCanaryStore', [{ path: 'file', message: 'needs a file path' }]);
  }
  const target = path.resolve(file);
  const lockPath = `${target}.lock`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let temporaryCounter = 0;

  const readDocument = (): FileDocument => {
    let text: string;
    try {
      text = fs.readFileSync(target, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, version: 0, operations: {} };
      throw new CanaryStoreError(target, 'cannot be read', error);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CanaryStoreError(target, 'is not JSON', error);
    }
    const parsed = FileDocumentSchema.safeParse(value);
    if (!parsed.success) throw new CanaryStoreError(target, `is not a canary state file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  };

  const writeDocument = (document: FileDocument) => {
    const operations = Object.fromEntries(Object.entries(document.operations).sort(([a], [b]) => (a < b ? -1 : 1)));
    const temporary = `${target}.${process.pid}.${++temporaryCounter}.tmp`;
    try {
      fs.writeFileSync(temporary, `${JSON.stringify({ ...document, operations }, null, 2)}\n`);
      fs.renameSync(temporary, target);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw new CanaryStoreError(target, 'cannot be written', error);
    }
  };

  const update = (operationId: string, change: (previous: CanaryState | undefined) => CanaryState): CanaryState =>
    withFileLock(
      lockPath,
      () => {
        const document = readDocument();
        const previous = document.operations[operationId];
        const next = change(previous);
        if (next === previous) return next;
        writeDocument({ format: 1, version: document.version + 1, operations: { ...document.operations, [operationId]: next } });
        return next;
      },
      options,
    );

  return {
    location: target,
    file: target,
    readDocument,
    read: (operationId) => readDocument().operations[operationId],
    rollBack: (operationId, reason, at) => update(operationId, (previous) => rolledBack(previous, reason, at)),
    reset: (operationId) => update(operationId, rearmed),
  };
}
