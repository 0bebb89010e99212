import { z } from 'zod';
import { BindingSchema, ReExportSchema } from '../module-facts.js';

export type { Binding, ReExport } from '../module-facts.js';

/**
 * What one file tells about operations, read from its syntax alone (no type
 * checker, no other file): the declaration calls it makes through an imported
 * binding, the bindings it re-exports, and the operation ids it executes.
 * Whether a binding really is `defineOperation` is decided later, across files.
 */

const position = { line: z.number().int().positive(), column: z.number().int().positive() };

/** Source text of an expression the analysis cannot evaluate, shortened for messages. */
const Expression = z.object({ expression: z.string() }).strict();

export const StringValueSchema = z.union([z.object({ literal: z.string() }).strict(), Expression]);
export const BooleanValueSchema = z.union([z.object({ literal: z.boolean() }).strict(), Expression]);
/** Elements of an array literal; an absent entry counts 0. */
export const EntryCountSchema = z.union([z.number().int().nonnegative(), Expression]);

/** A declared check (invariant or spec entry): its id, where the entry starts. */
export const InvariantFactsSchema = z.object({ id: StringValueSchema.nullable(), ...position }).strict();

export const SpecFactsSchema = z.union([
  z
    .object({
      pre: EntryCountSchema,
      post: EntryCountSchema,
      forbidden: EntryCountSchema,
      /** The forbidden states' ids and positions; empty when `forbidden` is not an array literal. */
      forbiddenStates: z.array(InvariantFactsSchema),
    })
    .strict(),
  Expression,
]);

export const DeclarationFactsSchema = z
  .object({
    /** null: the property is absent. */
    id: StringValueSchema.nullable(),
    owner: StringValueSchema.nullable(),
    critical: BooleanValueSchema.nullable(),
    spec: SpecFactsSchema.nullable(),
    invariants: z.union([z.array(InvariantFactsSchema), Expression]).nullable(),
  })
  .strict();

export const DeclarationCallSchema = z
  .object({
    callee: BindingSchema,
    ...position,
    /** An expression when the argument is not an object literal the analysis can read. */
    declaration: z.union([DeclarationFactsSchema, Expression]),
  })
  .strict();

export const CallSiteSchema = z.object({ method: z.string(), id: z.string(), ...position }).strict();

export const OperationFactsSchema = z
  .object({
    declarations: z.array(DeclarationCallSchema),
    reExports: z.array(ReExportSchema),
    /** Specifiers of `export * from '...'`. */
    starExports: z.array(z.string()),
    callSites: z.array(CallSiteSchema),
  })
  .strict();

export type StringValue = z.infer<typeof StringValueSchema>;
export type BooleanValue = z.infer<typeof BooleanValueSchema>;
export type EntryCount = z.infer<typeof EntryCountSchema>;
export type SpecFacts = z.infer<typeof SpecFactsSchema>;
export type InvariantFacts = z.infer<typeof InvariantFactsSchema>;
export type DeclarationFacts = z.infer<typeof DeclarationFactsSchema>;
export type DeclarationCall = z.infer<typeof DeclarationCallSchema>;
export type CallSite = z.infer<typeof CallSiteSchema>;
export type OperationFacts = z.infer<typeof OperationFactsSchema>;

/** Bump when extraction changes what it records or how (its parser): caches written by older versions then miss. */
export const OPERATIONS_ANALYZER_VERSION = 3;

/** The exported name of the declaring function in the runtime module. */
export const DEFINE_OPERATION = 'defineOperation';

/** Operation ids as the runtime accepts them (`<domain>.<name>`); other strings passed to `execute` are not ids (SQL, URLs). */
export const OPERATION_ID_PATTERN = /^[a-z][\w-]*(\.[a-z][\w-]*)+$/i;
