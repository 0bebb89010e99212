import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

/** A throwaway copy of a fixture (or an empty folder) that the test removes afterwards. */
export function makeTempProject(source?: string): { root: string; write(file: string, text: string): string; remove(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-test-'));
  if (source) {
    cpSync(source, root, {
      recursive: true,
      filter: (from) => !from.includes(`${path.sep}.plumbline`) && !from.includes(`${path.sep}node_modules`),
    });
    // In the repo a fixture finds its packages (zod, better-sqlite3...) in the repo's node_modules;
    // the copy must too, or every package import is unresolvable. (rmSync removes the link, not its target.)
    const modules = path.join(root, 'node_modules');
    if (!existsSync(modules)) symlinkSync(path.join(REPO_ROOT, 'node_modules'), modules, 'dir');
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
