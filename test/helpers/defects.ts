import { z } from 'zod';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { DEFECTS } from './paths.js';

export const ExpectedSchema = z
  .object({
    description: z.string().min(1),
    /**
     * How the overlay is checked: 'lint' (default) runs the ESLint rules alone; 'static-gate' runs the static gate
     * through the pack runner, which adds the vacuity checks (empty layers) and applies the committed baseline.
     */
    run: z.enum(['lint', 'static-gate']).default('lint'),
    findings: z
      .array(z.object({ ruleId: z.string(), file: z.string(), line: z.number().int(), messageIncludes: z.string().optional() }).strict())
      .min(1),
  })
  .strict();

export type ExpectedFindings = z.infer<typeof ExpectedSchema>;

export function listDefects(): string[] {
  return listOverlays(DEFECTS);
}

export function readExpected(name: string): ExpectedFindings {
  return readOverlayExpected(DEFECTS, name, ExpectedSchema);
}

/** A temp copy of hoc-app with the overlay's changed files laid over it. */
export function applyDefect(name: string) {
  return applyOverlay(DEFECTS, name);
}
