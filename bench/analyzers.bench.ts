import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzerCacheDir, runAnalyzers, type AnalyzerRun } from '../analyzers/index.js';
import { listAnalyzedFiles } from '../analyzers/source-files.js';
import { loadConfig } from '../config/load.js';
import { generateLayeredCorpus } from './corpus.js';

/**
 * Whole-project analyzers on a generated corpus with operations: a cold run (no
 * cache) vs a warm run after one changed file, in one process. Reported twice:
 * end to end (the analyzers list the files themselves), and given the file list
 * (as `plumbline check` can pass it, since the static rules list the same files).
 *
 * With BENCH_BASELINE=<another checkout, built>, also a before/after comparison in
 * child processes, interleaved: a cold `plumbline check --no-cache` on each engine
 * and the import of the slim oxlint plugin entry, for the baseline build and this one.
 */
const files = Number(process.env.BENCH_FILES ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const corpusRoot = path.join(os.tmpdir(), `plumbline-bench-analyzers-${files}`);

const corpus = generateLayeredCorpus(corpusRoot, { files, seed: 20261126, violationRate: 0, operations: true });
process.stderr.write(`corpus: ${corpus.files.length} files in ${corpusRoot}\n`);
const config = await loadConfig({ cwd: corpusRoot });
const cacheDir = analyzerCacheDir(corpusRoot);
const changedFile = corpus.files.find((file) => file.includes(`${path.sep}api${path.sep}`)) as string;
const listed = listAnalyzedFiles(config);
let edits = 0;
let last: AnalyzerRun | undefined;
const problems = new Set<string>();
/** Warm-ups are not checked: right after generation the files are too new for their stats to be trusted. */
let measuring = false;

function check(run: AnalyzerRun, label: string, parsed: number, read: number): void {
  last = run;
  if (!measuring) return;
  if (run.metrics.filesAnalyzed !== corpus.files.length)
    problems.add(`${label}: analyzed ${run.metrics.filesAnalyzed} files, expected ${corpus.files.length}`);
  if (run.metrics.filesParsed !== parsed) problems.add(`${label}: parsed ${run.metrics.filesParsed} files, expected ${parsed}`);
  if (run.metrics.filesRead !== read) problems.add(`${label}: read ${run.metrics.filesRead} files, expected ${read}`);
  if (run.findings.length > 0)
    problems.add(`${label}: ${run.findings.length} findings on a clean corpus, first: ${run.findings[0]?.message}`);
}

const variants = (given: readonly string[] | undefined) => ({
  cold: async () => {
    rmSync(cacheDir, { recursive: true, force: true });
    check(await runAnalyzers(config, { files: given }), 'cold', corpus.files.length, corpus.files.length);
  },
  warmAfterOneChange: async () => {
    appendFileSync(changedFile, `// edit ${++edits}\n`);
    check(await runAnalyzers(config, { files: given }), 'warm', 1, 1);
  },
});
const endToEnd = variants(undefined);
const givenFiles = variants(listed);
const listing = async () => {
  if (listAnalyzedFiles(config).length !== corpus.files.length) problems.add('listing: wrong number of files');
};

// A cold run leaves a whole parsed project behind as garbage; collect it between
// samples so the warm run that follows does not pay for it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function sample(run: () => Promise<void>): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await run();
  return performance.now() - start;
}

