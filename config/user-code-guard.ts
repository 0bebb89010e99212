import { firstLine } from './errors.js';

/** User code (a config, a drill file, a data contract) ended, threw or hung instead of returning. */
export class UserCodeError extends Error {
  override name = 'UserCodeError';
}

/**
 * Runs work that executes the project's own code so that whatever that code does, Plumbline
 * still reaches a verdict: `process.exit()` is intercepted (it throws instead of ending the
 * run with the old evidence in place), an exception thrown or a promise rejected
 * asynchronously while it runs is caught, and with `timeoutMs` a load that never finishes
 * is bounded. Each becomes a UserCodeError of the caller.
 */
export async function guardUserCode<T>(work: () => Promise<T> | T, options: { what: string; timeoutMs?: number }): Promise<T> {
  let fail: (error: UserCodeError) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Kept to be put back as it was, never called detached.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const exit = process.exit;
  process.exit = (code?: number | string | null) => {
    const error = new UserCodeError(`${options.what} called process.exit(${code ?? ''})`);
    fail(error);
    // Throwing stops the caller's synchronous flow; the verdict is already the rejection above.
    throw error;
  };
  const onException = (error: unknown) => {
    fail(new UserCodeError(`${options.what} threw asynchronously: ${firstLine(error)}`));
  };
  const onRejection = (reason: unknown) => {
    fail(new UserCodeError(`${options.what} left a promise rejected: ${firstLine(reason)}`));
  };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  // A ref'd timer also keeps Node alive: a never-settling load would otherwise end the process silently.
  const timer = options.timeoutMs
    ? setTimeout(() => {
        fail(new UserCodeError(`${options.what} did not finish within ${options.timeoutMs} ms`));
      }, options.timeoutMs)
    : undefined;
  try {
    return await Promise.race([Promise.resolve().then(work), failed]);
  } finally {
    clearTimeout(timer);
    process.exit = exit;
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  }
}
