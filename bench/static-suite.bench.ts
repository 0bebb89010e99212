import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { findTsConfig } from '../gates/architecture/depcruise-config.js';
import { oxlintBin } from '../gates/static/oxlint-engine.js';
import { generateLayeredCorpus } from './corpus.js';
import { measureInterleaved } from './measure.js';
import { generateOrmCorpus } from './orm-corpus.js';
import { writePeerConfigs } from './peer-configs.js';

/**
 * Plumbline's static suite against its peers, on two generated corpora (a 5,000-file layered service and a
 * 500-file ORM-shaped codebase with barrels and cycles), interleaved, medians. Every tool runs from its own CLI in
 * a child process under GNU time (wall time and peak RSS of the largest process of its tree), as a user runs it:
 *  - cold `plumbline check` (rules + analyzers, caches emptied) on oxlint and on ESLint, and a warm one after
 *    one changed file;
 *  - dependency-cruiser with the config `plumbline depcruise-config` generates (layer rules, no-circular, ...);
 *  - eslint-plugin-boundaries with the same layers (bench/peer-configs.ts);
 *  - the floors: ESLint with typescript-eslint's parser and no rule, oxlint's Rust parser with no rule.
 * Each must report exactly what was seeded (the parsers: every file, no error); otherwise the run fails loudly.
 * BENCH_FILES / BENCH_ROUNDS size the layered corpus, BENCH_ORM_FILES / BENCH_ORM_ROUNDS the ORM one;
 * BENCH_CORPORA=orm,layered picks which run.
 */
const REPO = path.resolve(import.meta.dirname, '..');
const NODE_MODULES = path.join(REPO, 'node_modules');
const BIN = {
  plumbline: path.join(REPO, 'dist', 'cli', 'bin.js'),
  depcruise: path.join(NODE_MODULES, 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
  eslint: path.join(NODE_MODULES, 'eslint', 'bin', 'eslint.js'),
  oxlint: oxlintBin(),
};
if (!BIN.oxlint) throw new Error('oxlint is not installed: the benchmark needs it (npm install)');

const corpora = (process.env.BENCH_CORPORA ?? 'orm,layered').split(',');
const problems: string[] = [];

interface ToolRun {
  stdout: string;
  code: number | null;
  maxRssKb: number;
}

/** Runs `node args` in cwd under GNU time; stdout collected, stderr kept for the error message. */
function runTool(cwd: string, args: string[]): Promise<ToolRun> {
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'plumbline-bench-rss-')), 'rss');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], { cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      rmSync(path.dirname(rssFile), { recursive: true, force: true });
      const stdout = Buffer.concat(out).toString('utf8');
      if (!Number.isFinite(rss)) return reject(new Error(`no peak RSS for ${args.join(' ')}: ${Buffer.concat(err).toString('utf8')}`));
      // Exit 0 or 1 (findings) with output is a run; anything else is the tool failing.
      if ((code !== 0 && code !== 1) || stdout.length === 0) {
        return reject(
          new Error(
            `${path.basename(args[0] ?? '')} ${args.slice(1, 4).join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(-800)}`,
          ),
        );
      }
      resolve({ stdout, code, maxRssKb: rss });
    });
  });
}

interface PreparedCorpus {
  name: string;
  root: string;
  files: string[];
  imports: number;
  violations: number;
  cycles: number;
}

async function prepare(name: string): Promise<PreparedCorpus> {
  const root = path.join(os.tmpdir(), `plumbline-bench-${name}`);
  let corpus: PreparedCorpus;
  if (name === 'orm') {
    const files = Number(process.env.BENCH_ORM_FILES ?? 420);
    const orm = generateOrmCorpus(root, { files, seed: 20261204, violations: 12, cycles: 6 });
    corpus = { name, root, files: orm.files, imports: orm.imports, violations: orm.violations, cycles: orm.cycles };
  } else if (name === 'layered') {
    const files = Number(process.env.BENCH_FILES ?? 5000);
    const layered = generateLayeredCorpus(root, { files, seed: 20261126, violationRate: 0.05, operations: true });
    const imports = layered.files.reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/^import /gm)?.length ?? 0), 0);
    corpus = { name, root, files: layered.files, imports, violations: layered.violations, cycles: 0 };
  } else {
    throw new Error(`BENCH_CORPORA: unknown corpus '${name}' (expected orm, layered)`);
  }
  // The corpora import packages (@plumbline-kit/runtime) and the peer configs import their plugins: resolve them here.
  symlinkSync(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
  const config = await loadConfig({ cwd: root });
  writePeerConfigs(config, findTsConfig(config) ?? path.join(root, 'tsconfig.json'));
  await runTool(root, [BIN.plumbline, 'depcruise-config']);
  process.stderr.write(
    `corpus ${name}: ${corpus.files.length} files, ${corpus.imports} imports, ` +
      `${corpus.violations} seeded layer violations, ${corpus.cycles} seeded cycles (${root})\n`,
  );
  return corpus;
}

