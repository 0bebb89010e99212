import type { PresetName } from '../schema.js';

/**
 * The words layouts use for their layers, per architecture family. A folder word
 * is one path segment or two (`adapters/in`); words and file-name suffixes compare
 * case-insensitively with `-` and `_` ignored (`use-cases` = `useCases` = `use_cases`).
 *
 * - `strong`: a folder that names the layer outright (`domain`, `infrastructure`): it
 *   wins over a file-name suffix, so `infrastructure/http/user.controller.ts` stays infrastructure.
 * - `weak`: a folder that groups files by purpose (`commands`, `database`, `controllers`):
 *   a file-name suffix wins over it, so `commands/create-user.http.controller.ts` is a controller.
 * - `suffixes`: the last dotted part of a file name (`user.controller.ts` -> `controller`).
 * - `names`: the layer's name when a word of the project says so (a DDD project says
 *   `infrastructure`, a hexagonal one `outbound`); the first word's name counts by file count.
 */
export interface RoleWords {
  /** The layer's name (the preset's, when the preset has the layer). */
  role: string;
  level: string;
  strong: readonly string[];
  weak: readonly string[];
  suffixes: readonly string[];
  /** Word -> layer name, where the word is no name (`adapters/in` -> inbound); else the word names the layer. */
  names?: Readonly<Record<string, string>>;
  /**
   * Words of a ring whose sub-folders are the layers (`interface-adapters/controllers` -> controllers); roles naming
   * the same ring share it, each with its own sub-folders (the ring's input and output sides).
   */
  containers?: readonly string[];
  /** File names (no extension) that start the application: its composition root. */
  entryFiles?: readonly string[];
  /** Roles this one may import, or layers by their name (`dtos`); `*`: every other layer, for a composition root. */
  mayImport: readonly string[];
  mayImportTypes?: readonly string[];
  /**
   * Roles of `mayImportTypes` this one imports as values too where the project declares one of `dependencies` (a
   * framework that takes them as values): NestJS controllers name entity classes in decorators, Express ones do not.
   */
  mayImportWith?: { framework: string; dependencies: readonly string[]; roles: readonly string[] };
  /** A layer the architecture calls pure: engine-purity checks it. */
  pure?: boolean;
  /** A layer that owns transactions. */
  owner?: boolean;
  /** Only a composition of the others (a Nest module, the composition root). */
  wiring?: boolean;
  /** Shared code every layer may import (a shared kernel, libraries): no reason to pick a family. */
  shared?: boolean;
  /** Placed by this family but no reason to pick it: a NestJS module exists in layered and DDD Nest apps alike. */
  neutral?: boolean;
}

export interface Family {
  preset: PresetName;
  /** How the family is named in the comment of the written config. */
  title: string;
  roles: readonly RoleWords[];
}

/** Ports-and-adapters words name no layer: the preset's names do (`adapters/in` -> inbound). */
function adapterNames(direction: 'in' | 'out', name: string): Record<string, string> {
  const words = direction === 'in' ? ['in', 'inbound', 'primary', 'driving'] : ['out', 'outbound', 'secondary', 'driven'];
  return Object.fromEntries(words.map((word) => [`adapters/${word}`, name]));
}

const inboundWords = [
  ...['interface', 'interfaces', 'presentation'],
  // Outer words first: a layer may import the same-role layers listed after it (routes -> controllers -> dtos).
  ...['routes', 'api', 'http', 'rest', 'graphql', 'web', 'controllers', 'dtos'],
];
const outboundWords = ['infrastructure', 'infra', 'persistence', 'database', 'db', 'repositories', 'postgres', 'mongo', 'mongodb', 'redis'];

/**
 * What every family has besides its layers: shared code (a kernel of building blocks every layer may use,
 * libraries), where the app starts, and what it is configured with.
 */
