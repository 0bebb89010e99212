import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { globbySync as GlobbySync } from 'globby';
import { globMatcher } from '../core/glob-match.js';
import { oncePerConfig } from '../config/per-config.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { toProjectPath } from '../config/project-paths.js';
import { createRule } from './create-rule.js';
import { visitImportSources, type ImportSource } from './import-sources.js';
import { getModuleResolver } from '../config/module-resolution.js';
import { getProjectContext } from './project-context.js';

type Options = [{ allowTypeImports?: boolean }];
type MessageIds = 'internalImport' | 'noEntries' | 'noEntryFile';

/**
 * globby, required the first time a domain's entries are listed: most linted files never need it, and the rules
 * load in every oxlint and ESLint process (Node 20.19+ requires an ES module synchronously).
 */
function globbySync(...args: Parameters<typeof GlobbySync>): ReturnType<typeof GlobbySync> {
  return (createRequire(import.meta.url)('globby') as { globbySync: typeof GlobbySync }).globbySync(...args);
}

/** Per config: tests of a path relative to its domain folder against each domain's entry globs. */
const getEntryTests = oncePerConfig(() => new Map<string, (inDomain: string) => boolean>());

/** Per config: whether an entry glob matches a file in a domain folder, listed once per folder and glob. */
const getEntryPresence = oncePerConfig(() => new Map<string, boolean>());

/** The entry globs of a domain (as project paths) that match a file on disk: the only ones worth offering. */
function existingEntries(config: ResolvedConfig, root: string, entries: readonly string[]): string[] {
  const cache = getEntryPresence(config);
  return entries
    .filter((glob) => {
      const key = `${root}\0${glob}`;
      let present = cache.get(key);
      if (present === undefined) {
        const folder = path.join(config.root, root);
        present =
          globbySync(glob, { cwd: folder, ignore: ['**/node_modules/**'] }).length > 0 || existsSync(path.join(folder, asSourcePath(glob)));
        cache.set(key, present);
      }
      return present;
    })
    .map((glob) => `${root}/${glob}`);
}

/** A relative import of a file not written yet keeps its `.js` name; its entry is the `.ts` source. */
const sourceExtensions: Record<string, string> = { '.js': '.ts', '.jsx': '.tsx', '.mjs': '.mts', '.cjs': '.cts' };

function asSourcePath(file: string): string {
  const extension = path.extname(file);
  const source = sourceExtensions[extension];
  return source ? file.slice(0, -extension.length) + source : file;
}

export const domainEntry = createRule<Options, MessageIds>({
  name: 'domain-entry',
  meta: {
    type: 'problem',
    docs: {
      description: "Let one domain import another only through that domain's entry files (the `domainEntries` globs, e.g. `index.ts`)",
      recommended: true,
      rationale:
        "Domains stay separable only while each one decides what it shows the others. When incidents imports a policies engine by its file path, the policies domain can no longer move, split or rename that file without breaking a neighbour, and nobody reading the policies entry sees the dependency. The rule finds each file's domain from the `domains` globs of plumbline.config: the `*` segments name it, so a domain is its path (`src/contexts/*/*` makes `mooc/courses` and `backoffice/courses` two domains, never one `courses`). It resolves every import the way TypeScript does, and reports an import from another domain unless the target, relative to that domain's folder, matches one of its entry globs (`domains.entries` for that domain, else `domainEntries`, default `index.ts`). The message offers only entry files that exist; a domain with none is told to get one. The shared kernel (`domains.shared`, e.g. `src/contexts/shared`) belongs to no domain and is public to all: importing it is never reported. Type-only imports count too: a type taken from another domain's internals couples the two just the same (the `allowTypeImports` option accepts them). Imports within a domain, and between a domain and code outside every domain, are left to layer-boundaries.",
      examples: {
        valid: [
          {
            file: 'src/domains/billing/invoices.ts',
            code: "// the accounts entry\nimport { findAccount } from '../accounts/index.js';",
          },
          {
            file: 'src/domains/incidents/engines/lifecycle.ts',
            code: "// same domain: not this rule's business\nimport { assessEscalation } from './escalation.js';",
          },
        ],
        invalid: [
          {
            file: 'src/domains/incidents/engines/escalation.ts',
            code: "import { mostRestrictive } from '../../policies/engines/threshold.js';",
          },
          {
            file: 'src/domains/controls/drivers/control-repository.ts',
            code: "// a type reaches into the internals just the same\nimport type { TenantRepository } from '../../onboarding/drivers/tenant-repository.js';",
          },
        ],
      },
    },
    messages: {
      internalImport:
        "Domain '{{from}}' reaches into domain '{{to}}' internals ('{{specifier}}' -> {{target}}). Import from its entry ({{entries}}) " +
        'instead.',
      noEntries:
        "Domain '{{from}}' reaches into domain '{{to}}' ('{{specifier}}' -> {{target}}), but domains have no entry files (`domainEntries` is empty). Name the entry files in the config.",
      noEntryFile:
        "Domain '{{from}}' reaches into domain '{{to}}' internals ('{{specifier}}' -> {{target}}), and '{{to}}' has no entry file yet ({{entries}} does not exist). Give it one that exports what other domains may use, or declare its entries in domains.entries.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowTypeImports: {
            type: 'boolean',
            description: "Accept type-only imports (`import type`, `export type`, `import('x').T`) of another domain's internals.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowTypeImports: false }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    if (!matcher.isSource(file)) return {};
    const fromDomain = matcher.domainOf(file);
    if (fromDomain === undefined) return {};
    const config = matcher.config;
    const resolver = getModuleResolver(config);
    const entryTest = (domain: string) => {
      const tests = getEntryTests(config);
      let test = tests.get(domain);
      if (!test) {
        const entries = matcher.entriesOf(domain);
        test = entries.length > 0 ? globMatcher(entries) : () => false;
        tests.set(domain, test);
      }
      return test;
    };

    const check = (source: ImportSource) => {
      const typeOnly = source.typeOnly || (source.inlineTypeOnly && !resolver.verbatimModuleSyntax);
      if (typeOnly && options.allowTypeImports === true) return;
      const resolved = resolver.resolve(source.specifier, file);
      if (resolved.kind !== 'file') return;
      const toDomain = matcher.domainOf(resolved.path);
      if (toDomain === undefined || toDomain === fromDomain) return;
      const root = matcher.domainRootOf(resolved.path);
      const target = toProjectPath(config.root, resolved.path);
      if (root === undefined || target === undefined) return;
      const inDomain = path.posix.relative(root, target);
      const isEntry = entryTest(toDomain);
      if (isEntry(inDomain) || isEntry(asSourcePath(inDomain))) return;
      const [from, to, specifier] = [fromDomain, toDomain, source.specifier];
      const entryGlobs = matcher.entriesOf(toDomain);
      if (entryGlobs.length === 0) {
        context.report({ node: source.node, messageId: 'noEntries', data: { from, to, specifier, target } });
        return;
      }
      // Only entries that exist are offered: telling a user to import from a missing file is no advice.
      const existing = existingEntries(config, root, entryGlobs);
      if (existing.length === 0) {
        const entries = entryGlobs.map((glob) => `${root}/${glob}`).join(' or ');
        context.report({ node: source.node, messageId: 'noEntryFile', data: { from, to, specifier, target, entries } });
        return;
      }
      const entries = existing.join(' or ');
      context.report({ node: source.node, messageId: 'internalImport', data: { from, to, specifier, target, entries } });
    };
    return visitImportSources(check);
  },
});
