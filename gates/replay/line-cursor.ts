import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Reads a file line by line on demand, so several files can be walked in step. A missing file has no lines. */
export interface LineCursor {
  next(): Promise<string | undefined>;
  close(): void;
}

export function openLineCursor(file: string): LineCursor {
  if (!existsSync(file)) return { next: () => Promise.resolve(undefined), close: () => undefined };
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  let done = false;
  return {
    async next() {
      if (done) return undefined;
      const step = await iterator.next();
      if (step.done) {
        done = true;
        return undefined;
      }
      return step.value;
    },
    close() {
      done = true;
      lines.close();
      stream.destroy();
    },
  };
}
