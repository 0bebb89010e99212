import { z } from 'zod';

/*
 * Each gate's settings schema lives in config/gate-settings/<gate id>.ts: the gate
 * imports it to type and parse its settings, and config/schema.ts composes `gates`
 * from them. It lives under config/, not gates/<id>/, because config/ may not
 * import gates/ (data flows config -> gates), and the config schema must hold it.
 */

export const globList = z.array(z.string().min(1, 'a glob must not be empty'));

export const timeoutMs = z
  .number()
  .int()
  .positive()
  .max(24 * 60 * 60 * 1000);

export const GateSettingsSchema = z
  .object({
    timeoutMs: timeoutMs.optional().describe("This gate's timeout in milliseconds; overrides gates.timeoutMs."),
  })
  .strict();

export const commandLine = z
  .array(z.string().min(1, 'an argument must not be empty'))
  .min(1, 'a command needs at least the program to run');

export const rate = z.number().min(0, 'a rate is a fraction in [0, 1]').max(1, 'a rate is a fraction in [0, 1]');

export const driftSeverity = z.enum(['error', 'warning']);

/** A gate's settings as the config composes them: the schema, and what `gates.<id>` does (the editor shows it). */
export interface GateSettingsEntry<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  description: string;
}

/** The settings every gate has (a gate without its own: incidents, docs). */
export type GateSettingsConfig = z.output<typeof GateSettingsSchema>;