type Engine = 'oxlint' | 'eslint';

function variantsFor(corpus: PreparedCorpus, rss: Map<string, number[]>) {
  const { root, files } = corpus;
  const changedFile = files.find((file) => !file.endsWith(`${path.sep}index.ts`)) as string;
  let edits = 0;
  const record = (variant: string, run: ToolRun) => rss.set(variant, [...(rss.get(variant) ?? []), run.maxRssKb]);
  const expect = (variant: string, what: string, got: number, wanted: number) => {
    if (got !== wanted) problems.push(`${corpus.name} ${variant}: ${got} ${what}, expected ${wanted}`);
  };
  const check = async (variant: string, engine: Engine) => {
    const run = await runTool(root, [BIN.plumbline, 'check', '--format', 'json', '--engine', engine]);
    record(variant, run);
    const { findings } = JSON.parse(run.stdout) as { findings: Array<{ severity: string }> };
    expect(variant, 'errors', findings.filter((finding) => finding.severity === 'error').length, corpus.violations);
  };
  const cold = (engine: Engine) => async () => {
    rmSync(path.join(root, '.plumbline', 'cache'), { recursive: true, force: true });
    await check(`checkCold_${engine}`, engine);
  };
  const warm = (engine: Engine) => async () => {
    appendFileSync(changedFile, `// edit ${++edits}\n`);
    await check(`checkWarm_${engine}`, engine);
  };
  const eslintReport = (stdout: string) => JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
  return {
    // Each warm check directly follows the cold check of its engine, which emptied every cache and refilled it.
    checkCold_oxlint: cold('oxlint'),
    checkWarm_oxlint: warm('oxlint'),
    checkCold_eslint: cold('eslint'),
    checkWarm_eslint: warm('eslint'),
    dependencyCruiser: async () => {
      const run = await runTool(root, [BIN.depcruise, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src']);
      record('dependencyCruiser', run);
      const { summary } = JSON.parse(run.stdout) as { summary: { error: number; violations: Array<{ rule: { name: string } }> } };
      const layer = summary.violations.filter((violation) => violation.rule.name.startsWith('layer-')).length;
      const circular = summary.violations.filter((violation) => violation.rule.name === 'no-circular').length;
      expect('dependencyCruiser', 'layer violations', layer, corpus.violations);
      expect('dependencyCruiser', 'no-circular violations', circular, corpus.cycles);
      expect('dependencyCruiser', 'errors', summary.error, corpus.violations + corpus.cycles);
    },
    eslintPluginBoundaries: async () => {
      const run = await runTool(root, [BIN.eslint, '--config', 'boundaries.eslint.config.mjs', '--format', 'json', 'src']);
      record('eslintPluginBoundaries', run);
      const messages = eslintReport(run.stdout).flatMap((result) => result.messages);
      expect(
        'eslintPluginBoundaries',
        'boundaries/dependencies reports',
        messages.filter((m) => m.ruleId === 'boundaries/dependencies').length,
        corpus.violations,
      );
      expect('eslintPluginBoundaries', 'other messages', messages.filter((m) => m.ruleId !== 'boundaries/dependencies').length, 0);
    },
    bareTypescriptEslintParse: async () => {
      const run = await runTool(root, [BIN.eslint, '--config', 'bare-parse.eslint.config.mjs', '--format', 'json', 'src']);
      record('bareTypescriptEslintParse', run);
      const results = eslintReport(run.stdout);
      expect('bareTypescriptEslintParse', 'files parsed', results.length, files.length);
      expect('bareTypescriptEslintParse', 'messages', results.flatMap((result) => result.messages).length, 0);
    },
    bareOxcParse: async () => {
      const run = await runTool(root, [
        BIN.oxlint as string,
        '-c',
        'no-rules.oxlintrc.json',
        '-A',
        'all',
        '--no-ignore',
        '-f',
        'json',
        'src',
      ]);
      record('bareOxcParse', run);
      const report = JSON.parse(run.stdout) as { diagnostics: unknown[]; number_of_files: number; number_of_rules: number };
      expect('bareOxcParse', 'files parsed', report.number_of_files, files.length);
      expect('bareOxcParse', 'diagnostics', report.diagnostics.length, 0);
      expect('bareOxcParse', 'rules', report.number_of_rules, 0);
    },
  };
}

const loadAtStart = os.loadavg().map((value) => Number(value.toFixed(2)));
const prepared: PreparedCorpus[] = [];
for (const name of corpora) prepared.push(await prepare(name));

const results = [];
for (const corpus of prepared) {
  const rounds = Number((corpus.name === 'orm' ? process.env.BENCH_ORM_ROUNDS : process.env.BENCH_ROUNDS) ?? 3);
  const rss = new Map<string, number[]>();
  const variants = variantsFor(corpus, rss);
  // One warm-up: modules and corpus into the page cache, and the corpus files old enough for the analyzers
  // to trust their stats (a warm check must re-read only the changed file).
  if (process.env.BENCH_WARMUP !== '0') {
    await variants.checkCold_oxlint();
    await variants.checkWarm_oxlint();
  }
  rss.clear();
  const loadBefore = os.loadavg()[0] as number;
  const medians = await measureInterleaved(variants, rounds, (round) => process.stderr.write(`${corpus.name}: round ${round}/${rounds}\n`));
  const loadAfter = os.loadavg()[0] as number;
  const ms = Object.fromEntries(Object.entries(medians).map(([name, value]) => [name, Math.round(value)]));
  const peakRssMb = Object.fromEntries([...rss].map(([name, values]) => [name, Math.round(Math.max(...values) / 1024)]));
  const ratio = (a: string, b: string) => Number(((medians[a] as number) / (medians[b] as number)).toFixed(3));
  const targets = (engine: Engine) => {
    const warmMs = medians[`checkWarm_${engine}`] as number;
    return {
      coldCheckVsDependencyCruiser: { value: ratio(`checkCold_${engine}`, 'dependencyCruiser'), target: '<= 0.5' },
      coldCheckVsBoundaries: { value: ratio(`checkCold_${engine}`, 'eslintPluginBoundaries'), target: '<= 0.2' },
      warmCheckVsCold: { value: ratio(`checkWarm_${engine}`, `checkCold_${engine}`), target: '<= 0.05' },
      warmCheckUnderOneSecond: { value: Math.round(warmMs), target: '< 1000 ms' },
      peakRssVsDependencyCruiser: {
        value: Number(((peakRssMb[`checkCold_${engine}`] as number) / (peakRssMb.dependencyCruiser as number)).toFixed(3)),
        target: '<= 1',
      },
    };
  };
  results.push({
    corpus: corpus.name,
    files: corpus.files.length,
    imports: corpus.imports,
    seededLayerViolations: corpus.violations,
    seededCycles: corpus.cycles,
    rounds,
    loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadAfter.toFixed(2)) },
    ms,
    peakRssMb,
    oxlint: targets('oxlint'),
    eslint: targets('eslint'),
    floors: {
      bareTypescriptEslintParseVsDependencyCruiser: ratio('bareTypescriptEslintParse', 'dependencyCruiser'),
      bareOxcParseVsDependencyCruiser: ratio('bareOxcParse', 'dependencyCruiser'),
      coldCheckOxlintVsBareOxcParse: ratio('checkCold_oxlint', 'bareOxcParse'),
    },
  });
}

process.stdout.write(
  `${JSON.stringify(
    {
      benchmark:
        'static suite vs peers: cold/warm plumbline check on oxlint and ESLint, dependency-cruiser, eslint-plugin-boundaries, bare parses',
      results,
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: { start: loadAtStart, end: os.loadavg().map((value) => Number(value.toFixed(2))) },
    },
    null,
    2,
  )}\n`,
);
if (problems.length > 0) {
  process.stderr.write(`the benchmark did not measure what it claims:\n  ${[...new Set(problems)].join('\n  ')}\n`);
  process.exitCode = 1;
}
