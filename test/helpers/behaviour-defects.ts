import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../../core/contracts.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { Gate } from '../../gates/runner/gate-contract.js';
import { applyOverlay, listOverlays, readOverlayExpected } from './overlays.js';
import { REPO_ROOT } from './paths.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

/**
 * Seeded-defect overlays for the behaviour gates (property, drills):
 * `fixtures/defects-<gate>/<name>/` holds the changed files and expected.json.
 */
export const ExpectedBehaviourSchema = z
  .object({
    description: z.string().min(1),
    findings: z
      .array(
        z
          .object({
            ruleId: z.string(),
            file: z.string(),
            line: z.number().int(),
            severity: z.enum(['error', 'warning', 'note']).default('error'),
            messageIncludes: z.array(z.string()).default([]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function behaviourDefectsDir(gate: string): string {
  return path.join(REPO_ROOT, 'fixtures', `defects-${gate}`);
}

export function listBehaviourDefects(gate: string): string[] {
  return listOverlays(behaviourDefectsDir(gate));
}

export function readBehaviourExpected(gate: string, name: string) {
  return readOverlayExpected(behaviourDefectsDir(gate), name, ExpectedBehaviourSchema);
}

/** A temp copy of hoc-app with the overlay laid over it. */
export function applyBehaviourDefect(gate: string, name: string) {
  return applyOverlay(behaviourDefectsDir(gate), name);
}

/**
 * Lays an overlay over an existing copy of hoc-app and returns what undoes it, so
 * one copy (with its warm analyzer cache) serves every overlay of a gate in turn.
 */
export function layBehaviourDefect(gate: string, name: string, root: string): () => void {
  const overlay = path.join(behaviourDefectsDir(gate), name);
  const files = readdirSync(overlay, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !(entry.parentPath === overlay && entry.name === 'expected.json'))
    .map((entry) => path.relative(overlay, path.join(entry.parentPath, entry.name)));
  const saved = files.map((file) => {
    const target = path.join(root, file);
    return { target, text: existsSync(target) ? readFileSync(target) : undefined };
  });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    cpSync(path.join(overlay, file), path.join(root, file));
  }
  return () => {
    for (const { target, text } of saved) {
      if (text === undefined) rmSync(target);
      else writeFileSync(target, text);
    }
  };
}

/** `ruleId severity file:line`: what the exact-expectation overlay tests compare. */
export const findingKey = (finding: Pick<Finding, 'ruleId' | 'severity' | 'file' | 'line'>) =>
  `${finding.ruleId} ${finding.severity} ${finding.file}:${finding.line}`;

/**
 * Runs gates on one prepared project copy and checks overlays against it: each
 * overlay is laid, judged against its expected.json exactly, and undone, so the
 * analyzers parse the copy once and later runs read their cache.
 */
export function overlayChecker(root: string, config: ResolvedConfig) {
  const run = (gate: Gate) =>
    runGateAlone(gate, {
      config,
      signal: new AbortController().signal,
      artifactDir: path.join(root, '.plumbline/evidence', gate.id),
      progress: () => undefined,
    });
  async function expectOverlay(gate: Gate, overlays: string, name: string): Promise<void> {
    const expected = readBehaviourExpected(overlays, name);
    const undo = layBehaviourDefect(overlays, name, root);
    try {
      const outcome = await run(gate);
      expect(outcome.findings.map(findingKey).sort()).toEqual(expected.findings.map(findingKey).sort());
      for (const want of expected.findings) {
        const got = outcome.findings.find((finding) => findingKey(finding) === findingKey(want));
        for (const part of want.messageIncludes) expect(got?.message).toContain(part);
      }
    } finally {
      undo();
    }
  }
  return { run, expectOverlay };
}
