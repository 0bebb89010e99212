/**
 * Where the spine runs an operation so it commits or rolls back as a whole:
 * the work commits when it returns and rolls back when it throws.
 */
export interface SynchronousUnitOfWork {
  readonly name: string;
  /** The work must be synchronous (e.g. better-sqlite3): a returned promise is rolled back with a SynchronousUnitOfWorkError. */
  readonly synchronous: true;
  run<T>(work: () => T): T;
}

export interface AsynchronousUnitOfWork {
  readonly name: string;
  readonly synchronous: false;
  run<T>(work: () => T | PromiseLike<T>): Promise<T>;
}

export type UnitOfWork = SynchronousUnitOfWork | AsynchronousUnitOfWork;
