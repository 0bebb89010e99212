/** Base of every error injectFaults throws: `injected` tells a drill's report it came from the schedule. */
export abstract class InjectedFaultError extends Error {
  abstract readonly code: string;
  readonly injected = true;
}

/** The connection to the backend dropped (ECONNRESET and the like). */
export class ConnectionLostError extends InjectedFaultError {
  override readonly name = 'ConnectionLostError';
  readonly code = 'connection-lost';
  constructor(readonly method: string) {
    super(`injected fault: connection lost during ${method}()`);
  }
}

/** The backend refused a write: a unique, foreign-key or check constraint. */
export class ConstraintViolationError extends InjectedFaultError {
  override readonly name = 'ConstraintViolationError';
  readonly code = 'constraint-violation';
  constructor(
    readonly method: string,
    readonly constraint: string,
  ) {
    super(`injected fault: constraint '${constraint}' violated in ${method}()`);
  }
}

/** The backend did not answer in time (a statement or request timeout). */
export class DriverTimeoutError extends InjectedFaultError {
  override readonly name = 'DriverTimeoutError';
  readonly code = 'timeout';
  constructor(
    readonly method: string,
    readonly afterMs: number,
  ) {
    super(`injected fault: ${method}() timed out after ${afterMs} ms`);
  }
}
