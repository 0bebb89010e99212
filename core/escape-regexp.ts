/**
 * `text` as a regular expression that matches it literally. Node's own
 * RegExp.escape comes with Node 24; the supported floor is older.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
