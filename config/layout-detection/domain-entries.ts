import path from 'node:path';
import picomatch from 'picomatch';
import { readJsonFile } from './json-files.js';
import type { ProjectFacts, WorkspacePackage } from './project-facts.js';
import { DOMAIN_EVENT_FOLDERS, DOMAIN_EVENT_SUFFIXES, NEST_PUBLIC_SUFFIXES, NESTJS_PACKAGES, normaliseWord } from './vocabulary.js';

/** The default of `domainEntries`: a domain's `index.ts`. */
export const DEFAULT_DOMAIN_ENTRIES = ['index.ts'];

export interface DomainEntries {
  /** Entry globs relative to every domain folder (`domainEntries`); undefined: the default (`index.ts`) is right. */
  shared: string[] | undefined;
  /** Entry files of one domain by its name (`domains.entries`): a workspace package's own entry. */
  byDomain: Record<string, string[]>;
  /** Why, for the config's comment. */
  evidence: string[];
}

/**
 * What a domain shows the others, by the conventions the project follows:
 * - domain events (`domain/events/*.domain-event.ts`, `*DomainEvent.ts`, `*.event.ts`): the public contract of a
 *   module, which other modules' handlers subscribe to;
 * - with NestJS (`@nestjs/core` declared): a feature's `*.module.ts`, the providers it exports (`*.service.ts`), its
 *   entities (relations across features) and its guards and decorators (applied by other features' controllers);
 * - a workspace package: the file its package.json names (`types`, `main` or `exports['.']`), the one a package import
 *   resolves to.
 * Globs are relative to the domain folder and keep the folder they were found in (`domain/*DomainEvent.ts`).
 */
export function detectDomainEntries(facts: ProjectFacts, domainGlobs: readonly string[], sharedKernel: readonly string[]): DomainEntries {
  const inKernel = picomatch(sharedKernel.flatMap((kernel) => [kernel, `${kernel}/**`]).concat('\u0000'));
  const located = facts.files.flatMap((file) => {
    const root = inKernel(file) ? undefined : domainRootOf(file, domainGlobs);
    return root === undefined ? [] : [{ root, inDomain: path.posix.relative(root, file) }];
  });
  const nest = NESTJS_PACKAGES.some((name) => facts.dependencies.includes(name));
  const events = new Set<string>();
  const nestEntries = new Set<string>();
  for (const { inDomain } of located) {
    const event = domainEventGlob(inDomain);
    if (event) events.add(event);
    const suffix = dottedSuffix(inDomain);
    if (nest && suffix && isNestPublic(inDomain, suffix.word)) nestEntries.add(joinGlob(inDomain, `*.${suffix.tail}`));
  }
  const nestGlobs = [...nestEntries].sort();
  const eventGlobs = [...events].sort();
  const evidence = [
    ...(nestGlobs.length > 0 ? [`NestJS features show their modules, providers, entities and guards: ${nestGlobs.join(', ')}`] : []),
    ...(eventGlobs.length > 0 ? [`domain events are public: ${eventGlobs.join(', ')}`] : []),
  ];
  const byDomain = workspaceEntries(facts, domainGlobs, sharedKernel);
  const packages = Object.entries(byDomain).map(([name, files]) => `${name} ${files.join(', ')}`);
  if (packages.length > 0) evidence.push(`workspace packages are reached through their package.json entry: ${packages.join('; ')}`);
  const globs = [...nestGlobs, ...eventGlobs];
  return { shared: globs.length > 0 ? [...DEFAULT_DOMAIN_ENTRIES, ...globs] : undefined, byDomain, evidence };
}

/** The domain folder a file lies in, by the first glob (no `**`) that matches its leading segments. */
function domainRootOf(file: string, domainGlobs: readonly string[]): string | undefined {
  const parts = file.split('/');
  for (const glob of domainGlobs) {
    const depth = glob.split('/').length;
    const candidate = parts.slice(0, depth).join('/');
    if (parts.length > depth && picomatch(glob)(candidate)) return candidate;
  }
  return undefined;
}

