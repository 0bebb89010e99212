import { appendFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { checkFiles } from '../cli/check-command.js';
import { loadConfig } from '../config/load.js';
import { runDepcruise } from '../gates/architecture/run-depcruise.js';
import { lintWithRules, type LintEngine } from '../gates/static/lint.js';
import { generateLayeredCorpus } from './corpus.js';
import { measureInterleaved } from './measure.js';

/**
 * The static suite on one generated layered corpus, in one process, as ratios:
 *  1. the full rule suite, on ESLint and on oxlint, vs a bare ESLint parse with typescript-eslint's parser (no rules);
 *  2. a cold `plumbline check` (rules + analyzers, no caches) on each engine vs dependency-cruiser with the
 *     equivalent rules (the configuration `plumbline depcruise-config` generates);
 *  3. a warm `plumbline check` after one changed file vs the cold one, on each engine.
 * ESLint runs in this process (loaded once, in the warm-up); oxlint is a child process each time, so its
 * figures include starting oxlint and importing the plugin, as every real `check` pays.
 */
const files = Number(process.env.BENCH_FILES ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const root = path.join(os.tmpdir(), `plumbline-bench-static-${files}`);

const corpus = generateLayeredCorpus(root, { files, seed: 20261126, violationRate: 0.05, operations: true });
// The corpus imports @plumbline-kit/runtime: let dependency-cruiser resolve it, as in a real project.
symlinkSync(path.join(import.meta.dirname, '..', 'node_modules'), path.join(root, 'node_modules'), 'dir');
process.stderr.write(`corpus: ${corpus.files.length} files in ${root} (${corpus.violations} seeded violations)\n`);
const config = await loadConfig({ cwd: root });
const cacheDir = path.join(root, '.plumbline', 'cache');
const changedFile = corpus.files.find((file) => file.includes(`${path.sep}engines${path.sep}`)) as string;
const problems = new Set<string>();
let edits = 0;

const bareParse = async () => {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }],
  });
  return eslint.lintFiles(corpus.files);
};
const ruleSuiteOn = (engine: LintEngine) => async () => {
  const run = await lintWithRules(config, corpus.files, { engine });
  if (run.engine !== engine) problems.add(`rule suite: ran on ${run.engine}, not ${engine}`);
  if (run.findings.length !== corpus.violations) problems.add(`rule suite (${engine}): ${run.findings.length} findings, expected ${corpus.violations}`);
};
const ruleSuite = ruleSuiteOn('eslint');
const ruleSuiteOxlint = ruleSuiteOn('oxlint');
const dependencyCruiser = async () => {
  const { result } = await runDepcruise(config, corpus.files);
  const errors = result.summary.error;
  if (errors !== corpus.violations) problems.add(`dependency-cruiser: ${errors} errors, expected ${corpus.violations}`);
};
const check = async (engine: LintEngine) => {
  const run = await checkFiles(config, corpus.files, { cache: true, analyzers: true, engine });
  const errors = run.findings.filter((finding) => finding.severity === 'error').length;
  if (errors !== corpus.violations) problems.add(`check (${engine}): ${errors} errors, expected ${corpus.violations}`);
};
const checkColdOn = (engine: LintEngine) => async () => {
  rmSync(cacheDir, { recursive: true, force: true });
  await check(engine);
};
const checkWarmOn = (engine: LintEngine) => async () => {
  appendFileSync(changedFile, `// edit ${++edits}\n`);
  await check(engine);
};
const checkCold = checkColdOn('eslint');
const checkColdOxlint = checkColdOn('oxlint');
const checkWarmAfterOneChange = checkWarmOn('eslint');
const checkWarmAfterOneChangeOxlint = checkWarmOn('oxlint');

// One warm-up of each, so module loading is not measured (and the corpus files are old enough
// for the analyzers to trust their stats); then interleaved rounds, so drift hits every variant alike.
await bareParse();
await ruleSuite();
await ruleSuiteOxlint();
await dependencyCruiser();
await checkCold();
await checkWarmAfterOneChange();
// Each warm check directly follows the cold check of its engine (a cold check empties every cache).
const variants = {
  bareParse,
  ruleSuite,
  ruleSuiteOxlint,
  dependencyCruiser,
  checkCold,
  checkWarmAfterOneChange,
  checkColdOxlint,
  checkWarmAfterOneChangeOxlint,
};
const medians = await measureInterleaved(variants, rounds, (round) => process.stderr.write(`round ${round}/${rounds}\n`));
const ms = (name: keyof typeof medians) => Math.round(medians[name] as number);
const ratio = (a: string, b: string) => Number(((medians[a] as number) / (medians[b] as number)).toFixed(3));
const result = {
  benchmark: 'static suite on ESLint and oxlint: rules vs bare parse, check vs dependency-cruiser, warm check vs cold',
  files: corpus.files.length,
  rounds,
  seededViolations: corpus.violations,
  ms: {
    bareParse: ms('bareParse'),
    ruleSuite: ms('ruleSuite'),
    ruleSuiteOxlint: ms('ruleSuiteOxlint'),
    dependencyCruiser: ms('dependencyCruiser'),
    checkCold: ms('checkCold'),
    checkWarmAfterOneChange: ms('checkWarmAfterOneChange'),
    checkColdOxlint: ms('checkColdOxlint'),
    checkWarmAfterOneChangeOxlint: ms('checkWarmAfterOneChangeOxlint'),
  },
  ratios: {
    ruleSuiteVsBareParse: { value: ratio('ruleSuite', 'bareParse'), target: '<= 1.10' },
    checkVsDependencyCruiser: { value: ratio('checkCold', 'dependencyCruiser'), target: '<= 0.5' },
    warmCheckVsCold: { value: ratio('checkWarmAfterOneChange', 'checkCold'), target: '<= 0.05' },
    checkOxlintVsDependencyCruiser: { value: ratio('checkColdOxlint', 'dependencyCruiser'), target: '<= 0.5' },
    warmCheckVsColdOxlint: { value: ratio('checkWarmAfterOneChangeOxlint', 'checkColdOxlint'), target: '<= 0.05' },
    ruleSuiteOxlintVsEslint: { value: ratio('ruleSuiteOxlint', 'ruleSuite'), target: 'informative' },
  },
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (problems.size > 0) {
  process.stderr.write(`the benchmark did not measure what it claims:\n  ${[...problems].join('\n  ')}\n`);
  process.exitCode = 1;
}
