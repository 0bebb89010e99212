/**
 * Every table and column name that reaches SQL passes through here: checked
 * against a strict pattern first (an injection attempt is rejected, not escaped),
 * then double-quoted. Values never do: they travel as parameters.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class UnsafeIdentifierError extends Error {
  override name = 'UnsafeIdentifierError';
  constructor(readonly identifier: string) {
    super(`unsafe SQL identifier ${JSON.stringify(identifier)}: only letters, digits and _ are accepted`);
  }
}

export function isSafeIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && name.length <= 63;
}

/** `"name"`, after checking the name. */
export function quoteIdentifier(name: string): string {
  if (!isSafeIdentifier(name)) throw new UnsafeIdentifierError(name);
  return `"${name}"`;
}
