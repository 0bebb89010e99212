import os from 'node:os';
import { createOperationRegistry, defineOperation, shadow, type EvidenceSink } from '@plumbline-kit/runtime';

/**
 * @plumbline-kit/runtime overhead, in one process, as ratios against the bare handler
 * call measured alongside (interleaved rounds, medians):
 *  - execute() of an operation with no checks vs the bare handler (target <= 1.05)
 *  - execute() with 3 invariants in monitor mode vs the bare handler (target <= 1.2)
 *  - a shadowed call vs the bare call, as the caller sees it (the candidate runs later)
 * The handler does ~1 µs of work (calibrated at start-up).
 */
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const callsPerRound = Number(process.env.BENCH_CALLS ?? 200_000);
const shadowCallsPerBatch = 1000;

let iterations = 8;
const work = (seed: number): number => {
  let hash = seed | 0;
  for (let index = 0; index < iterations; index++) hash = Math.imul(hash ^ index, 0x9e3779b1) | 0;
  return hash;
};
const handler = (input: { seed: number }) => work(input.seed);

const inputs = Array.from({ length: 1024 }, (_, index) => ({ seed: index * 7919 }));
const ctx = {};

// Calibrate the handler to ~1 µs per call on this machine.
const nsPerCall = (calls: number) => {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let index = 0; index < calls; index++) sink ^= handler(inputs[index & 1023] as { seed: number });
  const elapsed = Number(process.hrtime.bigint() - start) / calls;
  if (sink === 0.5) process.stdout.write(''); // keep the loop observable
  return elapsed;
};
nsPerCall(100_000);
for (let pass = 0; pass < 4; pass++) iterations = Math.max(1, Math.round((iterations * 1000) / nsPerCall(100_000)));

let events = 0;
const countingSink: EvidenceSink = {
  record() {
    events++;
  },
};
const registry = createOperationRegistry({ sink: countingSink, mode: 'monitor' });
registry.register(
  defineOperation({ id: 'bench.plain', owner: 'bench', handler }),
  defineOperation({
    id: 'bench.guarded',
    owner: 'bench',
    invariants: [
      { id: 'INV-BENCH-1', severity: 'low', condition: ({ output }) => output >= 0, remediation: 'none' },
      { id: 'INV-BENCH-2', severity: 'medium', condition: ({ output }) => Number.isInteger(output), remediation: 'none' },
      { id: 'INV-BENCH-3', severity: 'high', condition: ({ input, output }) => output !== input.seed - 1, remediation: 'none' },
    ],
    handler,
  }),
);

const loop = (call: (input: { seed: number }) => number) => () => {
  let checksum = 0;
  for (let index = 0; index < callsPerRound; index++) checksum = (checksum + call(inputs[index & 1023] as { seed: number })) >>> 0;
  return checksum;
};
const variants = {
  bare: loop(handler),
  plain: loop((input) => registry.execute<number>('bench.plain', input, ctx)),
  guarded: loop((input) => registry.execute<number>('bench.guarded', input, ctx)),
};

const shadowed = shadow('bench.shadowed', {
  current: handler,
  candidate: handler,
  sink: countingSink,
  maxPending: shadowCallsPerBatch + 1,
});
const sampled = shadow('bench.sampled', {
  current: handler,
  candidate: handler,
  sink: countingSink,
  sampleRate: 0.01,
  random: mulberry32(7),
});
const shadowBatch = (call: (input: { seed: number }) => number) => () => {
  let checksum = 0;
  for (let index = 0; index < shadowCallsPerBatch; index++) checksum = (checksum + call(inputs[index & 1023] as { seed: number })) >>> 0;
  return checksum;
};
const shadowVariants = {
  bare: shadowBatch(handler),
  shadowAll: shadowBatch(shadowed),
  shadowOnePercent: shadowBatch(sampled),
};

const samples: Record<string, number[]> = {};
const checksums: Record<string, Set<number>> = { main: new Set(), shadow: new Set() };
const time = (name: string, run: () => number, group: 'main' | 'shadow') => {
  const start = process.hrtime.bigint();
  const checksum = run();
  (samples[name] ??= []).push(Number(process.hrtime.bigint() - start));
  checksums[group]?.add(checksum);
};

// Warm-up (JIT), then interleaved rounds so drift hits every variant alike.
for (const run of Object.values(variants)) run();
for (let round = 0; round < rounds; round++) {
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
  for (const [name, run] of Object.entries(variants)) time(name, run, 'main');
  for (let batch = 0; batch < 20; batch++) {
    for (const [name, run] of Object.entries(shadowVariants)) {
      time(`shadow:${name}`, run, 'shadow');
      // Not timed: the candidates run after the caller's path, as in production.
      await shadowed.flush();
      await sampled.flush();
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const nsPer = (name: string, calls: number) => median(samples[name] as number[]) / calls;
const bare = nsPer('bare', callsPerRound);
const plain = nsPer('plain', callsPerRound);
const guarded = nsPer('guarded', callsPerRound);
const shadowBare = nsPer('shadow:bare', shadowCallsPerBatch);
const shadowAll = nsPer('shadow:shadowAll', shadowCallsPerBatch);
const shadowOnePercent = nsPer('shadow:shadowOnePercent', shadowCallsPerBatch);
const round3 = (value: number) => Number(value.toFixed(3));

const result = {
  benchmark: '@plumbline-kit/runtime overhead vs the bare handler call',
  rounds,
  callsPerRound,
  handlerIterations: iterations,
  bareNsPerCall: Math.round(bare),
  noInvariants: { nsPerCall: Math.round(plain), ratio: round3(plain / bare), target: '<= 1.05' },
  threeInvariantsMonitor: { nsPerCall: Math.round(guarded), ratio: round3(guarded / bare), target: '<= 1.2' },
  shadowCallerPath: {
    bareNsPerCall: Math.round(shadowBare),
    sampleRate1: { nsPerCall: Math.round(shadowAll), ratio: round3(shadowAll / shadowBare) },
    sampleRate001: { nsPerCall: Math.round(shadowOnePercent), ratio: round3(shadowOnePercent / shadowBare) },
  },
  evidenceEvents: events,
  node: process.version,
  cpus: os.cpus().length,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
// Every variant computes the same thing; different checksums mean the benchmark measures something else.
if (checksums.main?.size !== 1 || checksums.shadow?.size !== 1) {
  process.stderr.write('variants returned different results: the benchmark is not measuring the same work\n');
  process.exitCode = 1;
}

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
