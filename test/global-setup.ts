import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Many tests run the built tool (the CLI, the oxlint plugin), so both packages are built from the current sources
 * first, the tool is linked to itself, and the demo database is seeded. The build is incremental: tsc keeps its
 * build info inside each dist/ (a fresh clone or a deleted dist/ builds in full) and re-emits only what changed,
 * so a run on an up-to-date dist/ costs a check, not a build.
 */
export default function buildOnce(): void {
  // Each vitest project runs its global setup; once per run is enough.
  if (process.env.PLUMBLINE_TEST_SETUP_DONE === '1') return;
  // The runtime workspace first: the tool's build reads its declarations, as an installed package's.
  for (const [project, outDir] of [
    ['runtime/tsconfig.build.json', 'runtime/dist'],
    ['tsconfig.build.json', 'dist'],
  ] as const) {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const buildInfo = path.join(root, outDir, 'build.tsbuildinfo');
    execFileSync(process.execPath, [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', buildInfo], { cwd: root, stdio: 'inherit' });
  }
  // node_modules/@plumbline-kit/plumbline -> ../.., as `npm ci` leaves it (see scripts/link-self.ts).
  execFileSync(process.execPath, [path.join(root, 'dist/scripts/link-self.js')], { cwd: root, stdio: 'inherit' });
  // The demo database the data gates read in fixtures/hoc-app (and in its copies), built by the app's own operations.
  execFileSync(process.execPath, ['--import', 'jiti/register', path.join(root, 'fixtures/hoc-app/db/seed.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.PLUMBLINE_TEST_SETUP_DONE = '1';
}
