/** plumbline/testing — helpers for the application's own tests. */
export { fixedClock, type FixedClock } from './clock.js';
export { seededRandom, type SeededRandom } from './random.js';
/** Model-based test of a state machine against its real implementation (fast-check commands). */
export { stateMachine, type StateMachineSpec, type MoveOutcome } from './property/state-machine.js';
/** Property: a function's output never ranks lower (or higher) as its input rises. */
export { monotonic, type MonotonicSpec, type OutputOrder } from './property/monotonic.js';
/** Properties of a conflict resolver: determinism, order-independence, idempotence, deny-overrides. */
export {
  conflictResolutionLaws,
  CONFLICT_RESOLUTION_LAWS,
  type ConflictResolutionSpec,
} from './property/conflict-resolution-laws.js';
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
