import { z } from 'zod';
import { OPERATION_ID_MESSAGE, OPERATION_ID_PATTERN } from '../operation-id.js';

/**
 * The replay contract: one captured decision, as the recorder writes it and the
 * replay gate reads it. JSON only (a case is a line of a JSON Lines file), so it
 * survives the trip between processes and machines unchanged.
 */

/** The situation the decision was taken in: who asked, when, with which feature flags. */
export const ReplayContextSchema = z
  .strictObject({
    tenant: z.string().min(1).optional().describe('The tenant (or account) the decision was taken for.'),
    time: z.iso.datetime({ offset: true }).optional().describe('The time the decision saw as "now", ISO-8601.'),
    flags: z
      .record(z.string(), z.union([z.boolean(), z.string(), z.number()]))
      .optional()
      .describe('Feature flags in force, by name.'),
  })
  .describe('Handed to the decision function (or the registry) as its context.');
export type ReplayContext = z.infer<typeof ReplayContextSchema>;

/** How a recorded call ended when it threw: enough to compare, never a stack. */
export const RecordedErrorSchema = z.strictObject({
  name: z.string().describe('The error class name, e.g. "RangeError".'),
  message: z.string().describe('The error message.'),
});
export type RecordedError = z.infer<typeof RecordedErrorSchema>;

export const CaptureMetadataSchema = z
  .strictObject({
    capturedAt: z.iso.datetime({ offset: true }).optional().describe('When the case was captured (only with an injected clock).'),
    source: z.string().min(1).optional().describe('Where it was captured, e.g. a service name and version.'),
    sampleRate: z.number().gt(0).max(1).optional().describe('The share of calls the recorder kept when it captured this one.'),
    redacted: z.array(z.string()).optional().describe('Redaction patterns applied before the case was written.'),
  })
  .describe('Provenance of the case; never compared.');
export type CaptureMetadata = z.infer<typeof CaptureMetadataSchema>;

export const ReplayCaseSchema = z
  .strictObject({
    id: z.string().min(1).optional().describe('Stable case id; reports use it, or file:line when absent.'),
    operation: z
      .string()
      .regex(OPERATION_ID_PATTERN, OPERATION_ID_MESSAGE)
      .describe("The operation (or decision function) id, e.g. 'policies.evaluate'."),
    input: z.json().describe('The input the decision was called with.'),
    context: ReplayContextSchema.optional(),
    output: z.json().optional().describe('The output recorded in production (informational: replay compares two refs).'),
    error: RecordedErrorSchema.optional().describe('What the recorded call threw, instead of an output.'),
    capture: CaptureMetadataSchema.optional(),
  })
  .refine((value) => value.output === undefined || value.error === undefined, {
    error: 'a case records an output or an error, not both',
    path: ['error'],
  })
  .describe('One captured decision: operation id, input, optional context, optional recorded outcome, capture metadata.');
export type ReplayCase = z.infer<typeof ReplayCaseSchema>;

/** Where the recorder writes cases. `record` runs on the operation's path: keep it cheap. */
export interface ReplayCaseSink {
  record(replayCase: ReplayCase): void;
}

/** The replay contract as JSON Schema (draft 2020-12), for producers in other languages. */
export function replayContractJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReplayCaseSchema, { io: 'input', target: 'draft-2020-12' });
}