const startRoles: RoleWords[] = [
  { role: 'kernel', level: 'shared-kernel', strong: [], weak: [], suffixes: [], mayImport: [], shared: true },
  { role: 'library', level: 'library', strong: [], weak: [], suffixes: [], mayImport: ['kernel'], shared: true },
  {
    role: 'bootstrap',
    level: 'bootstrap',
    strong: ['dependency-injection', 'bootstrap', 'composition-root'],
    weak: [],
    suffixes: [],
    names: { 'dependency-injection': 'bootstrap', 'composition-root': 'bootstrap' },
    entryFiles: ['main', 'server', 'start', 'app', 'app.module', 'bootstrap'],
    mayImport: ['*'],
    wiring: true,
  },
  // Settings are read everywhere: public to every layer, like shared code.
  { role: 'config', level: 'config', strong: ['config', 'configs', 'configuration'], weak: [], suffixes: [], mayImport: [], shared: true },
];

/** Packages whose declaration makes the project a NestJS app. */
export const NESTJS_PACKAGES = ['@nestjs/core', '@nestjs/common'];

export const FAMILIES: readonly Family[] = [
  {
    preset: 'hoc',
    title: 'HOC layers (gateway, api, spine, engines, drivers, models)',
    roles: [
      { role: 'gateway', level: 'L2.1', strong: ['gateway'], weak: ['server'], suffixes: [], mayImport: ['api'] },
      {
        role: 'api',
        level: 'L2',
        strong: [],
        weak: ['api', 'routes', 'controllers', 'handlers'],
        suffixes: [],
        mayImport: ['spine', 'models'],
      },
      {
        role: 'spine',
        level: 'L4',
        strong: ['spine', 'orchestrator', 'orchestration'],
        weak: ['operations'],
        suffixes: [],
        mayImport: ['engines', 'drivers', 'models'],
        owner: true,
      },
      {
        role: 'engines',
        level: 'L5',
        strong: ['engines', 'engine'],
        weak: ['decisions', 'calculators'],
        suffixes: [],
        mayImport: ['models'],
        mayImportTypes: ['drivers'],
        pure: true,
      },
      {
        role: 'drivers',
        level: 'L6',
        strong: ['drivers', 'driver'],
        weak: ['repositories', 'repository', 'repos', 'persistence'],
        suffixes: [],
        mayImport: ['models'],
      },
      { role: 'models', level: 'L7', strong: [], weak: ['models', 'model', 'types', 'schemas'], suffixes: [], mayImport: [] },
      ...startRoles,
    ],
  },
  {
    preset: 'hexagonal',
    title: 'DDD / hexagonal (domain, application, ports, adapters or infrastructure)',
    roles: [
      {
        role: 'inbound',
        level: 'adapters-in',
        strong: ['adapters/in', 'adapters/inbound', 'adapters/primary', 'adapters/driving', 'interface', 'interfaces', 'presentation'],
        weak: inboundWords.slice(3),
        suffixes: ['controller', 'resolver', 'route', 'routes', 'router', 'dto', 'request', 'response', 'presenter'],
        names: adapterNames('in', 'inbound'),
        mayImport: ['application', 'ports', 'domain'],
      },
      {
        role: 'outbound',
        level: 'adapters-out',
        strong: ['adapters/out', 'adapters/outbound', 'adapters/secondary', 'adapters/driven', 'infrastructure', 'infra'],
        weak: outboundWords.slice(2),
        suffixes: ['repository', 'adapter', 'ormentity', 'migration'],
        names: adapterNames('out', 'outbound'),
        mayImport: ['ports', 'domain', 'mappers'],
      },
      // A mapper outside the adapters translates an entity to its record and to its response dto: it reads both.
      { role: 'mappers', level: 'mappers', strong: [], weak: ['mappers'], suffixes: ['mapper'], mayImport: ['ports', 'domain', 'dtos'] },
      {
        role: 'application',
        level: 'application',
        strong: ['application', 'use-cases', 'app-services'],
        weak: ['commands', 'queries', 'command', 'query', 'services', 'handlers', 'use-case'],
        suffixes: ['handler', 'command', 'query', 'service', 'use-case', 'usecase', 'saga'],
        mayImport: ['ports', 'domain'],
        owner: true,
      },
      {
        role: 'ports',
        level: 'ports',
        strong: ['ports', 'port'],
        weak: [],
        // A persistence record's shape and the DI tokens are the contract adapters and use cases share.
        suffixes: ['port', 'record', 'di-tokens'],
        names: { record: 'ports', 'di-tokens': 'ports' },
        mayImport: ['domain'],
      },
      {
        role: 'domain',
        level: 'domain',
        strong: ['domain'],
        weak: ['entities', 'value-objects', 'aggregates'],
        suffixes: ['entity', 'aggregate', 'value-object', 'vo', 'domain-event'],
        mayImport: [],
        pure: true,
      },
      // A DI module (`user.module.ts`) wires its feature's layers together; named apart from the `modules/`
      // folders that hold the domains.
      {
        role: 'nestModules',
        level: 'wiring',
        strong: [],
        weak: [],
        suffixes: ['module'],
        names: { module: 'nestModules' },
        mayImport: ['inbound', 'outbound', 'mappers', 'application', 'ports', 'domain'],
        wiring: true,
        neutral: true,
      },
      ...startRoles,
    ],
  },
  {
    preset: 'clean',
    title: 'clean architecture (entities, use-cases, interface-adapters, frameworks)',
    roles: [
      {
        role: 'frameworks',
        level: 'frameworks',
        strong: ['frameworks', 'frameworks-and-drivers', 'frameworks-drivers'],
        // Weak here, strong in hexagonal: beside entities and use-cases it is the outer ring.
        weak: ['infrastructure', 'infra'],
        suffixes: [],
        mayImport: ['adapters', 'gateways', 'useCases', 'entities'],
      },
      // The ring's input side: a controller turns a request into use-case input and hands the output to a presenter.
      {
        role: 'adapters',
        level: 'interface-adapters',
        strong: ['interface-adapters'],
        weak: ['controllers', 'presenters'],
        containers: ['interface-adapters'],
        suffixes: ['controller', 'presenter', 'view-model'],
        mayImport: ['useCases', 'entities'],
      },
      // Its output side, a role apart as hexagonal's outbound is: gateways implement the use cases' ports, use cases
      // call them and the frameworks ring wires them in, so a controller or presenter never reaches them.
      {
        role: 'gateways',
        level: 'interface-adapters',
        strong: [],
        weak: ['gateways'],
        containers: ['interface-adapters'],
        suffixes: ['gateway'],
        mayImport: ['useCases', 'entities'],
      },
      {
        role: 'useCases',
        level: 'use-cases',
        strong: ['use-cases', 'interactors'],
        weak: [],
        suffixes: ['use-case', 'usecase', 'interactor'],
        mayImport: ['entities'],
        owner: true,
      },
      {
        role: 'entities',
        level: 'entities',
        strong: ['entities', 'enterprise'],
        weak: [],
        suffixes: ['entity'],
        mayImport: [],
        pure: true,
      },
      ...startRoles,
    ],
  },
  {
    preset: 'layered',
    title: 'layered MVC / NestJS (routes, controllers, services, repositories, models)',
    roles: [
      {
        role: 'modules',
        level: 'wiring',
        strong: [],
        weak: [],
        suffixes: ['module'],
        wiring: true,
        mayImport: ['routes', 'controllers', 'middlewares', 'services', 'repositories', 'models', 'dto', 'config'],
      },
      {
        role: 'routes',
        level: 'routes',
        strong: ['routes', 'routers'],
        // Request validation schemas: what the routes check before a controller runs.
        weak: ['router', 'validations', 'validators'],
        suffixes: ['route', 'routes', 'router'],
        mayImport: ['controllers', 'middlewares', 'config'],
      },
      {
        role: 'controllers',
        level: 'controllers',
        strong: ['controllers'],
        weak: ['controller', 'resolvers'],
        suffixes: ['controller', 'resolver', 'gateway'],
        // Guards decorate handlers (`@UseGuards(AuthGuard)`). A model is reached through a service: controllers name
        // models as types, and as values only under NestJS, whose decorators take entity classes (`@ApiOkResponse`).
        mayImport: ['services', 'middlewares', 'dto', 'config'],
        mayImportTypes: ['models'],
        mayImportWith: { framework: 'NestJS', dependencies: NESTJS_PACKAGES, roles: ['models'] },
      },
      {
        role: 'middlewares',
        level: 'middlewares',
        strong: ['middlewares', 'middleware'],
        weak: ['guards', 'interceptors', 'pipes', 'filters'],
        suffixes: ['middleware', 'guard', 'interceptor', 'pipe', 'filter', 'strategy', 'decorator'],
        mayImport: ['services', 'config'],
        mayImportTypes: ['models', 'dto'],
      },
      {
        role: 'services',
        level: 'services',
        strong: ['services'],
        weak: ['service'],
        suffixes: ['service'],
        mayImport: ['repositories', 'models', 'dto', 'domain', 'config'],
        owner: true,
      },
      {
        role: 'repositories',
        level: 'repositories',
        strong: ['repositories', 'repository', 'dao'],
        weak: ['database', 'db'],
        suffixes: ['repository', 'repo', 'dao'],
        mayImport: ['models', 'config'],
      },
      // Business rules a layered app keeps apart (`order-pricing.policy.ts`): decisions, so pure.
      {
        role: 'domain',
        level: 'domain',
        strong: [],
        weak: [],
        suffixes: ['policy'],
        names: { policy: 'domain' },
        mayImport: [],
        pure: true,
      },
      { role: 'dto', level: 'dto', strong: [], weak: ['dto', 'dtos'], suffixes: ['dto'], names: { dto: 'dtos' }, mayImport: [] },
      {
        role: 'models',
        level: 'models',
        strong: ['models', 'entities'],
        weak: ['schemas', 'model'],
        suffixes: ['model', 'entity', 'schema'],
        mayImport: [],
      },
      ...startRoles,
    ],
  },
];

