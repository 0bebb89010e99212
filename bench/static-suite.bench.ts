import os from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { loadConfig } from '../config/load.js';
import { lintWithRules } from '../gates/static/lint.js';
import { generateLayeredCorpus } from './corpus.js';
import { measureInterleaved } from './measure.js';

/**
 * Full Plumbline rule suite vs a bare ESLint parse with typescript-eslint's
 * parser (no rules) over the same corpus, in one process. Reports the ratio.
 */
const files = Number(process.env.BENCH_FILES ?? 5000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const root = path.join(os.tmpdir(), `plumbline-bench-corpus-${files}`);

const corpus = generateLayeredCorpus(root, { files, seed: 20261126, violationRate: 0.05 });
process.stderr.write(`corpus: ${corpus.files.length} files in ${root} (${corpus.violations} seeded violations)\n`);
const config = await loadConfig({ cwd: root });

const bareParse = async () => {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }],
  });
  return eslint.lintFiles(corpus.files);
};
let findings = 0;
const ruleSuite = async () => {
  const run = await lintWithRules(config, corpus.files);
  findings = run.findings.length;
};

// One warm-up of each, so module loading is not measured.
await bareParse();
await ruleSuite();
const medians = await measureInterleaved({ bareParse, ruleSuite }, rounds, (round) =>
  process.stderr.write(`round ${round}/${rounds}\n`),
);
const ratio = (medians.ruleSuite as number) / (medians.bareParse as number);
const result = {
  benchmark: 'static rule suite vs bare ESLint parse (typescript-eslint parser)',
  files: corpus.files.length,
  rounds,
  findings,
  seededViolations: corpus.violations,
  bareParseMs: Math.round(medians.bareParse as number),
  ruleSuiteMs: Math.round(medians.ruleSuite as number),
  ratio: Number(ratio.toFixed(3)),
  target: '<= 1.10',
  node: process.version,
  cpus: os.cpus().length,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (findings !== corpus.violations) {
  process.stderr.write(`expected ${corpus.violations} findings, got ${findings}: the benchmark corpus is not what it claims\n`);
  process.exitCode = 1;
}
