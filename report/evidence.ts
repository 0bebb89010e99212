import type { Evidence, GateReport } from '../core/contracts.js';
import { PACKAGE_VERSION } from '../core/package-info.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { PackResult } from '../gates/runner/run-pack.js';

/**
 * The evidence document of one pack run. No wall-clock values unless
 * `timings` is asked for, so two runs on the same tree give the same bytes.
 */
export function buildEvidence(config: ResolvedConfig, pack: PackResult, options: { timings?: boolean } = {}): Evidence {
  const gates: GateReport[] = pack.gates.map(({ durationMs: _duration, ...gate }) => gate);
  const all = pack.gates.flatMap((gate) => gate.findings);
  const evidence: Evidence = {
    schemaVersion: 1,
    tool: { name: 'plumbline', version: PACKAGE_VERSION },
    configHash: config.hash,
    mode: pack.mode,
    passed: pack.passed,
    exitCode: pack.exitCode,
    ...(pack.problem ? { problem: pack.problem } : {}),
    gates,
    skipped: pack.skipped,
    deferred: pack.deferred,
    totals: {
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
      notes: all.filter((f) => f.severity === 'note').length,
    },
  };
  if (options.timings) {
    evidence.timings = Object.fromEntries(pack.gates.map((gate) => [gate.id, Math.round(gate.durationMs)]));
  }
  return evidence;
}