/** A file that says it is a domain event, as a glob of its folder and naming: `domain/*DomainEvent.ts`. */
function domainEventGlob(inDomain: string): string | undefined {
  const base = path.posix.basename(inDomain);
  const extension = /\.[cm]?tsx?$/.exec(base)?.[0];
  if (extension === undefined) return undefined;
  const suffix = dottedSuffix(inDomain);
  if (suffix && DOMAIN_EVENT_SUFFIXES.includes(suffix.word)) return joinGlob(inDomain, `*.${suffix.tail}`);
  const stem = base.slice(0, -extension.length);
  // PascalCase: `CourseCreatedDomainEvent.ts`, with a name in front of the word.
  const pascal = /[a-z0-9](DomainEvent|IntegrationEvent|Event)$/.exec(stem);
  if (!stem.includes('.') && pascal?.[1]) return joinGlob(inDomain, `*${pascal[1]}${extension}`);
  // An events folder of the domain layer (`domain/events/UserCreated.ts`); an adapter's `events/` holds listeners.
  const folders = path.posix.dirname(inDomain).split('/').map(normaliseWord);
  const eventsAt = folders.findIndex((folder) => DOMAIN_EVENT_FOLDERS.includes(folder));
  if (eventsAt > 0 && folders.slice(0, eventsAt).includes('domain')) return joinGlob(inDomain, `*${extension}`);
  return undefined;
}

/** `user-created.domain-event.ts` -> word `domainevent`, tail `domain-event.ts`; undefined without a dotted suffix. */
function dottedSuffix(inDomain: string): { word: string; tail: string } | undefined {
  const parts = path.posix.basename(inDomain).split('.');
  if (parts.length < 3 || !/^[cm]?tsx?$/.test(parts.at(-1) ?? '')) return undefined;
  const word = parts.at(-2) as string;
  return { word: normaliseWord(word), tail: `${word}.${parts.at(-1) as string}` };
}

function isNestPublic(inDomain: string, word: string): boolean {
  const top = !inDomain.includes('/');
  return (top && NEST_PUBLIC_SUFFIXES.top.includes(word)) || NEST_PUBLIC_SUFFIXES.anywhere.includes(word);
}

function joinGlob(inDomain: string, name: string): string {
  const dir = path.posix.dirname(inDomain);
  return dir === '.' ? name : `${dir}/${name}`;
}

/** Each workspace package that is a domain, with the file its package.json names as its entry (when it has sources). */
function workspaceEntries(facts: ProjectFacts, domainGlobs: readonly string[], sharedKernel: readonly string[]): Record<string, string[]> {
  const entries: Record<string, string[]> = {};
  for (const pkg of facts.workspaces) {
    if (sharedKernel.includes(pkg.dir)) continue;
    const glob = domainGlobs.find((candidate) => picomatch(candidate)(pkg.dir));
    const entry = packageEntry(facts, pkg);
    if (glob === undefined || entry === undefined) continue;
    entries[domainName(glob, pkg.dir)] = [entry];
  }
  return entries;
}

/** The source file a package import resolves to, relative to the package: `src/index.ts`. */
function packageEntry(facts: ProjectFacts, pkg: WorkspacePackage): string | undefined {
  const data = readJsonFile(path.join(facts.root, pkg.dir, 'package.json'))?.data;
  const exported = data?.exports;
  const dot = typeof exported === 'object' && exported !== null ? (exported as Record<string, unknown>)['.'] : exported;
  const conditions = typeof dot === 'object' && dot !== null ? (dot as Record<string, unknown>) : {};
  const declared = [data?.types, data?.typings, dot, conditions.types, conditions.import, conditions.default, data?.main, data?.module];
  const sources = new Set(facts.files);
  for (const candidate of declared) {
    if (typeof candidate !== 'string') continue;
    const file = path.posix.normalize(path.posix.join(pkg.dir, candidate));
    const source = [file, file.replace(/\.(m|c)?js$/, '.$1ts'), file.replace(/\.d\.ts$/, '.ts')].find((name) => sources.has(name));
    if (source) return path.posix.relative(pkg.dir, source);
  }
  // A package built to dist/ is reached, in its sources, through src/index.ts.
  const index = `${pkg.sourceRoot}/index.ts`;
  return sources.has(index) ? path.posix.relative(pkg.dir, index) : undefined;
}

/** The name the `*` segments of a domain glob give a folder: `packages/*` names `packages/db` `db`. */
function domainName(glob: string, folder: string): string {
  const parts = folder.split('/');
  return glob
    .split('/')
    .flatMap((segment, index) => (segment === '*' ? [parts[index] as string] : []))
    .join('/');
}
