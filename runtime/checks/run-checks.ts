import type { CheckEvent } from '../evidence/event.js';
import type { CheckKind, CheckMode, Severity } from './model.js';
import { describeCause, violationError, type CheckViolationError } from './violation-errors.js';

/** A declared check with its effective mode, ready to evaluate. */
export interface CompiledCheck {
  readonly id: string;
  readonly kind: CheckKind;
  readonly mode: CheckMode;
  readonly severity: Severity | undefined;
  /** Remediation (invariants) or description (spec entries). */
  readonly explanation: string | undefined;
  readonly predicate: (args: never) => unknown;
  /** The events of this check, made once and frozen: recording a held check allocates nothing. */
  readonly heldEvent: CheckEvent;
  readonly violatedEvent: CheckEvent;
}

export interface CheckEmitter {
  /** False when only violations are recorded (`evidence: 'violations'`). */
  readonly recordHeld: boolean;
  emit(event: CheckEvent): void;
}

/**
 * Evaluates every check (so monitor-mode violations are recorded even when an
 * enforce-mode one fails) and returns the first enforce-mode failure, if any, for
 * the caller to throw. A predicate that throws or returns a non-boolean is a
 * `predicate-error`: violated, never a crash.
 */
export function runChecks(
  operationId: string,
  checks: readonly CompiledCheck[],
  args: unknown,
  emitter: CheckEmitter,
): CheckViolationError | undefined {
  let failure: CheckViolationError | undefined;
  for (let index = 0; index < checks.length; index++) {
    const check = checks[index] as CompiledCheck;
    let result: unknown;
    let cause: unknown;
    let threw = false;
    // Called as a plain function, so a predicate cannot reach the compiled check through `this`.
    const predicate = check.predicate as (args: unknown) => unknown;
    try {
      result = predicate(args);
    } catch (error) {
      threw = true;
      cause = error;
    }
    if (!threw && typeof result === 'boolean') {
      // A forbidden state is reached when its check returns true.
      const held = check.kind === 'forbidden' ? !result : result;
      if (held) {
        if (emitter.recordHeld) emitter.emit(check.heldEvent);
        continue;
      }
      emitter.emit(check.violatedEvent);
      if (check.mode === 'enforce' && failure === undefined) failure = failureOf(operationId, check, false, undefined);
      continue;
    }
    if (!threw) cause = new TypeError(`returned ${describeValue(result)}, expected a boolean (predicates are synchronous)`);
    emitter.emit(predicateErrorEvent(operationId, check, cause));
    if (check.mode === 'enforce' && failure === undefined) failure = failureOf(operationId, check, true, cause);
  }
  return failure;
}

/** None of the checks could be evaluated (e.g. the state snapshot failed): each is a predicate error. */
export function failChecks(
  operationId: string,
  checks: readonly CompiledCheck[],
  cause: unknown,
  emitter: CheckEmitter,
): CheckViolationError | undefined {
  let failure: CheckViolationError | undefined;
  for (const check of checks) {
    emitter.emit(predicateErrorEvent(operationId, check, cause));
    if (check.mode === 'enforce' && failure === undefined) failure = failureOf(operationId, check, true, cause);
  }
  return failure;
}

/** The frozen event of a check's outcome, shared by every execution (events are read-only for sinks). */
export function checkEvent(
  operationId: string,
  check: Pick<CompiledCheck, 'id' | 'kind' | 'mode' | 'severity'>,
  outcome: 'held' | 'violated',
): CheckEvent {
  const event: CheckEvent = { operationId, checkId: check.id, kind: check.kind, outcome, mode: check.mode };
  if (check.severity !== undefined) event.severity = check.severity;
  return Object.freeze(event);
}

function predicateErrorEvent(operationId: string, check: CompiledCheck, cause: unknown): CheckEvent {
  const event: CheckEvent = {
    operationId,
    checkId: check.id,
    kind: 'predicate-error',
    outcome: 'violated',
    mode: check.mode,
    checkKind: check.kind,
    message: describeCause(cause).slice(0, 500),
  };
  if (check.severity !== undefined) event.severity = check.severity;
  return event;
}

function failureOf(operationId: string, check: CompiledCheck, predicateError: boolean, cause: unknown): CheckViolationError {
  return violationError(check.kind, {
    operationId,
    checkId: check.id,
    severity: check.severity,
    explanation: check.explanation,
    reason: predicateError ? 'predicate-error' : 'violated',
    ...(predicateError ? { cause } : {}),
  });
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') return 'a promise';
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'string') return `the string '${value.slice(0, 40)}'`;
  // What is left (TypeScript says only `{}`) is a number, boolean, bigint, symbol or function: none prints as [object Object].
  const rest = value as number | boolean | bigint | symbol | ((...args: never[]) => unknown);
  return `${typeof value} ${String(rest)}`;
}
