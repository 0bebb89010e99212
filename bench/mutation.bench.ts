import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.js';
import { measureMutation } from '../gates/mutation/run-mutation.js';

/**
 * Mutation gate on a copy of the example backend: a full run (no incremental
 * file) against the incremental rerun after a one-line engine change, in one
 * process. Reports the rerun as a ratio of the full run (target <= 0.2x).
 * Each round is a full Stryker run, so the default is one round.
 */
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.join(os.tmpdir(), 'plumbline-bench-mutation');
rmSync(root, { recursive: true, force: true });
cpSync(path.join(repo, 'fixtures/hoc-app'), root, {
  recursive: true,
  filter: (from) => !/[\\/](\.plumbline|node_modules|\.stryker-tmp)$/.test(from),
});
if (!existsSync(path.join(root, 'node_modules'))) symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');

const config = await loadConfig({ cwd: root });
const settings = config.gates.mutation;
if (!settings) throw new Error('fixtures/hoc-app configures no mutation gate');
const incrementalFile = path.join(root, '.plumbline/mutation/stryker-incremental-full.json');
const engine = path.join(root, 'src/domains/incidents/engines/escalation.ts');
const original = readFileSync(engine, 'utf8');
const options = {
  signal: new AbortController().signal,
  artifactDir: path.join(root, '.plumbline/evidence/mutation'),
  progress: () => undefined,
};

const full: number[] = [];
const rerun: number[] = [];
for (let round = 1; round <= rounds; round += 1) {
  rmSync(incrementalFile, { force: true });
  writeFileSync(engine, original);
  let start = performance.now();
  const first = await measureMutation(config, settings, options);
  full.push(performance.now() - start);
  // A one-line edit of one engine file (a line appended before its last brace); Stryker's incremental diff decides what to re-test.
  writeFileSync(engine, original.replace(/\n\}\n?$/, '\n  // edited for the benchmark\n}\n'));
  start = performance.now();
  const second = await measureMutation(config, settings, options);
  if (Object.keys(second.report.files).length !== Object.keys(first.report.files).length)
    throw new Error('the incremental rerun did not report every file');
  rerun.push(performance.now() - start);
  const count = (report: typeof first.report) => Object.values(report.files).reduce((sum, file) => sum + file.mutants.length, 0);
  process.stderr.write(
    `round ${round}: full ${Math.round(full.at(-1) ?? 0)} ms (${count(first.report)} mutants), incremental ${Math.round(rerun.at(-1) ?? 0)} ms\n`,
  );
}
writeFileSync(engine, original);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ratio = median(rerun) / median(full);
process.stdout.write(
  `mutation gate on fixtures/hoc-app (${os.cpus().length} cores, concurrency ${settings.concurrency}): full ${Math.round(median(full))} ms, ` +
    `incremental rerun after a one-line engine change ${Math.round(median(rerun))} ms = ${ratio.toFixed(2)}x of the full run (target <= 0.2x)\n`,
);
rmSync(root, { recursive: true, force: true });
