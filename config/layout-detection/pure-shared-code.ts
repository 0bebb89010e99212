import { IO_MODULES, matchesModule } from '../../core/effect-vocabulary.js';
import type { ProjectFacts } from './project-facts.js';
import type { LayoutProposal } from './propose-layout.js';
import { resolveRelativeImport, type FileEvidence } from './source-evidence.js';
import { layerOfFile } from './transaction-owners.js';

/** Levels of the layers shared code gets: the kernel's, and a workspace package's. */
const KERNEL_LEVELS = ['shared-kernel', 'package'];

/**
 * Shared code (a shared kernel: `libs/ddd`, `packages/shared`) is pure when its files show it, measured
 * from their syntax: no import of an I/O module or database client, no ambient read (clock, randomness,
 * environment, timers, network, console), and no import of project code outside itself and the pure layers.
 * Its name alone never makes it pure, and one impure file keeps the whole layer out.
 */
export function withPureSharedCode(proposal: LayoutProposal, facts: ProjectFacts, evidence: readonly FileEvidence[]): LayoutProposal {
  if (proposal.sharedKernel.length === 0) return proposal;
  const layerOf = layerOfFile(proposal.layers);
  const sources = new Set(facts.files);
  const byFile = new Map(evidence.map((item) => [item.file, item]));
  const inKernel = (file: string) => proposal.sharedKernel.some((dir) => file.startsWith(`${dir}/`));
  const aliases = facts.tsconfigPaths.map((key) => key.replace(/\*$/, '')).filter((alias) => alias !== '');
  const packages = facts.workspaces.flatMap((pkg) => (pkg.name === undefined ? [] : [pkg.name]));
  const forbidden = [...IO_MODULES, ...facts.effectModules];

  const pure = new Set(proposal.pureLayers);
  const pureEvidence = [...(proposal.pureEvidence ?? [])];
  for (const layer of proposal.layers) {
    // Only the shared kernel's own layers: an adapter under `shared/` does its I/O through what it is handed.
    if (pure.has(layer.name) || !KERNEL_LEVELS.includes(layer.level ?? '') || proposal.owners.includes(layer.name)) continue;
    const held = facts.files.filter((file) => layerOf(file)?.name === layer.name);
    if (held.length === 0 || !held.every(inKernel)) continue;
    const clean = held.every((file) => {
      const item = byFile.get(file);
      if (!item || item.ambientEffects.length > 0 || item.transactionSteps.length > 0) return false;
      return item.imports.every((specifier) => {
        if (specifier.startsWith('.')) {
          const target = resolveRelativeImport(file, specifier, sources);
          const targetLayer = target === undefined ? undefined : layerOf(target)?.name;
          return targetLayer !== undefined && (targetLayer === layer.name || pure.has(targetLayer));
        }
        // An alias or a workspace package is project code this measure does not follow: not shown pure.
        if (specifier.startsWith('/') || specifier.startsWith('#')) return false;
        if (aliases.some((alias) => specifier === alias.replace(/\/$/, '') || specifier.startsWith(alias))) return false;
        if (packages.some((name) => matchesModule(specifier, name))) return false;
        return !forbidden.some((entry) => matchesModule(specifier, entry));
      });
    });
    if (!clean) continue;
    pure.add(layer.name);
    pureEvidence.push(
      `${layer.name}: shared code whose ${held.length} files import no I/O module and read no clock, randomness or environment`,
    );
  }
  const added = [...pure].filter((name) => !proposal.pureLayers.includes(name));
  return { ...proposal, pureLayers: [...proposal.pureLayers, ...added], pureEvidence };
}
