import { PACKAGE_VERSION } from '../../core/package-info.js';
import { baseDefaults } from '../../config/presets.js';
import { folderGlobs } from '../../config/layout-detection/layer-globs.js';
import { TEST_FILE_GLOBS, type ProjectFacts } from '../../config/layout-detection/project-facts.js';
import type { LayoutProposal } from '../../config/layout-detection/propose-layout.js';

/** The gates init leaves unconfigured: each needs facts no folder scan can give (commands, refs, a database). */
export const UNCONFIGURED_GATES = ['shadow', 'property', 'drills', 'mutation', 'schema-drift', 'data-quality', 'replay'] as const;

const SOURCE_EXTENSIONS = '*.{ts,tsx,mts,cts}';

/** The config object init writes: plain data, validated by resolveConfig before it is written. */
export function buildConfigObject(facts: ProjectFacts, proposal: LayoutProposal): Record<string, unknown> {
  const layers: Record<string, unknown> = {};
  for (const layer of proposal.layers) {
    layers[layer.name] = {
      ...(layer.level ? { level: layer.level } : {}),
      paths: layer.paths,
      mayImport: layer.mayImport,
      ...(layer.mayImportTypes.length > 0 ? { mayImportTypes: layer.mayImportTypes } : {}),
    };
  }
  // The preset's layers this project does not have: dropped, so no layer matches no file.
  for (const name of proposal.droppedLayers) layers[name] = false;
  const include =
    facts.workspaces.length > 0
      ? folderGlobs(facts.workspaces.map((pkg) => pkg.sourceRoot)).map((glob) => `${glob}/${SOURCE_EXTENSIONS}`)
      : facts.sourceRoot === '.'
        ? [`**/${SOURCE_EXTENSIONS}`]
        : undefined;
  const exclude = [
    ...(include || facts.testsInSources || facts.excludedDirs.length > 0 ? baseDefaults.exclude : []),
    ...(facts.sourceRoot === '.' && facts.workspaces.length === 0 ? ['**/*.config.*', 'test/**', 'tests/**'] : []),
    ...(facts.testsInSources ? TEST_FILE_GLOBS : []),
    ...facts.excludedDirs.map((dir) => `${dir}/**`),
  ];
  return {
    ...(proposal.preset ? { preset: proposal.preset } : {}),
    ...(include ? { include } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
    layers,
    ...domainFields(proposal),
    engines: { layers: proposal.pureLayers, ...(facts.effectModules.length > 0 ? { extraForbiddenModules: facts.effectModules } : {}) },
    // MikroORM's em.flush() commits outside an explicit transaction: count it as one.
    transactions: { owners: proposal.owners, ...(facts.orms.includes('MikroORM') ? { flushCommits: true } : {}) },
    ...(proposal.uncovered.length > 0 ? { unassigned: 'warn' } : {}),
  };
}

/**
 * `domains` as globs, or as { paths, shared, entries } when a shared kernel or a domain's own entry was found;
 * `domainEntries` when the project's conventions make more than `index.ts` public (domain events, Nest modules).
 */
function domainFields(proposal: LayoutProposal): Record<string, unknown> {
  if (proposal.domains.length === 0) return {};
  const { shared, byDomain } = proposal.entries;
  const object = proposal.sharedKernel.length > 0 || Object.keys(byDomain).length > 0;
  return {
    domains: object
      ? {
          paths: proposal.domains,
          ...(proposal.sharedKernel.length > 0 ? { shared: proposal.sharedKernel } : {}),
          ...(Object.keys(byDomain).length > 0 ? { entries: byDomain } : {}),
        }
      : proposal.domains,
    ...(shared ? { domainEntries: shared } : {}),
  };
}

/** What init tells the reader of the config, line by line (no wall-clock value: reruns give the same bytes). */
export function describeDetection(facts: ProjectFacts, proposal: LayoutProposal): string[] {
  const where =
    facts.workspaces.length > 0
      ? `${facts.workspaces.length} workspace packages`
      : facts.sourceRoot === '.'
        ? 'the project root'
        : `${facts.sourceRoot}/`;
  const lines = [
    proposal.preset
      ? `layout: ${proposal.title}, so preset '${proposal.preset}'. Files each family's folders and suffixes place in ${where}: ` +
        proposal.scores.map((entry) => `${entry.preset} ${entry.files}`).join(', ')
      : `layout: ${proposal.title} (${where}); no preset`,
  ];
  if (proposal.layers.length === 0) {
    lines.push("  no folder matched a layer of any preset: set each layer's paths in this file (see docs/init.md)");
  }
  for (const layer of proposal.layers) lines.push(`  ${layer.name}: ${layer.paths.join(', ')} (from ${layer.evidence.join(', ')})`);
  if (proposal.droppedLayers.length > 0) {
    lines.push(`  preset layers this project does not have, set to false: ${proposal.droppedLayers.join(', ')}`);
  }
  for (const why of proposal.reachEvidence ?? []) lines.push(`  ${why}`);
  const pure = proposal.pureLayers.length > 0 ? proposal.pureLayers.join(', ') : 'none: this layout names no pure layer';
  lines.push(`pure layers (engine-purity): ${pure}`);
  for (const why of proposal.pureEvidence ?? []) lines.push(`  ${why}`);
  lines.push(`transaction owners: ${proposal.owners.length > 0 ? proposal.owners.join(', ') : 'none found'}`);
  for (const why of proposal.ownerEvidence ?? []) lines.push(`  ${why}`);
  if (proposal.domains.length > 0) lines.push(`domains: ${proposal.domains.join(', ')} (${proposal.domainRoots.length} domain folders)`);
  if (proposal.domains.length > 0 && proposal.sharedKernel.length > 0) {
    lines.push(`shared kernel and plumbing, in no domain and public to all (domains.shared): ${proposal.sharedKernel.join(', ')}`);
  } else if (proposal.sharedKernel.length > 0) {
    lines.push(`shared kernel: ${proposal.sharedKernel.join(', ')}`);
  }
  if (proposal.domains.length > 0) for (const line of proposal.entries.evidence) lines.push(`domain entries: ${line}`);
  if (facts.excludedDirs.length > 0) lines.push(`excluded, as tsconfig.json does not compile them: ${facts.excludedDirs.join(', ')}`);
  if (facts.testsInSources) lines.push('test files among the sources are excluded (no layer checks tests)');
  if (proposal.uncovered.length > 0) {
    lines.push(
      `${proposal.uncovered.length} source file(s) in no layer, reported as warnings (unassigned: 'warn'), ` +
        `e.g. ${proposal.uncovered.slice(0, 3).join(', ')}: add them to a layer's paths or to exclude`,
    );
  }
  lines.push(`ORM/database: ${facts.orms.length > 0 ? facts.orms.join(', ') : 'none found'}`);
  if (facts.effectModules.length > 0) {
    lines.push(`forbidden in pure layers (I/O clients): ${facts.effectModules.join(', ')}`);
  }
  if (facts.idGenerators.length > 0) {
    lines.push(
      `id generators (${facts.idGenerators.join(', ')}): their generating calls (v4(), nanoid()) are randomness in a pure layer; ` +
        'importing a pure helper (validate, v5) is not',
    );
  }
  lines.push(`test runner: ${facts.testRunner ?? 'none found'}`);
  if (facts.tsconfigPaths.length > 0) lines.push(`tsconfig.json paths (aliases resolve through it): ${facts.tsconfigPaths.join(', ')}`);
  return lines;
}

/** Why each unconfigured gate is left alone, for the comment in the config. */
function unconfiguredNotes(facts: ProjectFacts): string[] {
  const data = facts.orms.length > 0 ? ` (found ${facts.orms.join(', ')}: set data.db and data.contracts)` : '';
  const runner =
    facts.testRunner === 'vitest'
      ? "The invariants gate runs the project's vitest ('vitest run') unless gates.invariants.command says otherwise."
      : "The invariants gate runs 'vitest run' unless gates.invariants.command says otherwise; " +
        `the test runner found is ${facts.testRunner ?? 'none'}.`;
  const underVitest = facts.testRunner && facts.testRunner !== 'vitest' ? '; they run under vitest' : '';
  return [
    'Not configured, so "not run" (with the reason) in every gate run until you set them up, never "pass":',
    `  shadow (a command or evidence files), property and drills (test files${underVitest}),`,
    `  mutation (Stryker settings), replay (recorded cases), schema-drift and data-quality${data}.`,
    runner,
    'See docs/init.md and the configuration reference (docs/config.md).',
  ];
}

/** The plumbline.config.ts source: a comment saying what was detected, then the config. */
export function renderConfigSource(facts: ProjectFacts, proposal: LayoutProposal, config: Record<string, unknown>): string {
  const detected = describeDetection(facts, proposal).map((line) => (line.startsWith('  ') ? `  ${line}` : `- ${line}`));
  const head = `Written by \`plumbline init\` (Plumbline ${PACKAGE_VERSION}). What it detected:`;
  const comment = [head, ...detected, ...unconfiguredNotes(facts)];
  return [
    "import { defineConfig } from '@plumbline-kit/plumbline';",
    '',
    ...comment.flatMap((line) => wrapComment(line)),
    `export default defineConfig(${toTsLiteral(config, '')});`,
    '',
  ].join('\n');
}

/** A comment line split at spaces so no line passes 120 characters (continuations indented). */
function wrapComment(line: string): string[] {
  const out: string[] = [];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  let rest = line;
  while (rest.length > 117) {
    const cut = rest.lastIndexOf(' ', 117);
    if (cut <= indent.length + 4) break;
    out.push(`// ${rest.slice(0, cut)}`.trimEnd());
    rest = `${indent}    ${rest.slice(cut + 1)}`;
  }
  out.push(`// ${rest}`.trimEnd());
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A TypeScript literal of plain data: single-quoted strings, bare keys where possible, short arrays inline. */
export function toTsLiteral(value: unknown, indent: string): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => toTsLiteral(item, `${indent}  `));
    const inline = `[${items.join(', ')}]`;
    return inline.length <= 80 && !inline.includes('\n')
      ? inline
      : `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const fields = entries.map(
      ([key, item]) => `${IDENTIFIER.test(key) ? key : toTsLiteral(key, '')}: ${toTsLiteral(item, `${indent}  `)}`,
    );
    const inline = `{ ${fields.join(', ')} }`;
    if (indent.length >= 4 && inline.length <= 100 && !inline.includes('\n')) return inline;
    return `{\n${fields.map((field) => `${indent}  ${field},`).join('\n')}\n${indent}}`;
  }
  return 'undefined';
}
