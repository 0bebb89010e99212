import path from 'node:path';
import { z } from 'zod';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { REPO_ROOT } from './paths.js';

/** Overlays on hoc-app whose defects only the runtime-evidence gates (invariants, shadow) see. */
export const RUNTIME_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-runtime');

export const RuntimeExpectedSchema = z
  .object({
    description: z.string().min(1),
    gate: z.enum(['invariants', 'shadow']),
    findings: z
      .array(
        z
          .object({
            ruleId: z.string().regex(/^(invariants|shadow)\//),
            file: z.string(),
            line: z.number().int(),
            severity: z.enum(['error', 'warning', 'note']).default('error'),
            messageIncludes: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function listRuntimeDefects(): string[] {
  return listOverlays(RUNTIME_DEFECTS);
}

export function readRuntimeExpected(name: string) {
  return readOverlayExpected(RUNTIME_DEFECTS, name, RuntimeExpectedSchema);
}

/** A temp copy of hoc-app with the overlay's files laid over it. */
export function applyRuntimeDefect(name: string) {
  return applyOverlay(RUNTIME_DEFECTS, name);
}
