import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finished } from 'node:stream/promises';
import { resolveConfig } from '../config/resolve.js';
import { ReplaySchema } from '../config/schema.js';
import { ReplayComparer } from '../gates/replay/compare-case.js';
import { caseLine, reportedCase } from '../gates/replay/replay-report.js';
import { runReplay } from '../gates/replay/replay-run.js';
import { measureInterleaved } from './measure.js';

/**
 * Differential replay, two measurements:
 *  1. Diff throughput on 100,000 recorded answer pairs (10% drifting): per case,
 *     what the replay does (identical answer lines are no drift at once; others
 *     are parsed, normalised, diffed and classified) and the report line written,
 *     as a ratio of raw JSON.parse + JSON.stringify of the same lines measured
 *     alongside (interleaved rounds, medians). Target >= 0.3x.
 *  2. Peak memory (max RSS of this process) of a whole replay of 1,000,000
 *     cases streamed through a temporary git repository: reading, checkout, the
 *     three ref processes, comparison and the report. Target < 500 MB.
 * `BENCH_CASES`, `BENCH_STREAM_CASES` and `BENCH_ROUNDS` change the sizes.
 */
const cases = Number(process.env.BENCH_CASES ?? 100_000);
const streamCases = Number(process.env.BENCH_STREAM_CASES ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

// A seeded generator: the same data on every run.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(42);
const decisions = ['allow', 'review', 'deny'];
function output(index: number) {
  return {
    decision: decisions[index % 3],
    decidedBy: `pol-${index % 97}`,
    considered: 3,
    score: Math.round(random() * 10_000) / 100,
    verdicts: [0, 1, 2].map((slot) => ({
      policyId: `pol-${(index + slot) % 97}`,
      decision: decisions[(index + slot) % 3],
      priority: slot * 10,
    })),
    message: `evaluated metric m-${index % 13}`,
  };
}

/** 2. A whole streamed replay in a temporary git repository, in a fresh process so its peak memory is its own. */
async function streamedReplay(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-replay-bench-'));
  try {
    const run = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=b@example.com', '-c', 'user.name=B', ...args], { cwd: root, stdio: 'ignore' });
    mkdirSync(path.join(root, 'replay'), { recursive: true });
    writeFileSync(
      path.join(root, 'replay/entry.ts'),
      `const decisions_ = ['allow', 'review', 'deny'];
  export const decisions = {
    'policies.evaluate': (input: { value: number; policies: number }) => ({
      decision: decisions_[input.value % 3],
      verdicts: Array.from({ length: input.policies }, (_, slot) => ({ policyId: 'pol-' + slot, decision: decisions_[(input.value + slot) % 3] })),
    }),
  };
  `,
    );
    run('init', '--quiet');
    run('add', '-A');
    run('commit', '--quiet', '-m', 'baseline');
    const input = path.join(root, 'cases.jsonl');
    const out = createWriteStream(input, { encoding: 'utf8' });
    for (let index = 0; index < streamCases; index++) {
      if (!out.write(`{"id":"c${index}","operation":"policies.evaluate","input":{"value":${index},"policies":${1 + (index % 4)}}}\n`))
        await once(out, 'drain');
    }
    out.end();
    await finished(out);
    const config = resolveConfig(
      { layers: { core: { paths: ['replay/**'] } }, replay: { entry: 'replay/entry.ts', timeoutMs: 30 * 60 * 1000 } },
      { cwd: root },
    );
    const started = performance.now();
    const summary = await runReplay({
      config,
      replay: config.replay!,
      baselineRef: 'HEAD',
      mainBranch: 'main',
      candidateRef: undefined,
      inputs: [input],
      allowInvalid: false,
      outDir: path.join(root, 'report'),
      progress: (message) => process.stderr.write(`stream: ${((performance.now() - started) / 1000).toFixed(1)}s ${message}\n`),
    });
    const seconds = (performance.now() - started) / 1000;
    if (summary.totals.noDrift !== streamCases)
      throw new Error(`expected ${streamCases} no-drift cases, got ${JSON.stringify(summary.totals)}`);
    return {
      cases: streamCases,
      seconds: Number(seconds.toFixed(1)),
      casesPerSecond: Math.round(streamCases / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      target: '< 500 MB',
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** 1. Diff throughput against raw JSON parse + stringify, interleaved in this process. */
async function diffThroughput(): Promise<Record<string, unknown>> {
  const baselineLines: string[] = [];
  const candidateLines: string[] = [];
  // The same answers with their keys in reverse order: equal after normalisation, but never byte-identical,
  // so every case takes the full path (parse, normalise, diff, classify).
  const reorderedLines: string[] = [];
  const operations: string[] = [];
  for (let index = 0; index < cases; index++) {
    const value = output(index);
    baselineLines.push(JSON.stringify({ ok: true, output: value }));
    const drifted = index % 10 === 0 ? { ...value, decision: 'deny', message: `${value.message}.` } : value;
    candidateLines.push(JSON.stringify({ ok: true, output: drifted }));
    reorderedLines.push(JSON.stringify({ output: Object.fromEntries(Object.entries(drifted).reverse()), ok: true }));
    operations.push(index % 2 === 0 ? 'policies.evaluate' : 'controls.assess');
  }

  const replayConfig = ReplaySchema.parse({
    entry: 'replay/entry.ts',
    normalise: { 'controls.assess': { sortArrays: [{ path: 'verdicts', by: 'policyId' }], numberTolerance: 0.001 } },
    severity: [
      { path: 'decision', from: 'allow', to: 'deny', severity: 'critical' },
      { path: 'message', severity: 'low' },
    ],
  });
  const comparer = new ReplayComparer(replayConfig);
  const missing = { baseline: 'n/a', candidate: 'n/a' };
  let checksum = 0;

  const variants = {
    raw: async () => {
      for (let index = 0; index < cases; index++) {
        checksum += JSON.stringify(JSON.parse(baselineLines[index] as string)).length;
        checksum += JSON.stringify(JSON.parse(candidateLines[index] as string)).length;
      }
    },
    diff: async () => {
      for (let index = 0; index < cases; index++) {
        // What the replay does per case: compare the two answer lines, then write the report line.
        const operation = operations[index] as string;
        const verdict = comparer.compareLines(operation, baselineLines[index], candidateLines[index], missing);
        checksum += caseLine(reportedCase({ key: `c${index}`, file: 'cases.jsonl', line: index + 1, operation }, verdict)).length;
      }
    },
    fullPath: async () => {
      for (let index = 0; index < cases; index++) {
        const operation = operations[index] as string;
        const verdict = comparer.compareLines(operation, baselineLines[index], reorderedLines[index], missing);
        checksum += caseLine(reportedCase({ key: `c${index}`, file: 'cases.jsonl', line: index + 1, operation }, verdict)).length;
      }
    },
  };
  await variants.raw();
  await variants.diff();
  await variants.fullPath();
  const medians = await measureInterleaved(variants, rounds, (round) => process.stderr.write(`diff round ${round}/${rounds}\n`));
  const throughput = {
    raw: cases / (medians.raw! / 1000),
    diff: cases / (medians.diff! / 1000),
    fullPath: cases / (medians.fullPath! / 1000),
  };
  return {
    cases,
    rounds,
    rawCasesPerSecond: Math.round(throughput.raw),
    diffCasesPerSecond: Math.round(throughput.diff),
    ratio: Number((throughput.diff / throughput.raw).toFixed(3)),
    target: '>= 0.3',
    fullPathCasesPerSecond: Math.round(throughput.fullPath),
    fullPathRatio: Number((throughput.fullPath / throughput.raw).toFixed(3)),
    checksum: checksum > 0,
  };
}

if (process.env.BENCH_PART === 'stream') {
  process.stdout.write(JSON.stringify(await streamedReplay()));
} else {
  const diff = await diffThroughput();
  // BENCH_STREAM_CASES=0 measures the diff only.
  const child =
    streamCases === 0
      ? '{"skipped":true}'
      : execFileSync(process.execPath, ['--import', 'jiti/register', fileURLToPath(import.meta.url)], {
          env: { ...process.env, BENCH_PART: 'stream' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1024 * 1024,
        });
  const stream = JSON.parse(child) as Record<string, unknown>;
  const result = {
    benchmark: 'plumbline replay: diff throughput vs raw JSON parse + stringify, and peak memory of a streamed replay',
    diff,
    stream,
    node: process.version,
    cpus: os.cpus().length,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
