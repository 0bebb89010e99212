import { PlumblineRuntimeError } from '../errors.js';
import type { CheckKind, Severity } from './model.js';

/** `violated`: the predicate said no; `predicate-error`: it threw or did not return a boolean (fail closed). */
export type FailureReason = 'violated' | 'predicate-error';

export interface ViolationDetails {
  readonly operationId: string;
  readonly checkId: string;
  readonly severity: Severity | undefined;
  /** The invariant's remediation, or the spec entry's description. */
  readonly explanation: string | undefined;
  readonly reason: FailureReason;
  readonly cause?: unknown;
}

/** Base of the four errors an enforce-mode check throws. */
export abstract class CheckViolationError extends PlumblineRuntimeError {
  abstract readonly kind: CheckKind;
  readonly operationId: string;
  readonly checkId: string;
  readonly severity: Severity | undefined;
  readonly reason: FailureReason;

  protected constructor(what: string, details: ViolationDetails) {
    const because =
      details.reason === 'predicate-error'
        ? ` could not be evaluated (${describeCause(details.cause)}), so it counts as violated`
        : ' was violated';
    const severity = details.severity === undefined ? '' : ` [${details.severity}]`;
    const explanation = details.explanation ? `: ${details.explanation}` : '';
    super(`operation '${details.operationId}': ${what} '${details.checkId}'${severity}${because}${explanation}`, {
      cause: details.cause,
    });
    this.operationId = details.operationId;
    this.checkId = details.checkId;
    this.severity = details.severity;
    this.reason = details.reason;
  }
}

export class InvariantViolationError extends CheckViolationError {
  readonly code = 'INVARIANT_VIOLATION';
  readonly kind = 'invariant' as const;
  readonly remediation: string;
  constructor(details: ViolationDetails) {
    super('invariant', details);
    this.name = 'InvariantViolationError';
    this.remediation = details.explanation ?? '';
  }
}

export class PreconditionError extends CheckViolationError {
  readonly code = 'PRECONDITION';
  readonly kind = 'pre' as const;
  readonly description: string | undefined;
  constructor(details: ViolationDetails) {
    super('precondition', details);
    this.name = 'PreconditionError';
    this.description = details.explanation;
  }
}

export class PostconditionError extends CheckViolationError {
  readonly code = 'POSTCONDITION';
  readonly kind = 'post' as const;
  readonly description: string | undefined;
  constructor(details: ViolationDetails) {
    super('postcondition', details);
    this.name = 'PostconditionError';
    this.description = details.explanation;
  }
}

export class ForbiddenStateError extends CheckViolationError {
  readonly code = 'FORBIDDEN_STATE';
  readonly kind = 'forbidden' as const;
  readonly description: string | undefined;
  constructor(details: ViolationDetails) {
    super('forbidden state', details);
    this.name = 'ForbiddenStateError';
    this.description = details.explanation;
  }
}

export function violationError(kind: CheckKind, details: ViolationDetails): CheckViolationError {
  switch (kind) {
    case 'invariant':
      return new InvariantViolationError(details);
    case 'pre':
      return new PreconditionError(details);
    case 'post':
      return new PostconditionError(details);
    case 'forbidden':
      return new ForbiddenStateError(details);
  }
}

export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
