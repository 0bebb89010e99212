import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway copy of a fixture (or an empty folder) that the test removes afterwards. */
export function makeTempProject(source?: string): { root: string; write(file: string, text: string): string; remove(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
  if (source) {
    cpSync(source, root, {
      recursive: true,
      filter: (from) => !from.includes(`${path.sep}.plumbline`) && !from.includes(`${path.sep}node_modules`),
    });
  }
  return {
    root,
    write(file, text) {
      const target = path.join(root, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      return target;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
