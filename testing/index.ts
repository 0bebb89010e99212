/** @plumbline-kit/plumbline/testing — helpers for the application's own tests. */
export { fixedClock, type FixedClock } from './clock.js';
export { seededRandom, type SeededRandom } from './random.js';
/** Records check and shadow evidence of the app's test run (for the invariants and shadow gates), labelled with the running test. */
export {
  recordingSink,
  EVIDENCE_FILE_ENV,
  TEST_LABEL,
  TEST_FILE_LABEL,
  type RecordingSink,
  type RecordingSinkOptions,
} from './recording-sink.js';
/** How the running test is found; vitest's reader is installed by `@plumbline-kit/plumbline/testing/vitest-setup`. */
export { runningTest, setRunningTestReader, type RunningTest, type RunningTestReader } from './current-test.js';
/** The same operation with another handler, for negative tests. */
export { withHandler } from './with-handler.js';
/** Exhaustive breadth-first check of a state machine against its transition table (fast-check for move data). */
export { stateMachine, type StateMachineSpec, type StateMachineCoverage, type MoveOutcome } from './property/state-machine.js';
/** Property: a function's output never ranks lower (or higher) as its input rises. */
export { monotonic, type MonotonicSpec, type OutputOrder } from './property/monotonic.js';
/** Properties of a conflict resolver: determinism, order-independence, idempotence, deny-overrides. */
export { conflictResolutionLaws, CONFLICT_RESOLUTION_LAWS, type ConflictResolutionSpec } from './property/conflict-resolution-laws.js';
/** Seed and run count of property runs (fixed by default, set by the property gate), and the helpers' error. */
export {
  propertyParameters,
  PropertyLawError,
  DEFAULT_PROPERTY_SEED,
  DEFAULT_PROPERTY_NUM_RUNS,
  PROPERTY_SEED_ENV,
  PROPERTY_NUM_RUNS_ENV,
  type PropertyRunOptions,
} from './property/parameters.js';
/** Wraps a driver so calls fail as a seeded schedule says; the log of what fired. */
export { injectFaults, faultLog, type FaultEvent, type FaultInjection } from './faults/inject-faults.js';
/** The fault schedule: which method, when, and what fault. */
export { describeFaultRule, type Fault, type FaultRule, type FaultSchedule, type FaultTrigger } from './faults/fault-schedule.js';
/** The typed errors injected faults throw. */
export { InjectedFaultError, ConnectionLostError, ConstraintViolationError, DriverTimeoutError } from './faults/fault-errors.js';
/** Failure-injection drills: a driver, an operation, a fault and the safe outcome expected. */
export {
  defineDrill,
  isDrill,
  DRILL_BRAND,
  type Drill,
  type DrillDefinition,
  type DrillExpectation,
  type DrillOutcome,
} from './drills/define-drill.js';
/** Runs one drill and judges it: a row of the failure-injection matrix. */
export { describeDrill, runDrill, type DeclaredDrill, type DrillResult } from './drills/run-drill.js';