// Warm-ups so module loading is not measured (and file mtimes are older than the
// stat-trust age); then interleaved rounds, so drift hits every variant alike.
await endToEnd.cold();
await endToEnd.warmAfterOneChange();
measuring = true;
const samples: Record<string, number[]> = { cold: [], warm: [], coldGiven: [], warmGiven: [], listing: [] };
for (let round = 1; round <= rounds; round++) {
  process.stderr.write(`round ${round}/${rounds}\n`);
  samples.cold!.push(await sample(endToEnd.cold));
  samples.warm!.push(await sample(endToEnd.warmAfterOneChange));
  samples.coldGiven!.push(await sample(givenFiles.cold));
  samples.warmGiven!.push(await sample(givenFiles.warmAfterOneChange));
  samples.listing!.push(await sample(listing));
}
const ms = (name: string) => median(samples[name] as number[]);
const result = {
  benchmark: 'analyzers: warm run after one changed file vs cold run',
  files: corpus.files.length,
  rounds,
  operations: last?.metrics.operations,
  callSites: last?.metrics.callSites,
  endToEnd: { coldMs: Math.round(ms('cold')), warmMs: Math.round(ms('warm')), ratio: round3(ms('warm') / ms('cold')) },
  givenFileList: {
    coldMs: Math.round(ms('coldGiven')),
    warmMs: Math.round(ms('warmGiven')),
    ratio: round3(ms('warmGiven') / ms('coldGiven')),
  },
  listingMs: Math.round(ms('listing')),
  target: '<= 0.05',
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map(round3),
};
const baseline = process.env.BENCH_BASELINE;
if (baseline) Object.assign(result, { beforeAfter: compareBuilds(path.resolve(baseline), fileURLToPath(new URL('..', import.meta.url))) });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (problems.size > 0) {
  process.stderr.write(`the benchmark did not measure what it claims:\n  ${[...problems].join('\n  ')}\n`);
  process.exitCode = 1;
}

/** Cold check and plugin import, baseline build vs this one, as child processes: wall and CPU medians, and their ratios. */
function compareBuilds(before: string, after: string): Record<string, unknown> {
  const builds = { before, after };
  for (const root of Object.values(builds)) {
    if (!existsSync(path.join(root, 'dist/cli/bin.js')))
      throw new Error(`BENCH_BASELINE: no dist/cli/bin.js under ${root} (build it first)`);
  }
  const tasks: Record<string, (root: string) => string[]> = {
    coldCheckOxlint: (root) => [path.join(root, 'dist/cli/bin.js'), 'check', '--engine', 'oxlint', '--no-cache', '--format', 'json'],
    coldCheckEslint: (root) => [path.join(root, 'dist/cli/bin.js'), 'check', '--engine', 'eslint', '--no-cache', '--format', 'json'],
    pluginImport: (root) => [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/rules/oxlint-plugin.js')).href)})`,
    ],
  };
  const samples = new Map<string, { wall: number[]; cpu: number[] }>();
  const outputs = new Map<string, string>();
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`before/after round ${round}/${rounds}\n`);
    for (const [task, argv] of Object.entries(tasks)) {
      for (const [build, root] of Object.entries(builds)) {
        rmSync(path.join(corpusRoot, '.plumbline'), { recursive: true, force: true });
        const cpuBefore = childCpuMs();
        const start = performance.now();
        const run = spawnSync(process.execPath, argv(root), { cwd: corpusRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
        const wall = performance.now() - start;
        const cpu = childCpuMs() - cpuBefore;
        if (run.status !== 0 && !(task.startsWith('coldCheck') && run.status === 1)) {
          problems.add(`${build} ${task}: exit ${run.status}: ${run.stderr.split('\n')[0]}`);
        }
        // Findings must not change: the same report from both builds on each engine.
        // Docs links name the build's own folder; nothing else may differ.
        const report = run.stdout.split(root).join('<build>').split(path.relative(corpusRoot, root)).join('<build>');
        const known = outputs.get(task);
        if (known === undefined) outputs.set(task, report);
        else if (known !== report) problems.add(`${task}: the builds report different findings`);
        const key = `${task}.${build}`;
        const entry = samples.get(key) ?? { wall: [], cpu: [] };
        entry.wall.push(wall);
        entry.cpu.push(cpu);
        samples.set(key, entry);
      }
    }
  }
  const figures: Record<string, unknown> = {};
  for (const task of Object.keys(tasks)) {
    const before = samples.get(`${task}.before`) as { wall: number[]; cpu: number[] };
    const after = samples.get(`${task}.after`) as { wall: number[]; cpu: number[] };
    figures[task] = {
      wallMs: { before: Math.round(median(before.wall)), after: Math.round(median(after.wall)) },
      cpuMs: { before: Math.round(median(before.cpu)), after: Math.round(median(after.cpu)) },
      ratio: { wall: round3(median(after.wall) / median(before.wall)), cpu: round3(median(after.cpu) / median(before.cpu)) },
    };
  }
  return { baseline: before, ...figures };
}

/** CPU time (user + system) of this process's finished children, from /proc (Linux); NaN elsewhere. */
function childCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round3(value: number): number {
  return Number(value.toFixed(3));
}
