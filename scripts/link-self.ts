import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_NAME, PACKAGE_ROOT } from '../core/package-info.js';

// Makes the tool resolvable by its own name inside this repository
// (node_modules/@plumbline-kit/plumbline -> ../..), so the bundled example backend and its copies in
// tests import `@plumbline-kit/plumbline/testing` exactly as a user's project does, through the package's
// own `exports`. The runtime needs no link: it is an npm workspace, linked by npm itself.
const link = path.join(PACKAGE_ROOT, 'node_modules', ...PACKAGE_NAME.split('/'));
const target = path.relative(path.dirname(link), PACKAGE_ROOT);
if (existsSync(path.join(PACKAGE_ROOT, 'node_modules'))) {
  const current = lstatSync(link, { throwIfNoEntry: false });
  if (!current?.isSymbolicLink() || readlinkSync(link) !== target) {
    if (current) rmSync(link, { recursive: true, force: true });
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}
