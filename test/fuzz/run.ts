import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { caseBound, DEFAULT_CASE_BOUND_MS, DEFAULT_FUZZ_SEED, runFuzz, type FuzzRun } from './run-fuzz.js';

/**
 * `npm run fuzz`: the long fuzz run (default 10,000 cases), with a watchdog.
 * The cases run in a child process that announces each case before running
 * it; a case that outlives the per-case bound is a hang: the parent kills the
 * child and names the case (seed and index reproduce it). Prints the case
 * count, seed, wall time and failures; exits 1 on any failure.
 *
 *   node --import jiti/register test/fuzz/run.ts [--cases 10000] [--seed N] [--bound-ms 60000]
 */

const STARTUP_GRACE_MS = 120_000;

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(DEFAULT_FUZZ_SEED) },
    'bound-ms': { type: 'string', default: String(DEFAULT_CASE_BOUND_MS) },
    worker: { type: 'boolean', default: false },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const bound = Number(values['bound-ms']);
if (![cases, seed, bound].every((n) => Number.isSafeInteger(n) && n >= 0) || cases === 0 || bound === 0) {
  process.stderr.write('usage: run.ts [--cases N>0] [--seed N] [--bound-ms N>0]\n');
  process.exit(2);
}

if (values.worker) {
  // Synchronous writes: a case's announcement must be out before the case can hang.
  const run = runFuzz({
    cases,
    seed,
    caseBoundMs: bound,
    onCase: (index, fuzzCase) => writeSync(1, `case ${index} ${fuzzCase.text.length} ${fuzzCase.shape} ${fuzzCase.file}\n`),
  });
  writeSync(1, `result ${JSON.stringify(run)}\n`);
} else {
  await supervise();
}

async function supervise(): Promise<void> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'jiti/register',
      fileURLToPath(import.meta.url),
      '--worker',
      '--cases',
      String(cases),
      '--seed',
      String(seed),
      '--bound-ms',
      String(bound),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let current = 'before the first case';
  let currentBound = bound;
  let lastCaseAt = Date.now();
  let result: FuzzRun | undefined;
  let hung: string | undefined;
  let buffer = '';
  let announced = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('case ')) {
        const [index, length, ...rest] = line.slice('case '.length).split(' ');
        current = `${index} (${rest.join(' ')}, ${length} chars)`;
        currentBound = caseBound(bound, Number(length));
        lastCaseAt = Date.now();
        if (++announced % 1000 === 0) process.stderr.write(`fuzz: ${announced} cases...\n`);
      } else if (line.startsWith('result ')) {
        result = JSON.parse(line.slice('result '.length)) as FuzzRun;
      }
    }
  });
  const watchdog = setInterval(
    () => {
      // Loading ESLint, TypeScript and the rules takes a while before the first case: that is not a hang.
      const allowed = announced === 0 ? bound + STARTUP_GRACE_MS : currentBound;
      if (Date.now() - lastCaseAt > allowed) {
        hung = current;
        child.kill('SIGKILL');
      }
    },
    Math.min(1000, bound),
  );
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  clearInterval(watchdog);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (hung !== undefined) {
    process.stdout.write(
      `fuzz: HANG: case ${hung} ran longer than its bound of ${currentBound} ms (seed ${seed}); ${announced} case(s) started in ${seconds} s\n`,
    );
    process.exit(1);
  }
  if (result === undefined) {
    process.stdout.write(`fuzz: the fuzz process died (exit ${exit.code ?? exit.signal}) during case ${current} (seed ${seed})\n`);
    process.exit(1);
  }
  const shapes = Object.entries(result.shapes)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([shape, count]) => `${shape} ${count}`)
    .join(', ');
  process.stdout.write(
    `fuzz: ${result.casesRun} cases run, seed ${result.seed}, ${result.findingsChecked} findings checked, ${result.failures.length} failure(s), ${seconds} s\n` +
      `fuzz: shapes: ${shapes}\n`,
  );
  for (const failure of result.failures) {
    process.stdout.write(
      `  case ${failure.index} [${failure.shape}] ${failure.file}: ${failure.problem}\n    source: ${failure.preview}\n`,
    );
  }
  process.exit(result.failures.length > 0 || result.casesRun !== cases ? 1 : 0);
}
