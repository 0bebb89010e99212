/** Base of every error the runtime throws on purpose; `code` is stable for callers to branch on. */
export abstract class PlumblineRuntimeError extends Error {
  abstract readonly code: string;
}

export class UnknownOperationError extends PlumblineRuntimeError {
  readonly code = 'UNKNOWN_OPERATION';
  constructor(
    readonly operationId: string,
    known: readonly string[],
  ) {
    super(`unknown operation '${operationId}' (registered: ${known.length > 0 ? known.join(', ') : 'none'})`);
    this.name = 'UnknownOperationError';
  }
}

export class DuplicateOperationError extends PlumblineRuntimeError {
  readonly code = 'DUPLICATE_OPERATION';
  constructor(
    readonly operationId: string,
    readonly owners: readonly [string, string],
  ) {
    super(`operation '${operationId}' is registered twice (owners '${owners[0]}' and '${owners[1]}'): an operation has one owner`);
    this.name = 'DuplicateOperationError';
  }
}

/** One problem found by a zod schema, with a dotted path (`''` for the root). */
export interface ContractIssue {
  readonly path: string;
  readonly message: string;
}

/** Input or output that fails the operation's schema; `issues` lists each problem with its path. */
export class OperationContractError extends PlumblineRuntimeError {
  readonly code = 'OPERATION_CONTRACT';
  constructor(
    readonly operationId: string,
    readonly side: 'input' | 'output',
    readonly issues: readonly ContractIssue[],
  ) {
    super(`operation '${operationId}' ${side} is invalid: ${formatIssues(issues)}`);
    this.name = 'OperationContractError';
  }
}

/** A `defineOperation` declaration that does not match the declaration schema. */
export class OperationDeclarationError extends PlumblineRuntimeError {
  readonly code = 'OPERATION_DECLARATION';
  constructor(
    readonly operationId: string | undefined,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`operation ${operationId === undefined ? '(no id)' : `'${operationId}'`} is declared wrongly: ${formatIssues(issues)}`);
    this.name = 'OperationDeclarationError';
  }
}

/** Options of a registry, shadow, canary, sink, store or unit of work that cannot work as given. */
export class RuntimeConfigurationError extends PlumblineRuntimeError {
  readonly code = 'RUNTIME_CONFIGURATION';
  constructor(
    readonly subject: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super(`${subject}: ${formatIssues(issues)}`);
    this.name = 'RuntimeConfigurationError';
  }
}

/**
 * Work that returned a promise inside a synchronous unit of work (better-sqlite3):
 * the transaction would commit before the work finished, so it is rolled back instead.
 */
export class SynchronousUnitOfWorkError extends PlumblineRuntimeError {
  readonly code = 'SYNCHRONOUS_UNIT_OF_WORK';
  constructor(
    readonly operationId: string | undefined,
    readonly unitOfWork: string,
    what: string,
  ) {
    super(
      `${operationId === undefined ? '' : `operation '${operationId}': `}${what} returned a promise inside the synchronous unit of work '${unitOfWork}'; ` +
        'its transaction would commit before the work finished, so it was rolled back. Make it synchronous, or use an asynchronous unit of work',
    );
    this.name = 'SynchronousUnitOfWorkError';
  }
}

/** A unit of work failed and so did its rollback: the connection's state is unknown, do not reuse it. */
export class RollbackFailedError extends PlumblineRuntimeError {
  readonly code = 'ROLLBACK_FAILED';
  constructor(
    readonly unitOfWork: string,
    readonly error: unknown,
    readonly rollbackError: unknown,
  ) {
    super(`${unitOfWork}: rolling back after '${describe(error)}' failed too: ${describe(rollbackError)}`, { cause: error });
    this.name = 'RollbackFailedError';
  }
}

/** An optional peer dependency (e.g. `@opentelemetry/api`) that is not installed. */
export class OptionalDependencyMissingError extends PlumblineRuntimeError {
  readonly code = 'OPTIONAL_DEPENDENCY_MISSING';
  constructor(
    readonly packageName: string,
    readonly feature: string,
    cause: unknown,
  ) {
    super(`${feature} needs the optional package '${packageName}', which cannot be imported: install it (npm install ${packageName})`, {
      cause,
    });
    this.name = 'OptionalDependencyMissingError';
  }
}

/** A canary store that cannot be read, written or locked. */
export class CanaryStoreError extends PlumblineRuntimeError {
  readonly code = 'CANARY_STORE';
  constructor(
    readonly location: string,
    message: string,
    cause?: unknown,
  ) {
    super(`canary store ${location}: ${message}`, cause === undefined ? undefined : { cause });
    this.name = 'CanaryStoreError';
  }
}

export function formatIssues(issues: readonly ContractIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
