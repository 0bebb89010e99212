import { z } from 'zod';
import { GateSettingsSchema, driftSeverity, globList, type GateSettingsEntry } from './common.js';

export const SchemaDriftGateSchema = GateSettingsSchema.extend({
  models: z
    .array(
      z
        .object({
          kind: z
            .enum(['contract', 'drizzle', 'kysely'])
            .describe(
              'Where the expected schema comes from: the data contracts, Drizzle pgTable/sqliteTable definitions, or a Kysely database interface.',
            ),
          files: globList
            .optional()
            .describe('Source files of the Drizzle tables or the Kysely interface, relative to the root (drizzle, kysely).'),
          interface: z
            .string()
            .regex(/^[A-Za-z_$][\w$]*$/, 'an interface name is a TypeScript identifier')
            .optional()
            .describe("Name of the Kysely database interface (kysely). Default: 'Database'."),
        })
        .strict()
        .superRefine((model, ctx) => {
          if (model.kind !== 'contract' && (!model.files || model.files.length === 0)) {
            ctx.addIssue({ code: 'custom', path: ['files'], message: `a ${model.kind} model needs the files that define it` });
          }
        }),
    )
    .min(1, 'name at least one model source')
    .default([{ kind: 'contract' }])
    .describe("The model sources compared with the database. Default: [{ kind: 'contract' }]."),
  ignoreTables: z
    .array(z.string().min(1))
    .default([])
    .describe('Tables of the database that no model needs to declare, e.g. a migrations table. Default: none.'),
  extraTables: driftSeverity.default('warning').describe('Severity of a database table that no model declares. Default: warning.'),
  strict: z.boolean().default(false).describe('Every difference is an error (default: only differences that break code are).'),
}).strict();

export type SchemaDriftGateConfig = z.output<typeof SchemaDriftGateSchema>;

export const schemaDriftSettings: GateSettingsEntry<typeof SchemaDriftGateSchema> = {
  schema: SchemaDriftGateSchema,
  description: 'The schema-drift gate: the database schema against the data contracts, Drizzle tables or a Kysely interface.',
};
