import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** CLI tests run the built CLI, so build both packages from the current sources first, and link the tool to itself. */
export default function buildOnce(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // The runtime workspace first: the tool's build reads its declarations, as an installed package's.
  for (const project of ['runtime/tsconfig.build.json', 'tsconfig.build.json']) {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: root, stdio: 'inherit' });
  }
  // node_modules/@plumbline-kit/plumbline -> ../.., as `npm ci` leaves it (see scripts/link-self.ts).
  execFileSync(process.execPath, [path.join(root, 'dist/scripts/link-self.js')], { cwd: root, stdio: 'inherit' });
  // The demo database the data gates read in fixtures/hoc-app (and in its copies), built by the app's own operations.
  execFileSync(process.execPath, ['--import', 'jiti/register', path.join(root, 'fixtures/hoc-app/db/seed.ts')], { cwd: root, stdio: 'inherit' });
}
