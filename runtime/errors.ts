/** Base of every error the runtime throws on purpose; `code` is stable for callers to branch on. */
export abstract class PlumblineRuntimeError extends Error {
  abstract readonly code: string;
}

export class UnknownOperationError extends PlumblineRuntimeError {
  readonly code = 'UNKNOWN_OPERATION';
  constructor(readonly operationId: string, known: readonly string[]) {
    super(`unknown operation '${operationId}' (registered: ${known.length > 0 ? known.join(', ') : 'none'})`);
    this.name = 'UnknownOperationError';
  }
}

export class DuplicateOperationError extends PlumblineRuntimeError {
  readonly code = 'DUPLICATE_OPERATION';
  constructor(readonly operationId: string, readonly owners: readonly [string, string]) {
    super(`operation '${operationId}' is registered twice (owners '${owners[0]}' and '${owners[1]}'): an operation has one owner`);
    this.name = 'DuplicateOperationError';
  }
}

/** Input or output that fails the operation's schema; `issues` lists each problem with its path. */
export class OperationContractError extends PlumblineRuntimeError {
  readonly code = 'OPERATION_CONTRACT';
  constructor(
    readonly operationId: string,
    readonly side: 'input' | 'output',
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`operation '${operationId}' ${side} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'OperationContractError';
  }
}
