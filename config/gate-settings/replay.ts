import { z } from 'zod';
import { GateSettingsSchema, type GateSettingsEntry } from './common.js';

export const ReplayGateSchema = GateSettingsSchema.extend({
  input: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Replay cases (a .jsonl/.json file or a folder of them), relative to the project root. Required for the gate.'),
  baselineRef: z.string().min(1).optional().describe('Git ref of the baseline. Default: the merge base of HEAD with mainBranch.'),
  mainBranch: z.string().min(1).default('main').describe("The main branch, for the default baseline. Default: 'main'."),
  allowInvalid: z.boolean().default(false).describe('Skip (and report) malformed cases instead of failing. Default: false.'),
}).strict();

export type ReplayGateConfig = z.output<typeof ReplayGateSchema>;

export const replaySettings: GateSettingsEntry<typeof ReplayGateSchema> = {
  schema: ReplayGateSchema,
  description: 'The replay gate: the baseline ref against the working tree, on recorded cases.',
};
