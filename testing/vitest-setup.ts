/**
 * A vitest setup file: `test: { setupFiles: ['@plumbline-kit/plumbline/testing/vitest-setup'] }`.
 * It tells `recordingSink()` which test is running, so every recorded check
 * names the test that exercised it. Importing vitest here (not in the barrel)
 * keeps `@plumbline-kit/plumbline/testing` usable without vitest.
 */
import { expect } from 'vitest';
import { setRunningTestReader } from './current-test.js';

setRunningTestReader(() => {
  const state = expect.getState();
  return { name: state.currentTestName, file: state.testPath };
});
