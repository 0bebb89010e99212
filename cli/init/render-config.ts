import { PACKAGE_VERSION } from '../../config/package-info.js';
import type { ProjectFacts } from './detect-project.js';
import type { LayoutProposal } from './propose-config.js';

/** The gates init leaves unconfigured: each needs facts no folder scan can give (commands, refs, a database). */
export const UNCONFIGURED_GATES = ['shadow', 'property', 'drills', 'mutation', 'schema-drift', 'data-quality', 'replay'] as const;

/** The config object init writes: plain data, validated by resolveConfig before it is written. */
export function buildConfigObject(facts: ProjectFacts, proposal: LayoutProposal): Record<string, unknown> {
  const layers: Record<string, unknown> = {};
  for (const layer of [...proposal.layers, ...(proposal.domainEntries ? [proposal.domainEntries] : [])]) {
    layers[layer.name] = {
      ...(layer.level ? { level: layer.level } : {}),
      paths: layer.paths,
      mayImport: layer.mayImport,
      ...(layer.mayImportTypes.length > 0 ? { mayImportTypes: layer.mayImportTypes } : {}),
    };
  }
  return {
    preset: proposal.preset,
    ...(facts.sourceRoot === '.' ? { include: ['**/*.{ts,tsx,mts,cts}'], exclude: ['**/*.d.ts', '**/node_modules/**', '**/*.config.*', 'test/**', 'tests/**'] } : {}),
    layers,
    ...(proposal.domains.length > 0 ? { domains: proposal.domains } : {}),
    // MikroORM's em.flush() commits outside an explicit transaction: count it as one.
    ...(facts.orms.includes('MikroORM') ? { transactions: { flushCommits: true } } : {}),
  };
}

/** What init tells the reader of the config, line by line (no wall-clock value: reruns give the same bytes). */
export function describeDetection(facts: ProjectFacts, proposal: LayoutProposal): string[] {
  const score = proposal.scores.find((entry) => entry.preset === proposal.preset);
  const lines = [
    `layout: preset '${proposal.preset}' matched ${score?.matched ?? 0} of ${score?.total ?? 0} layers in ${facts.sourceRoot === '.' ? 'the project root' : `${facts.sourceRoot}/`}` +
      ` (${proposal.scores.map((entry) => `${entry.preset} ${entry.matched}/${entry.total}`).join(', ')})`,
  ];
  if (proposal.layers.length === 0) lines.push("  no folder matched a layer of any preset: set each layer's paths in this file (see docs/init.md)");
  for (const layer of proposal.layers) lines.push(`  ${layer.name}: ${layer.paths.join(', ')}`);
  if (proposal.missingLayers.length > 0) lines.push(`  not found, kept from the preset: ${proposal.missingLayers.join(', ')}`);
  if (proposal.domains.length > 0) lines.push(`domains: ${proposal.domains.join(', ')}`);
  if (proposal.domainEntries) lines.push(`files directly in a domain folder: layer domainEntries (${proposal.domainEntries.paths.join(', ')})`);
  if (proposal.uncovered.length > 0) {
    lines.push(`${proposal.uncovered.length} source file(s) in no layer, e.g. ${proposal.uncovered.slice(0, 3).join(', ')}: add them to a layer's paths or to exclude`);
  }
  lines.push(`ORM/database: ${facts.orms.length > 0 ? facts.orms.join(', ') : 'none found'}`);
  lines.push(`test runner: ${facts.testRunner ?? 'none found'}`);
  if (facts.tsconfigPaths.length > 0) lines.push(`tsconfig.json paths (aliases resolve through it): ${facts.tsconfigPaths.join(', ')}`);
  return lines;
}

/** Why each unconfigured gate is left alone, for the comment in the config. */
function unconfiguredNotes(facts: ProjectFacts): string[] {
  const data = facts.orms.length > 0 ? ` (found ${facts.orms.join(', ')}: set data.db and data.contracts)` : '';
  return [
    `Left unconfigured (each reports "not configured" and passes until you set it up):`,
    `  shadow (a command or evidence files), property and drills (test files${facts.testRunner && facts.testRunner !== 'vitest' ? '; they run under vitest' : ''}),`,
    `  mutation (Stryker settings), replay (recorded cases), schema-drift and data-quality${data}.`,
    `The invariants gate runs the project's tests ('vitest run' unless gates.invariants.command says otherwise).`,
    'See docs/init.md and the configuration reference (docs/config.md).',
  ];
}

/** The plumbline.config.ts source: a comment saying what was detected, then the config. */
export function renderConfigSource(facts: ProjectFacts, proposal: LayoutProposal, config: Record<string, unknown>): string {
  const comment = [`Written by \`plumbline init\` (Plumbline ${PACKAGE_VERSION}). What it detected:`, ...describeDetection(facts, proposal).map((line) => (line.startsWith('  ') ? `  ${line}` : `- ${line}`)), ...unconfiguredNotes(facts)];
  return [
    "import { defineConfig } from '@plumbline-kit/plumbline';",
    '',
    ...comment.map((line) => `// ${line}`.trimEnd()),
    `export default defineConfig(${toTsLiteral(config, '')});`,
    '',
  ].join('\n');
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A TypeScript literal of plain data: single-quoted strings, bare keys where possible, short arrays inline. */
export function toTsLiteral(value: unknown, indent: string): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => toTsLiteral(item, `${indent}  `));
    const inline = `[${items.join(', ')}]`;
    return inline.length <= 80 && !inline.includes('\n') ? inline : `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const fields = entries.map(([key, item]) => `${IDENTIFIER.test(key) ? key : toTsLiteral(key, '')}: ${toTsLiteral(item, `${indent}  `)}`);
    const inline = `{ ${fields.join(', ')} }`;
    if (indent.length >= 4 && inline.length <= 100 && !inline.includes('\n')) return inline;
    return `{\n${fields.map((field) => `${indent}  ${field},`).join('\n')}\n${indent}}`;
  }
  return 'undefined';
}
