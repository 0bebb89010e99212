import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../config/package-info.js';

// Makes `plumbline` resolvable by name inside this repository (node_modules/plumbline -> ..),
// so the bundled example backend and its copies in tests import `plumbline/runtime`
// exactly as a user's project does, through the package's own `exports`.
const modules = path.join(PACKAGE_ROOT, 'node_modules');
const link = path.join(modules, 'plumbline');
if (existsSync(modules)) {
  const current = lstatSync(link, { throwIfNoEntry: false });
  if (!current?.isSymbolicLink() || readlinkSync(link) !== '..') {
    if (current) rmSync(link, { recursive: true, force: true });
    mkdirSync(modules, { recursive: true });
    symlinkSync('..', link, 'dir');
  }
}
