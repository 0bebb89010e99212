import { describe, expect, it } from 'vitest';
import { DEFAULT_FUZZ_SEED, runFuzz } from './run-fuzz.js';

/**
 * The bounded sample of the static-side fuzz (`npm run fuzz` runs 10,000 cases
 * with a watchdog, 1 MB files included): generated and mutilated TypeScript
 * through every rule and the analyzers' extractors. No throw, no case over the per-case bound, no
 * finding outside its file. The seed is fixed so a failure reproduces.
 */
const CASES = 300;

describe('static fuzz (bounded sample)', () => {
  it(`runs ${CASES} generated and mutilated sources through every rule and extractor without a throw, a hang or a finding outside the file`, () => {
    const run = runFuzz({ cases: CASES, seed: DEFAULT_FUZZ_SEED, huge: false });
    expect(run.failures).toEqual([]);
    expect(run.casesRun).toBe(CASES);
    // The sample really exercises the rules and the mutilations, or it proves nothing.
    expect(run.findingsChecked).toBeGreaterThan(50);
    expect(Object.keys(run.shapes).length).toBeGreaterThanOrEqual(10);
  });
});
