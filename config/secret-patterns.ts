/**
 * Secret patterns: what evidence must never hold. A pattern is a regular
 * expression as a string; a leading `(?i)` makes it case-insensitive (the
 * inline flag Node 20's RegExp lacks). When the pattern has a named group
 * `secret`, only that group is masked (so `password=***` keeps its key and the
 * report stays readable); otherwise the whole match is.
 */

export const REDACTED_TEXT = '***';

/** Always applied; `redact` in the config adds to them, never replaces them. */
export const BUILTIN_SECRET_PATTERNS: readonly string[] = [
  // key=value and key: value pairs, in URLs' query strings, env dumps, JSON-ish text.
  '(?i)\\b(?:password|passwd|pwd|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|api[_-]?key|access[_-]?key)\\b["\']?\\s*[=:]\\s*["\']?(?<secret>[^\\s"\',;&]+)',
  // The password in a URL's userinfo: scheme://user:password@host.
  '(?i)\\b[a-z][a-z0-9+.-]*://[^:/@\\s]*:(?<secret>[^@\\s/]+)@',
  // Authorization headers.
  '(?i)\\bbearer\\s+(?<secret>[A-Za-z0-9._~+/-]{8,}=*)',
];

/** Compiles one pattern, or returns why it does not compile. */
export function compileSecretPattern(source: string): RegExp | string {
  const insensitive = source.startsWith('(?i)');
  const body = insensitive ? source.slice(4) : source;
  if (body === '') return 'a secret pattern must not be empty';
  let regex: RegExp;
  try {
    regex = new RegExp(body, insensitive ? 'gi' : 'g');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  if (regex.test('')) return 'a secret pattern must not match the empty string';
  return regex;
}

export type Redactor = (text: string) => string;

/**
 * A function masking every built-in and extra secret pattern in a text. Throws on a pattern that does not compile (the
 * config schema refuses those first).
 */
export function createRedactor(extraPatterns: readonly string[] = []): Redactor {
  const regexes = [...BUILTIN_SECRET_PATTERNS, ...extraPatterns].map((source) => {
    const compiled = compileSecretPattern(source);
    if (typeof compiled === 'string') throw new Error(`secret pattern ${JSON.stringify(source)}: ${compiled}`);
    return compiled;
  });
  return (text) => {
    let out = text;
    for (const regex of regexes) {
      regex.lastIndex = 0;
      out = out.replace(regex, (...args: unknown[]) => {
        const match = args[0] as string;
        const last = args[args.length - 1];
        const groups = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
        const secret = groups?.secret;
        if (secret === undefined || secret === '') return REDACTED_TEXT;
        const at = match.lastIndexOf(secret);
        return `${match.slice(0, at)}${REDACTED_TEXT}${match.slice(at + secret.length)}`;
      });
    }
    return out;
  };
}
