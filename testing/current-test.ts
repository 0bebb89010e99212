/** The test that is running, as a test runner reports it. */
export interface RunningTest {
  /** Full name, suites included (vitest: `expect.getState().currentTestName`). */
  readonly name: string | undefined;
  /** Absolute path of the test file. */
  readonly file: string | undefined;
  /**
   * The test's metadata, which the runner's reports carry (vitest: `task.meta`, in its JSON
   * reporter's `meta`): where helpers leave what a passing test covered, for the gates.
   */
  readonly meta?: Record<string, unknown>;
}

export type RunningTestReader = () => RunningTest | undefined;

// On globalThis (by a registered symbol), so the setup file and the app's tests agree even
// when they load two copies of this module (e.g. one from source, one from dist).
const READER = Symbol.for('plumbline.testing.runningTest');

interface Holder {
  [READER]?: RunningTestReader;
}

/** Installs how the running test is found; `@plumbline-kit/plumbline/testing/vitest-setup` installs vitest's. */
export function setRunningTestReader(reader: RunningTestReader | undefined): void {
  (globalThis as Holder)[READER] = reader;
}

/** The running test, or undefined outside a test (or when no reader is installed). */
export function runningTest(): RunningTest | undefined {
  const reader = (globalThis as Holder)[READER];
  if (reader === undefined) return undefined;
  try {
    return reader();
  } catch {
    // Outside a test the runner's state may be unreadable: that is "no test", not an error.
    return undefined;
  }
}
