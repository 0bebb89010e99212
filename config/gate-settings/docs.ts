import { GateSettingsSchema, type GateSettingsEntry } from './common.js';

/** Only the timeout every gate has: the docs folder is the top-level `docs.dir`, shared with `plumbline docs`. */
export const docsSettings: GateSettingsEntry<typeof GateSettingsSchema> = {
  schema: GateSettingsSchema,
  description: 'The docs gate: the committed assurance docs (docs.dir) equal what `plumbline docs` would generate.',
};
