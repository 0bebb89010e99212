import { GateSettingsSchema, type GateSettingsEntry } from './common.js';

/** Only the timeout every gate has: the records' folder is the top-level `incidents.dir`, shared with the CLI. */
export const incidentsSettings: GateSettingsEntry<typeof GateSettingsSchema> = {
  schema: GateSettingsSchema,
  description:
    'The incidents gate: every incident record names existing invariants, tests and an owner domain (records live in incidents.dir).',
};
