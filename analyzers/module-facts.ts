import { z } from 'zod';

/**
 * How one file names what other files export, as facts every analyzer shares:
 * the bindings it imports and the names it re-exports. Read from syntax alone;
 * which file a specifier names is settled later, across files.
 */

/** A module specifier and the chain of names read from it: `rt.defineOperation` with `import * as rt` is `[defineOperation]`. */
export const BindingSchema = z.object({ specifier: z.string(), path: z.array(z.string()) }).strict();

/** `export { a as b } from 's'` is `{ exported: 'b', specifier: 's', path: ['a'] }`; a namespace has path `[]`. */
export const ReExportSchema = z.object({ exported: z.string(), specifier: z.string(), path: z.array(z.string()) }).strict();

export type Binding = z.infer<typeof BindingSchema>;
export type ReExport = z.infer<typeof ReExportSchema>;

const position = { line: z.number().int().positive(), column: z.number().int().positive() };

/** A call of a function the file defines (`local`), or of an imported binding. */
export const CallRefSchema = z
  .object({
    target: z.union([z.object({ local: z.string() }).strict(), z.object({ binding: BindingSchema }).strict()]),
    call: z.string(),
    ...position,
  })
  .strict();

export type CallRef = z.infer<typeof CallRefSchema>;

/** The pseudo-function that holds a file's top-level code. */
export const MODULE_CODE = '<module>';
