import path from 'node:path';

/** Where the data gates connect, parsed from `sqlite:<file>` or `postgres://...`. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string; display: string }
  | { dialect: 'postgres'; url: string; schema: string; display: string; password: string | undefined };

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/**
 * Parses a database URL. `env:NAME` reads the URL from the environment (so a
 * password need not sit in the config file). A relative SQLite path is
 * relative to the project root. `display` is the URL with its password masked:
 * it is the only form that may reach messages and evidence.
 */
export function parseDatabaseUrl(raw: string, options: { root: string; schema?: string; env?: NodeJS.ProcessEnv }): DatabaseTarget {
  let value = raw.trim();
  const envName = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value)?.[1];
  if (envName) {
    const fromEnv = (options.env ?? process.env)[envName];
    if (!fromEnv) throw new DatabaseUrlError(`the environment variable ${envName} (named by env:${envName}) is not set`);
    value = fromEnv.trim();
  }
  if (value.startsWith('sqlite:')) {
    const rest = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest === '' || rest === ':memory:') throw new DatabaseUrlError("a sqlite: URL needs a file path, e.g. 'sqlite:data/app.sqlite'");
    const file = path.resolve(options.root, rest);
    return { dialect: 'sqlite', file, display: `sqlite:${rest}` };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new DatabaseUrlError('the postgres URL cannot be parsed (expected postgres://user:password@host:port/database)');
    }
    const schema = url.searchParams.get('schema') ?? options.schema ?? 'public';
    url.searchParams.delete('schema');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new DatabaseUrlError(`unsafe schema name ${JSON.stringify(schema)}`);
    const password = url.password ? decodeURIComponent(url.password) : undefined;
    const shown = new URL(url.toString());
    if (shown.password) shown.password = '***';
    return { dialect: 'postgres', url: url.toString(), schema, display: shown.toString(), password };
  }
  throw new DatabaseUrlError(`unsupported database URL '${redactUrl(value)}': use 'sqlite:<file>' or 'postgres://user@host:port/database'`);
}

/** A URL-looking string with any password masked. */
export function redactUrl(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)(@)/gi, '$1***$3');
}

/** Removes a known secret and any URL password from a message before it is shown or recorded. */
export function redactSecrets(message: string, secret: string | undefined): string {
  let text = redactUrl(message);
  if (secret) {
    text = text.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) text = text.split(encoded).join('***');
  }
  return text;
}
