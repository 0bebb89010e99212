/**
 * @plumbline-kit/runtime — what a guarded backend imports (its own package). Light by design: it depends
 * on zod and node builtins only, never on ESLint, ts-morph, dependency-cruiser,
 * Stryker or a database driver (adapters take the driver's object structurally).
 */

// Operations and the spine.
/** Declares an operation: id, owner, schemas, spec (pre/post/forbidden), invariants, handler. */
export { defineOperation, type OperationDefinition, type OperationDeclaration, type OperationContext } from './operation.js';
/** The registry that executes operations by id, with checks, evidence and a unit of work. */
export {
  createOperationRegistry,
  type OperationRegistry,
  type OperationRegistryOptions,
  type ExecuteOptions,
  type StateSnapshot,
  type ExecutionObserver,
  type ObservedOutcome,
} from './registry.js';
export type { SnapshotInfo } from './plan.js';

// Checks: invariants and spec contracts.
/** Zod schemas of the check declarations, and their types. */
export {
  InvariantSchema,
  SpecEntrySchema,
  OperationSpecSchema,
  SeveritySchema,
  CheckModeSchema,
  CheckKindSchema,
  type Invariant,
  type Predicate,
  type Postcondition,
  type ForbiddenState,
  type OperationSpec,
  type SpecEntry,
  type PreconditionArgs,
  type OutcomeArgs,
  type Severity,
  type CheckMode,
  type CheckKind,
} from './checks/model.js';
/** What an enforce-mode check throws. */
export {
  CheckViolationError,
  InvariantViolationError,
  PreconditionError,
  PostconditionError,
  ForbiddenStateError,
  type FailureReason,
} from './checks/violation-errors.js';

// Evidence.
/** The evidence event model (zod schemas are the contract the gates read). */
export {
  EvidenceEventSchema,
  CheckEventSchema,
  ComparisonEventSchema,
  CanaryRollbackEventSchema,
  ResultDiffSchema,
  safeParseEvidenceEvent,
  type EvidenceEvent,
  type CheckEvent,
  type ComparisonEvent,
  type ComparisonOutcome,
  type CanaryRollbackEvent,
  type ResultDiff,
  type EvidenceSink,
} from './evidence/event.js';
/** In-memory sink, for tests and development. */
export { memorySink, type MemorySink } from './evidence/memory-sink.js';
/** JSON Lines file sink (one event per line, append-safe across processes) and its reader. */
export { jsonLinesSink, type JsonLinesSink, type JsonLinesSinkOptions } from './evidence/jsonl-sink.js';
export { parseJsonLinesEvidence, readJsonLinesEvidence, type JsonLinesEvidence } from './evidence/read-jsonl.js';
/** OpenTelemetry span-event sink; needs the optional peer `@opentelemetry/api`. */
export {
  openTelemetrySink,
  spanEventAttributes,
  type OpenTelemetrySinkOptions,
  type OtelApiLike,
  type OtelSpanLike,
} from './evidence/otel-sink.js';
/** Sink combinators: several sinks at once, and labels (e.g. the running test) on every event. */
export { teeSink, withLabels } from './evidence/combine-sinks.js';
export type { SinkErrorHandler } from './evidence/safe-emit.js';
export type { RuntimeClock } from './clock.js';

// Units of work.
export type { UnitOfWork, SynchronousUnitOfWork, AsynchronousUnitOfWork } from './unit-of-work/types.js';
/** better-sqlite3: `db.transaction(fn)`, synchronous work only. */
export {
  betterSqliteUnitOfWork,
  type BetterSqliteTransactionalDatabase,
  type BetterSqliteTransaction,
  type BetterSqliteUnitOfWorkOptions,
} from './unit-of-work/better-sqlite.js';
/** node-postgres: BEGIN / COMMIT / ROLLBACK on one client, nested runs as savepoints. */
export { nodePostgresUnitOfWork, type NodePostgresClientLike, type NodePostgresUnitOfWorkOptions } from './unit-of-work/node-postgres.js';

// Shadow and canary.
/** Runs a candidate in the shadow of current and records how they compare. */
export { shadow, type ShadowOptions, type Shadowed } from './shadow.js';
/** Serves a stable share of keys from a candidate, rolling back (persistently) when a rate trigger fires. */
export { canary, type Canary, type CanaryOptions, type CanaryRollbackRule, type CanaryStatus } from './canary/canary.js';
export { CanaryStateSchema, RollbackReasonSchema, type CanaryState, type CanaryStore, type RollbackReason } from './canary/state.js';
/** Canary state in a JSON file (lock file + atomic rename) or a SQLite table (transactions). */
export { fileCanaryStore, type FileCanaryStore } from './canary/file-store.js';
export type { FileLockOptions } from './canary/file-lock.js';
export { sqliteCanaryStore, type SqliteDatabaseLike, type SqliteCanaryStoreOptions } from './canary/sqlite-store.js';
/** Result comparison: deep diff with ignore patterns, and the comparator type. */
export { deepDiff, type DeepDiffOptions } from './compare/deep-diff.js';
/** Path patterns (`updatedAt`, `items[*].id`, `meta.*`) for ignore and severity lists, and how a diff path is printed. */
export { compilePathPatterns, matchesPattern, formatPath, type PathPattern, type PathSegment } from './compare/path-pattern.js';
export type { Comparator } from './compare/compare-results.js';
/** The stable hash behind canary bucketing. */
export { fnv1a32, canaryBucket } from './stable-hash.js';

// Replay.
/** The replay contract (zod): one captured decision, as the recorder writes it and `plumbline replay` reads it. */
export {
  ReplayCaseSchema,
  ReplayContextSchema,
  RecordedErrorSchema,
  CaptureMetadataSchema,
  replayContractJsonSchema,
  type ReplayCase,
  type ReplayContext,
  type RecordedError,
  type CaptureMetadata,
  type ReplayCaseSink,
} from './replay/case.js';
/** Records a registry's executions as replay cases, sampled and with configured paths redacted. */
export { recordDecisions, type RecordDecisionsOptions, type DecisionRecorder } from './replay/recorder.js';
/** JSON Lines file of replay cases (append-safe across processes). */
export { replayCaseFileSink, type ReplayCaseFileSink } from './replay/case-file-sink.js';
export { REDACTED } from './replay/redact.js';

// Errors.
export {
  PlumblineRuntimeError,
  UnknownOperationError,
  DuplicateOperationError,
  OperationContractError,
  OperationDeclarationError,
  RuntimeConfigurationError,
  SynchronousUnitOfWorkError,
  RollbackFailedError,
  OptionalDependencyMissingError,
  CanaryStoreError,
  type ContractIssue,
} from './errors.js';
