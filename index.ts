/** Programmatic API of Plumbline. Light to import: ESLint loads only when a gate runs. */
export { defineConfig } from './config/define.js';
export { loadConfig, findConfigFile } from './config/load.js';
export { resolveConfig, type ResolvedConfig, type ResolvedLayer } from './config/resolve.js';
export { ConfigError, type ConfigProblem } from './config/errors.js';
export type { UserConfig, LayerConfig, Deferral, Mode, PresetName } from './config/schema.js';
export {
  FindingSchema,
  GateResultSchema,
  EvidenceSchema,
  type Finding,
  type GateResult,
  type GateStatus,
  type Evidence,
  type Severity,
} from './core/contracts.js';
export type { AnyGate, Gate, GateContext, GateDetails } from './gates/runner/gate-contract.js';
export type { PackOptions, PackResult } from './gates/runner/run-pack.js';

/** Runs the gate pack (the built-in gates unless others are given). */
export async function runGatePack(
  options: Omit<import('./gates/runner/run-pack.js').PackOptions, 'gates'> & {
    gates?: readonly import('./gates/runner/gate-contract.js').AnyGate[];
  },
) {
  const [{ runGatePack: run }, { builtinGates }] = await Promise.all([
    import('./gates/runner/run-pack.js'),
    import('./gates/runner/registry.js'),
  ]);
  return run({ ...options, gates: options.gates ?? builtinGates });
}

export { buildEvidence } from './report/evidence.js';
export { writeEvidence } from './report/write-evidence.js';
export { defineDataContract, DataContractSchema, type DataContract } from './gates/shared/database/contract-schema.js';
