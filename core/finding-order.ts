/** Code-unit order, independent of locale, so outputs are byte-identical on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on findings (file, position, rule, message) so every report lists them alike. */
export function compareFindings(
  a: { file: string; line: number; column: number; ruleId: string; message: string },
  b: { file: string; line: number; column: number; ruleId: string; message: string },
): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}
