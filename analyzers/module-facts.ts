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
