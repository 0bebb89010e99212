import path from 'node:path';
import type { z } from 'zod';

export interface ConfigProblem {
  /** Dotted path of the field, e.g. `layers.api.mayImport[1]`; empty for the whole file. */
  path: string;
  message: string;
}

/** A config that cannot be used. The CLI prints every problem and exits with code 2. */
export class ConfigError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly problems: ConfigProblem[],
  ) {
    super(formatProblems(file, problems));
    this.name = 'ConfigError';
  }
}

/** Relative to the current folder when the file lies below it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function formatProblems(file: string | undefined, problems: ConfigProblem[]): string {
  const head = file ? `Invalid Plumbline config ${displayPath(file)}:` : 'Invalid Plumbline config:';
  return [head, ...problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`)].join('\n');
}

/** Issue codes that say a value has another form altogether (not a bad field inside the right form). */
const WRONG_FORM = new Set(['invalid_type', 'invalid_value']);

/** Turns zod issues into one problem per bad field, unknown keys named one by one. */
export function problemsFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...path, key]), message: 'unknown field' });
      }
    } else if (issue.code === 'invalid_union') {
      // One form of the right type (the object of `layer | false`): its own problems say more than "none matched".
      const sameType = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && WRONG_FORM.has(inner.code)));
      if (sameType.length === 1) problems.push(...problemsFromZod({ issues: sameType[0] } as z.ZodError, path));
      else problems.push({ path: formatPath(path), message: unionMessage(issue) });
    } else {
      problems.push({ path: formatPath(path), message: issue.message });
    }
  }
  return dedupe(problems);
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  const branches = issue.errors.map((branch) => branch.map((inner) => `${formatPath(inner.path) || 'value'}: ${inner.message}`).join(', '));
  return `matches none of the allowed forms (${branches.join(' | ')})`;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first line of an error's message: what a one-line report shows. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** A valid config's warnings (fields left off without saying so), one line each, for the CLI's stderr. */
export function formatConfigWarnings(file: string | undefined, warnings: readonly ConfigProblem[]): string[] {
  const where = file ? displayPath(file) : 'Plumbline config';
  return warnings.map((warning) => `${where}: warning: ${warning.path} ${warning.message}`);
}
