import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../../core/contracts.js';
import { resolveConfig } from '../../config/resolve.js';
import type { UserConfig } from '../../config/schema.js';
import { dataQualityGate } from '../../gates/data-quality/gate.js';
import { schemaDriftGate } from '../../gates/schema-drift/gate.js';
import type { GateContext } from '../../gates/runner/gate-contract.js';
import { runGateAlone } from '../../gates/runner/gate-contract.js';

/** A project folder holding data contracts (and maybe a SQLite file), for the data gates. */
export function dataProject(files: Record<string, string>, data: UserConfig['data'], gates: UserConfig['gates'] = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-data-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  const config = resolveConfig({ layers: { app: { paths: ['src/**'] } }, data, gates }, { cwd: root });
  return { root, config, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function gateContext(config: GateContext['config']): GateContext {
  return {
    config,
    signal: new AbortController().signal,
    artifactDir: path.join(config.root, '.plumbline/evidence'),
    progress: () => undefined,
  };
}

export async function schemaDriftFindings(config: GateContext['config']): Promise<Finding[]> {
  return (await runGateAlone(schemaDriftGate, gateContext(config))).findings;
}

export async function dataQualityFindings(config: GateContext['config']): Promise<Finding[]> {
  return (await runGateAlone(dataQualityGate, gateContext(config))).findings;
}

/** `ruleId severity file:line` of each finding, sorted: what the exact-expectation tests compare. */
export function keys(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort();
}
