import { z } from 'zod';
import { architectureSettings } from './architecture.js';
import { timeoutMs, type GateSettingsEntry } from './common.js';
import { dataQualitySettings } from './data-quality.js';
import { docsSettings } from './docs.js';
import { drillsSettings } from './drills.js';
import { incidentsSettings } from './incidents.js';
import { invariantsSettings } from './invariants.js';
import { mutationSettings } from './mutation.js';
import { propertySettings } from './property.js';
import { replaySettings } from './replay.js';
import { schemaDriftSettings } from './schema-drift.js';
import { shadowSettings } from './shadow.js';
import { staticSettings } from './static.js';

/** Every gate's settings by gate id, in the order the editor's JSON Schema lists them. */
export const GATE_SETTINGS = {
  static: staticSettings,
  architecture: architectureSettings,
  invariants: invariantsSettings,
  shadow: shadowSettings,
  'schema-drift': schemaDriftSettings,
  'data-quality': dataQualitySettings,
  replay: replaySettings,
  property: propertySettings,
  drills: drillsSettings,
  mutation: mutationSettings,
  incidents: incidentsSettings,
  docs: docsSettings,
} as const;

type OptionalSchemas<Entries extends Record<string, GateSettingsEntry>> = {
  [Id in keyof Entries]: z.ZodOptional<Entries[Id]['schema']>;
};

function optionalEach<Entries extends Record<string, GateSettingsEntry>>(entries: Entries): OptionalSchemas<Entries> {
  const shape = Object.entries(entries).map(([id, entry]) => [id, entry.schema.optional().describe(entry.description)]);
  return Object.fromEntries(shape) as OptionalSchemas<Entries>;
}

/** `gates` of the config: the default timeout, and each gate's own settings (absent: the gate's defaults or not configured). */
export const GatesSchema = z
  .object({
    timeoutMs: timeoutMs.default(10 * 60 * 1000).describe('Default per-gate timeout.'),
    ...optionalEach(GATE_SETTINGS),
  })
  .strict();

export { GateSettingsSchema, type GateSettingsEntry } from './common.js';
export { LintEngineSchema, StaticGateSchema, type StaticGateConfig } from './static.js';
export { ArchitectureGateSchema, type ArchitectureGateConfig } from './architecture.js';
export { InvariantsGateSchema, type InvariantsGateConfig } from './invariants.js';
export { ShadowGateSchema, ShadowRolloutSchema, type ShadowGateConfig } from './shadow.js';
export { SchemaDriftGateSchema, type SchemaDriftGateConfig } from './schema-drift.js';
export { DataDriftSchema, DataQualityGateSchema, type DataDriftConfig, type DataQualityGateConfig } from './data-quality.js';
export { ReplayGateSchema, type ReplayGateConfig } from './replay.js';
export { PropertyGateSchema, type PropertyGateConfig } from './property.js';
export { DrillsGateSchema, type DrillsGateConfig } from './drills.js';
export { MutationGateSchema, type MutationGateConfig } from './mutation.js';
