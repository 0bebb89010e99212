/**
 * A vitest setup file: `test: { setupFiles: ['@plumbline-kit/plumbline/testing/vitest-setup'] }`.
 * It tells `recordingSink()` which test is running, so every recorded check
 * names the test that exercised it. Importing vitest here (not in the barrel)
 * keeps `@plumbline-kit/plumbline/testing` usable without vitest.
 */
import { expect, TestRunner } from 'vitest';
import { setRunningTestReader } from './current-test.js';

setRunningTestReader(() => {
  const state = expect.getState();
  const meta = TestRunner.getCurrentTest()?.meta as Record<string, unknown> | undefined;
  return { name: state.currentTestName, file: state.testPath, ...(meta ? { meta } : {}) };
});
