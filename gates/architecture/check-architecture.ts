import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import type { GateOutcome } from '../../core/contracts.js';
import { toProjectPath } from '../../config/project-paths.js';
import { listSourceFiles } from '../../config/source-files.js';
import type { ArchitectureGateConfig } from '../../config/gate-settings/architecture.js';
import type { GateContext } from '../runner/gate-contract.js';
import { renderCruiseArtifact } from './cruise-artifact.js';
import { depcruiseFindings, depcruiseRuleDescriptors, fileReader } from './depcruise-findings.js';
import { runDepcruise } from './run-depcruise.js';

/** The file, in the gate's artifact folder, that holds dependency-cruiser's full result. */
export const CRUISE_ARTIFACT = 'depcruise-result.json';
/** The operation spec registry the analyzers build, as data and as a table. */
export const SPEC_REGISTRY_JSON = 'spec-registry.json';
export const SPEC_REGISTRY_MARKDOWN = 'spec-registry.md';

/** The architecture gate's work: cruise the sources, report violations, keep the result as an artifact. */
export async function checkArchitecture(ctx: GateContext, settings: ArchitectureGateConfig): Promise<GateOutcome> {
  const { config } = ctx;
  const files = listSourceFiles(config);
  ctx.progress(`${files.length} files to cruise`);
  const { configuration, result } = await runDepcruise(config, files, { signal: ctx.signal, settings });
  const findings = depcruiseFindings(result, configuration, fileReader(config.root), config.root);

  mkdirSync(ctx.artifactDir, { recursive: true });
  const artifact = path.join(ctx.artifactDir, CRUISE_ARTIFACT);
  writeFileAtomic(artifact, renderCruiseArtifact(result, config.root));

  const perRule: Record<string, number> = {};
  for (const finding of findings) {
    const key = `violations.${finding.ruleId.replace(/^depcruise\//, '')}`;
    perRule[key] = (perRule[key] ?? 0) + 1;
  }

  // Whole-project facts from the ts-morph analyzers (operations, owners, specs), cached per file.
  const { runAnalyzers, renderSpecRegistryJson, renderSpecRegistryMarkdown } = await import('../../analyzers/index.js');
  const analysis = await runAnalyzers(config, {
    files,
    signal: ctx.signal,
    onProgress: (message) => {
      ctx.progress(message);
    },
  });
  const registryJson = path.join(ctx.artifactDir, SPEC_REGISTRY_JSON);
  const registryMarkdown = path.join(ctx.artifactDir, SPEC_REGISTRY_MARKDOWN);
  writeFileAtomic(registryJson, renderSpecRegistryJson(analysis.specRegistry));
  writeFileAtomic(registryMarkdown, renderSpecRegistryMarkdown(analysis.specRegistry));
  // Cache state differs between a cold and a warm run: keep it out of the evidence.
  const { cacheState: _cacheState, cacheHits: _cacheHits, filesParsed: _parsed, filesRead: _read, ...analysisMetrics } = analysis.metrics;

  return {
    findings: [...findings, ...analysis.findings],
    metrics: {
      modulesCruised: result.summary.totalCruised,
      dependencies: result.summary.totalDependenciesCruised ?? 0,
      violations: findings.length,
      ...Object.fromEntries(Object.entries(perRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      ...Object.fromEntries(Object.entries(analysisMetrics).map(([key, value]) => [`analyzers.${key}`, value])),
    },
    artifacts: [artifact, registryJson, registryMarkdown].map((file) => toProjectPath(config.root, file) ?? file),
    rules: [...depcruiseRuleDescriptors(configuration), ...analysis.rules],
  };
}
