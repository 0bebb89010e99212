import path from 'node:path';
import { z } from 'zod';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { REPO_ROOT } from './paths.js';

/** Overlays on hoc-app whose defects the architecture gate sees: dependency-cruiser's graph rules and the analyzers. */
export const ARCHITECTURE_DEFECTS = path.join(REPO_ROOT, 'fixtures/defects-architecture');

const FindingSchema = z
  .object({
    ruleId: z.string().regex(/^(depcruise|plumbline)\//),
    file: z.string(),
    line: z.number().int(),
    severity: z.enum(['error', 'warning', 'note']).default('error'),
    messageIncludes: z.string().optional(),
  })
  .strict();

/** fixtures/defects' expected.json format, plus a severity where a finding is not an error. */
export const ArchitectureExpectedSchema = z
  .object({
    description: z.string().min(1),
    /** Exactly what the architecture gate reports. */
    findings: z.array(FindingSchema).min(1),
    /** Exactly what the static rules report on the same tree (most overlays: nothing, which is their point). */
    static: z.array(FindingSchema).default([]),
  })
  .strict();

export type ExpectedArchitectureFinding = z.output<typeof FindingSchema>;

export function listArchitectureDefects(): string[] {
  return listOverlays(ARCHITECTURE_DEFECTS);
}

export function readArchitectureExpected(name: string) {
  return readOverlayExpected(ARCHITECTURE_DEFECTS, name, ArchitectureExpectedSchema);
}

/** A temp copy of hoc-app with the overlay's changed files laid over it. */
export function applyArchitectureDefect(name: string) {
  return applyOverlay(ARCHITECTURE_DEFECTS, name);
}
