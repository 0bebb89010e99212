import type { z } from 'zod';
import { RuntimeConfigurationError, type ContractIssue } from './errors.js';

/** zod issues as `{ path, message }` with dotted paths, the shape every runtime error reports. */
export function toContractIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses options with a schema, or throws a RuntimeConfigurationError naming each problem. */
export function parseOptions<S extends z.ZodType>(subject: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RuntimeConfigurationError(subject, toContractIssues(parsed.error));
  return parsed.data;
}