/** Folder names of a shared kernel: public to every domain, never a domain of its own. */
export const SHARED_KERNEL_WORDS = ['shared', 'common', 'shared-kernel', 'kernel', 'ddd'];

/** Folders of in-house libraries and helpers (`src/libs/<library>`, `src/utils`): a kernel when named like one, else a library. */
export const LIBRARY_WORDS = ['libs', 'lib', 'utils', 'util', 'helpers'];

/** Library folders of database code (`libs/db`): a library layer of their own. */
export const DATABASE_LIBRARY_WORDS = ['db', 'database', 'persistence'];

/** Parent folders whose children are domains even when a child holds a single layer folder. */
export const DOMAIN_PARENT_WORDS = ['domains', 'modules', 'features', 'contexts', 'bounded-contexts', 'components'];

/**
 * Folders beside the domains that hold the app's plumbing, not a domain (`src/config`, `src/database`, `src/common`):
 * when a domain glob (`src/*`) covers one, init keeps it out of the domains (in `domains.shared`).
 */
export const NON_DOMAIN_WORDS = ['config', 'configs', 'configuration', 'database', 'db', 'migrations', 'bootstrap', 'infra'];

/** File-name suffixes of domain events (`user-created.domain-event.ts`), normalised: a module's public contract. */
export const DOMAIN_EVENT_SUFFIXES = ['domainevent', 'integrationevent', 'event'];

/** Folders of domain events inside a `domain` folder (`domain/events/UserCreated.ts`), normalised. */
export const DOMAIN_EVENT_FOLDERS = ['events', 'domainevents'];

/**
 * What a NestJS feature shows other features, by file suffix: its module, the providers it exports and its entities
 * (at the top of the feature folder, `users/users.service.ts`), its guards and decorators (applied by other features).
 */
export const NEST_PUBLIC_SUFFIXES = { top: ['module', 'service', 'entity'], anywhere: ['guard', 'decorator'] };

/** `Use-Cases`, `use_cases`, `useCases` -> `usecases`. */
export function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/[-_]/g, '');
}
