import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { runningTest } from '../current-test.js';

/** A failing counterexample as fast-check replays it: its seed and the path to the shrunk value. */
const RegressionCaseSchema = z.object({ seed: z.number().int(), path: z.string() });
export type RegressionCase = z.infer<typeof RegressionCaseSchema>;

/** Cases of one test file: `<test name> :: <law>` -> cases, oldest first. */
const CaseFileSchema = z.record(z.string(), z.array(RegressionCaseSchema));
type CaseFile = z.infer<typeof CaseFileSchema>;

/** Folder beside the test file, like `__snapshots__`: commit it, so a counterexample found once is checked first everywhere. */
export const REGRESSION_FOLDER = '__counterexamples__';

/** Where the running test's cases of one law live, or undefined when the running test is unknown. */
export interface RegressionSlot {
  file: string;
  key: string;
}

/**
 * The slot of a law in the running test (needs `@plumbline-kit/plumbline/testing/vitest-setup`), or in the file
 * the caller names. `false` turns persistence off.
 */
export function regressionSlot(law: string, file: string | false | undefined): RegressionSlot | undefined {
  if (file === false) return undefined;
  const test = runningTest();
  const testName = test?.name ?? '';
  if (file !== undefined) return { file: path.resolve(file), key: `${testName} :: ${law}` };
  if (test?.file === undefined || test.name === undefined) return undefined;
  return {
    file: path.join(path.dirname(test.file), REGRESSION_FOLDER, `${path.basename(test.file)}.json`),
    key: `${testName} :: ${law}`,
  };
}

export function readCases(slot: RegressionSlot): RegressionCase[] {
  return readCaseFile(slot.file)[slot.key] ?? [];
}

/** Replaces the slot's cases; drops the key when none are left and the file when no key is. */
export function writeCases(slot: RegressionSlot, cases: readonly RegressionCase[]): void {
  const unique = cases.filter((item, index) => cases.findIndex((other) => sameCase(other, item)) === index);
  const all: CaseFile = Object.fromEntries(Object.entries(readCaseFile(slot.file)).filter(([key]) => key !== slot.key));
  if (unique.length > 0) all[slot.key] = unique;
  const keys = Object.keys(all).sort();
  if (keys.length === 0) {
    rmSync(slot.file, { force: true });
    return;
  }
  const sorted = Object.fromEntries(keys.map((key) => [key, all[key]]));
  mkdirSync(path.dirname(slot.file), { recursive: true });
  // Through a temporary name and a rename: a killed run leaves the previous file whole.
  const temporary = `${slot.file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(temporary, slot.file);
}

export function sameCase(a: RegressionCase, b: RegressionCase): boolean {
  return a.seed === b.seed && a.path === b.path;
}

function readCaseFile(file: string): CaseFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = CaseFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not a counterexample file (expected { "<test> :: <law>": [{ seed, path }] })`);
  return parsed.data;
}
