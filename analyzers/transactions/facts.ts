import { z } from 'zod';
import { CallRefSchema, ReExportSchema, type CallRef } from '../module-facts.js';

export { MODULE_CODE } from '../module-facts.js';
export type { CallRef };

/**
 * What one file tells about transactions, read from its syntax alone: the
 * functions it defines, the transaction calls each makes and the functions each
 * calls. Which file a callee lives in is settled later, across files.
 */

const position = { line: z.number().int().positive(), column: z.number().int().positive() };

export const TransactionSiteSchema = z
  .object({
    kind: z.enum(['begin', 'commit', 'rollback']),
    /** Short source text of the call, e.g. `db.transaction(...)` or `client.query('COMMIT')`. */
    call: z.string(),
    /** The call hands one of its function's parameters to the transaction (`inTransaction(work)` runs the caller's work). */
    wrapsCallerWork: z.boolean(),
    ...position,
  })
  .strict();

export const FunctionFactsSchema = z
  .object({
    /** `save`, `repository.save` (a method of a top-level object), `Repository.save` (a class member), `<module>` (top-level code). */
    name: z.string(),
    sites: z.array(TransactionSiteSchema),
    calls: z.array(CallRefSchema),
    ...position,
  })
  .strict();

export const TransactionFactsSchema = z
  .object({
    functions: z.array(FunctionFactsSchema),
    /**
     * Local functions (and objects of functions) exported under a name:
     * `export { save as store }` is `{ exported: 'store', local: 'save' }`.
     */
    exports: z.array(z.object({ exported: z.string(), local: z.string() }).strict()),
    reExports: z.array(ReExportSchema),
    starExports: z.array(z.string()),
  })
  .strict();

export type TransactionSite = z.infer<typeof TransactionSiteSchema>;
export type FunctionFacts = z.infer<typeof FunctionFactsSchema>;
export type TransactionFacts = z.infer<typeof TransactionFactsSchema>;

/** Bump when extraction changes what it records or how (its parser): caches written by older versions then miss. */
export const TRANSACTIONS_ANALYZER_VERSION = 2;
