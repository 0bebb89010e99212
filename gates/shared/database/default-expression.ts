/**
 * Defaults compare as normalised SQL text: PostgreSQL's `'open'::text` and
 * SQLite's `'open'` are the same default, and so are `(0)` and `0`.
 */
export function normaliseDefault(sql: string | null | undefined): string | null {
  if (sql === null || sql === undefined) return null;
  let text = sql.trim();
  // Casts PostgreSQL adds: 'x'::text, 0::numeric, 'a'::character varying.
  text = text.replace(/::[a-z_ ]+(\[\])?(\([^)]*\))?/gi, '');
  while (/^\(.*\)$/s.test(text) && balanced(text.slice(1, -1))) text = text.slice(1, -1).trim();
  if (/^'.*'$/s.test(text)) return text;
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower;
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return String(Number(text));
  // Functions and keywords: case does not matter, now() is CURRENT_TIMESTAMP's PostgreSQL spelling.
  if (lower === 'now()' || lower === 'current_timestamp') return 'current_timestamp';
  return lower.replace(/\s+/g, ' ');
}

/** The contract's `default` as the same normalised SQL text. */
export function contractDefault(value: string | number | boolean | null | { sql: string }): string | null {
  if (value === null) return null;
  if (typeof value === 'object') return normaliseDefault(value.sql);
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'boolean') return String(value);
  return String(value);
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}
