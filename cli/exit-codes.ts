/** Exit codes shared by every command: 0 pass, 1 violations, 2 usage or config error. */
export const EXIT_PASS = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

/** A problem with how the command was called; printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
