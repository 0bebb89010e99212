import path from 'node:path';
import { createLayerMatcher } from '../../core/layer-matcher.js';
import type { DetectedLayer, LayoutProposal } from './propose-layout.js';
import { resolveRelativeImport, type FileEvidence } from './source-evidence.js';

/** Words of a file name that say it runs work in a transaction: a unit of work, a transaction manager. */
const OWNER_NAME_PHRASES: ReadonlyArray<{ words: readonly string[]; layer: string }> = [
  { words: ['unit', 'of', 'work'], layer: 'unitOfWork' },
  { words: ['uow'], layer: 'unitOfWork' },
  { words: ['transaction', 'manager'], layer: 'transactionManager' },
];

/** `pg-unit-of-work.ts` -> pg, unit, of, work; `KnexTransactionManager.ts` -> knex, transaction, manager. */
function fileWords(file: string): string[] {
  const stem = path.posix.basename(file).replace(/\.[cm]?tsx?$/, '');
  return (stem.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((word) => word.toLowerCase());
}

function phraseOf(file: string): (typeof OWNER_NAME_PHRASES)[number] | undefined {
  const words = fileWords(file);
  return OWNER_NAME_PHRASES.find(({ words: phrase }) =>
    words.some((_, start) => phrase.every((word, offset) => words[start + offset] === word)),
  );
}

/** The first layer whose globs match the file (the first match owns a file). */
export function layerOfFile(layers: readonly DetectedLayer[]): (file: string) => DetectedLayer | undefined {
  // The checks' own matcher (first match in order), so init judges a file's layer as they will.
  const matcher = createLayerMatcher(layers);
  return (file) => matcher.layerOf(file);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * The code that really owns transactions, from what it does: a file outside the owner layers that begins,
 * commits or rolls back a transaction around work its caller hands it (`uow.run(work)`), or whose name says it
 * is a unit of work or transaction manager. A repository that commits its own statements is neither: it stays
 * a finding. Such a file's layer becomes an owner when the file is all it holds or the rest of the layer
 * imports it (a package whose index exports its unit of work); otherwise the files get a
 * layer of their own, above the one they sat in and with its reach, so that ownership does not spread to the
 * rest of that layer.
 */
export function withTransactionOwners(
  proposal: LayoutProposal,
  files: readonly string[],
  evidence: readonly FileEvidence[],
): LayoutProposal {
  const layerOf = layerOfFile(proposal.layers);
  const owning = evidence.filter((item) => {
    if (item.transactionSteps.length === 0 || (!item.runsCallerWork && phraseOf(item.file) === undefined)) return false;
    const layer = layerOf(item.file);
    return layer !== undefined && !proposal.owners.includes(layer.name);
  });
  if (owning.length === 0) return proposal;

  const sources = new Set(files);
  const byFile = new Map(evidence.map((item) => [item.file, item]));
  let layers = proposal.layers.map((layer) => ({ ...layer, mayImport: [...layer.mayImport] }));
  const owners = [...proposal.owners];
  const ownerEvidence = [...(proposal.ownerEvidence ?? [])];
  const bySource = new Map<string, FileEvidence[]>();
  for (const item of owning) {
    const name = (layerOf(item.file) as DetectedLayer).name;
    bySource.set(name, [...(bySource.get(name) ?? []), item]);
  }
  const why = (items: readonly FileEvidence[]) =>
    items
      .map((item) => {
        const verb = (step: string) => (step === 'begin' ? 'begins' : step === 'commit' ? 'commits' : 'rolls back');
        const steps = listed(item.transactionSteps.map(verb));
        return `${item.file} ${steps}${item.runsCallerWork ? " a transaction around its caller's work" : ' a transaction'}`;
      })
      .join('; ');

  for (const [source, items] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const held = files.filter((file) => layerOf(file)?.name === source);
    const owned = new Set(items.map((item) => item.file));
    // A layer apart would have to be imported by the layer it came from (a package's index), which it imports.
    const importsOwned = (file: string) =>
      (byFile.get(file)?.imports ?? []).some((specifier) => owned.has(resolveRelativeImport(file, specifier, sources) ?? ''));
    const usedBySource = held.some((file) => !owned.has(file) && importsOwned(file));
    if (usedBySource || held.every((file) => owned.has(file))) {
      owners.push(source);
      ownerEvidence.push(`${source}: ${why(items)}`);
      continue;
    }
    const phrases = new Set(items.map((item) => phraseOf(item.file)?.layer ?? 'transactions'));
    const wanted = phrases.size === 1 ? ([...phrases][0] as string) : 'transactions';
    const taken = (name: string) => layers.some((layer) => layer.name === name);
    const name = taken(wanted) ? `${source}${wanted.charAt(0).toUpperCase()}${wanted.slice(1)}` : wanted;
    if (taken(name)) continue;
    const from = layers.find((layer) => layer.name === source) as DetectedLayer;
    const carved: DetectedLayer = {
      name,
      level: from.level,
      paths: items.map((item) => item.file).sort(),
      // Above the layer it came from: it drives the client that layer holds, with that layer's reach.
      mayImport: [source, ...from.mayImport],
      mayImportTypes: [...from.mayImportTypes],
      evidence: [`transaction owners found in ${source} ${items.length}`],
    };
    // Whoever may use the layer may use its transaction owners (the composition root that builds them).
    for (const layer of layers) if (layer.mayImport.includes(source) && !carved.mayImport.includes(layer.name)) layer.mayImport.push(name);
    const at = layers.indexOf(from);
    layers = [...layers.slice(0, at), carved, ...layers.slice(at)];
    owners.push(name);
    ownerEvidence.push(`${name} (out of ${source}): ${why(items)}`);
  }
  return { ...proposal, layers, owners, ownerEvidence };
}
