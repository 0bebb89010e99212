/** plumbline/testing — helpers for the application's own tests. */
export { fixedClock, type FixedClock } from './clock.js';
export { seededRandom, type SeededRandom } from './random.js';
/** Records check and shadow evidence of the app's test run (for the invariants and shadow gates), labelled with the running test. */
export { recordingSink, EVIDENCE_FILE_ENV, TEST_LABEL, TEST_FILE_LABEL, type RecordingSink, type RecordingSinkOptions } from './recording-sink.js';
/** How the running test is found; vitest's reader is installed by `plumbline/testing/vitest-setup`. */
export { runningTest, setRunningTestReader, type RunningTest, type RunningTestReader } from './current-test.js';
/** The same operation with another handler, for negative tests. */
export { withHandler } from './with-handler.js';
