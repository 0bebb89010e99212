import { afterEach, describe, expect, it } from 'vitest';
import { detectProject } from '../../config/layout-detection/project-facts.js';
import { proposeLayout, type LayoutProposal } from '../../config/layout-detection/propose-layout.js';
import { getProjectMatcher } from '../../config/project-paths.js';
import { resolveConfig } from '../../config/resolve.js';
import { buildConfigObject } from '../../cli/init/render-config.js';
import { makeTempProject } from '../helpers/temp-project.js';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

/** A temp project holding one small module per file, plus the given package.json and tsconfig.json. */
function project(files: string[], extra: Record<string, string> = {}) {
  const made = makeTempProject();
  temps.push(made);
  for (const file of files) made.write(file, 'export const value = 1;\n');
  for (const [file, text] of Object.entries(extra)) made.write(file, text);
  return made;
}

/** What the written config does with each file: its layer name, or null. */
async function assign(root: string): Promise<{
  proposal: LayoutProposal;
  layerOf: (file: string) => string | null;
  config: ReturnType<typeof resolveConfig>;
}> {
  const facts = await detectProject(root);
  const proposal = proposeLayout(facts);
  const config = resolveConfig(buildConfigObject(facts, proposal), { cwd: root });
  const matcher = getProjectMatcher(config);
  return { proposal, config, layerOf: (file) => matcher.layerOf(`${root}/${file}`)?.name ?? null };
}

function layersOf(proposal: LayoutProposal): Record<string, string[]> {
  return Object.fromEntries(proposal.layers.map((layer) => [layer.name, layer.paths]));
}

describe('layout detection', () => {
  it('DDD bounded contexts two levels deep: hexagonal, path-identified domains, Shared kept apart, frontend excluded', async () => {
    const files = ['mooc', 'backoffice'].flatMap((context) =>
      ['courses', 'students'].flatMap((module) => [
        `src/Contexts/${context}/${module}/domain/Course.ts`,
        `src/Contexts/${context}/${module}/application/Create/CourseCreator.ts`,
        `src/Contexts/${context}/${module}/infrastructure/persistence/MongoCourseRepository.ts`,
        `src/Contexts/${context}/${module}/domain/CourseCreatedDomainEvent.ts`,
      ]),
    );
    const made = project(
      [
        ...files,
        'src/Contexts/Shared/domain/AggregateRoot.ts',
        'src/Contexts/Shared/infrastructure/MongoClientFactory.ts',
        'src/apps/mooc/backend/controllers/CoursePutController.ts',
        'src/web/main.ts',
      ],
      {
        'package.json': JSON.stringify({ dependencies: { mongodb: '6', uuid: '9' } }),
        'tsconfig.json': JSON.stringify({ include: ['src/**/*.ts'], exclude: ['src/web'] }),
      },
    );
    const { proposal, layerOf, config } = await assign(made.root);
    expect(proposal.preset).toBe('hexagonal');
    expect(layersOf(proposal)).toEqual({
      controllers: ['src/apps/mooc/backend/controllers/**'],
      infrastructure: ['src/Contexts/*/*/infrastructure/**', 'src/Contexts/Shared/infrastructure/**'],
      application: ['src/Contexts/*/*/application/**'],
      domain: ['src/Contexts/*/*/domain/**', 'src/Contexts/Shared/domain/**'],
    });
    expect(proposal.droppedLayers).toEqual(['inbound', 'outbound', 'ports']);
    expect(proposal.pureLayers).toEqual(['domain']);
    expect(proposal.owners).toEqual(['application']);
    // One glob for the contexts' modules: each domain is named by its path, never by its last folder alone.
    expect(proposal.domains).toEqual(['src/Contexts/*/*']);
    const matcher = getProjectMatcher(config);
    const domainOf = (file: string) => matcher.domainOf(`${made.root}/${file}`);
    expect(domainOf('src/Contexts/mooc/courses/domain/Course.ts')).toBe('mooc/courses');
    expect(domainOf('src/Contexts/backoffice/courses/domain/Course.ts')).toBe('backoffice/courses');
    expect(domainOf('src/Contexts/Shared/domain/AggregateRoot.ts')).toBeUndefined();
    expect(config.sharedKernel).toEqual(['src/Contexts/Shared']);
    // The domain events a module publishes are public to the others.
    expect(config.domainEntries).toEqual(['index.ts', 'domain/*DomainEvent.ts']);
    // Two `courses` modules, two domain folders: identity is the path.
    expect(proposal.domainRoots.filter((root) => root.endsWith('/courses'))).toEqual([
      'src/Contexts/backoffice/courses',
      'src/Contexts/mooc/courses',
    ]);
    expect(proposal.sharedKernel).toEqual(['src/Contexts/Shared']);
    expect(config.exclude).toContain('src/web/**');
    expect(config.engines.extraForbiddenModules).toEqual(['mongodb']);
    expect(layerOf('src/Contexts/mooc/courses/infrastructure/persistence/MongoCourseRepository.ts')).toBe('infrastructure');
    expect(proposal.uncovered).toEqual([]);
  });

  it('NestJS-DDD modules: suffixes beat purpose folders, ports beat the folder they sit in, libs/ddd is the shared kernel', async () => {
    const files = ['user', 'wallet'].flatMap((module) => [
      `src/modules/${module}/commands/create-${module}/create-${module}.command.ts`,
      `src/modules/${module}/commands/create-${module}/create-${module}.http.controller.ts`,
      `src/modules/${module}/commands/create-${module}/create-${module}.request.dto.ts`,
      `src/modules/${module}/queries/find-${module}/find-${module}.query-handler.ts`,
      `src/modules/${module}/domain/${module}.entity.ts`,
      `src/modules/${module}/domain/${module}.errors.ts`,
      `src/modules/${module}/database/${module}.repository.ts`,
      `src/modules/${module}/database/${module}.repository.port.ts`,
      `src/modules/${module}/${module}.mapper.ts`,
      `src/modules/${module}/domain/events/${module}-created.domain-event.ts`,
    ]);
    const made = project([...files, 'src/libs/ddd/entity.base.ts', 'src/main.ts'], {
      'package.json': JSON.stringify({ dependencies: { '@nestjs/common': '10', slonik: '30', nanoid: '3' } }),
    });
    const { proposal, layerOf, config } = await assign(made.root);
    expect(proposal.preset).toBe('hexagonal');
    // A suffix of another role wins over a purpose folder; one of the folder's own role leaves the folder's name.
    expect(layerOf('src/modules/user/commands/create-user/create-user.http.controller.ts')).toBe('controllers');
    expect(layerOf('src/modules/user/commands/create-user/create-user.command.ts')).toBe('commands');
    expect(layerOf('src/modules/user/queries/find-user/find-user.query-handler.ts')).toBe('queries');
    expect(layerOf('src/modules/user/database/user.repository.port.ts')).toBe('ports');
    expect(layerOf('src/modules/user/database/user.repository.ts')).toBe('database');
    expect(layerOf('src/modules/user/user.mapper.ts')).toBe('mappers');
    expect(layerOf('src/modules/wallet/domain/wallet.errors.ts')).toBe('domain');
    // The shared kernel is its own layer, public to every other one.
    expect(layerOf('src/libs/ddd/entity.base.ts')).toBe('ddd');
    expect(config.layers.find((layer) => layer.name === 'domain')?.mayImport).toEqual(['ddd']);
    expect(layerOf('src/main.ts')).toBe('bootstrap');
    expect(proposal.domains).toEqual(['src/modules/*']);
    expect(proposal.sharedKernel).toEqual(['src/libs/ddd']);
    expect(config.sharedKernel).toEqual(['src/libs/ddd']);
    // A module shows its domain events; with Nest, its domain entity (domain/user.entity.ts) stays internal all the same.
    expect(config.domainEntries).toEqual(['index.ts', 'domain/events/*.domain-event.ts']);
    expect(config.engines.extraForbiddenModules).toEqual(['slonik']);
    expect(proposal.uncovered).toEqual([]);
  });

  it('clean architecture, and a domain/application/infrastructure project is hexagonal, not clean', async () => {
    const clean = project([
      'src/entities/user.ts',
      'src/use-cases/create-user.ts',
      'src/interface-adapters/controllers/user-controller.ts',
      'src/interface-adapters/presenters/user.presenter.ts',
      'src/interface-adapters/gateways/user.repository.ts',
      'src/frameworks/web/server.ts',
    ]);
    const cleanResult = await assign(clean.root);
    expect(cleanResult.proposal.preset).toBe('clean');
    expect(cleanResult.proposal.pureLayers).toEqual(['entities']);
    // A strong folder wins over a suffix: a repository inside interface-adapters is an adapter.
    expect(cleanResult.layerOf('src/interface-adapters/gateways/user.repository.ts')).toBe('gateways');
    expect(cleanResult.layerOf('src/interface-adapters/controllers/user-controller.ts')).toBe('controllers');
    expect(cleanResult.layerOf('src/use-cases/create-user.ts')).toBe('useCases');
    // The ring's input side (controllers -> presenters) never reaches its output side: use cases call the gateways,
    // the frameworks ring wires them in. The ring's sides make no domain of the ring.
    const reach = (name: string) => cleanResult.config.layers.find((layer) => layer.name === name)?.mayImport;
    expect(reach('controllers')).toEqual(['presenters', 'useCases', 'entities']);
    expect(reach('presenters')).toEqual(['useCases', 'entities']);
    expect(reach('gateways')).toEqual(['useCases', 'entities']);
    expect(reach('frameworks')).toEqual(['controllers', 'presenters', 'gateways', 'useCases', 'entities']);
    expect(cleanResult.config.domains).toEqual([]);

    const ddd = project(['src/domain/user.ts', 'src/application/create-user.ts', 'src/infrastructure/user-db.ts', 'src/ports/users.ts']);
    const dddResult = await assign(ddd.root);
    expect(dddResult.proposal.preset).toBe('hexagonal');
    expect(Object.keys(layersOf(dddResult.proposal))).toEqual(['infrastructure', 'application', 'ports', 'domain']);
  });

  it('NestJS feature modules: layered by suffix, *.service.ts is a layer and not banned, tests excluded', async () => {
    const files = ['users', 'orders'].flatMap((feature) => [
      ...['module', 'controller', 'service', 'repository', 'entity'].map((kind) => `src/${feature}/${feature}.${kind}.ts`),
      `src/${feature}/dto/create-${feature}.dto.ts`,
      `src/${feature}/${feature}.service.spec.ts`,
    ]);
    const manifest = JSON.stringify({ dependencies: { '@nestjs/core': '10', typeorm: '0.3' } });
    const made = project([...files, 'src/main.ts'], { 'package.json': manifest });
    const { proposal, layerOf, config } = await assign(made.root);
    expect(proposal.preset).toBe('layered');
    expect(layersOf(proposal)).toEqual({
      modules: ['src/**/*.module.ts'],
      controllers: ['src/**/*.controller.ts'],
      services: ['src/**/*.service.ts'],
      repositories: ['src/**/*.repository.ts'],
      dtos: ['src/*/dto/**'],
      entities: ['src/**/*.entity.ts'],
      bootstrap: ['src/main.ts'],
    });
    expect(config.bannedFiles).toEqual([]);
    expect(config.exclude).toContain('**/*.spec.ts');
    // NestJS decorators take entity classes (`@ApiOkResponse({ type: User })`): values, not only types.
    const controllers = config.layers.find((layer) => layer.name === 'controllers');
    expect(controllers?.mayImport).toContain('entities');
    expect(controllers?.mayImportTypes).toEqual([]);
    expect(proposal.reachEvidence).toEqual([
      'controllers may import entities as values: NestJS is declared (@nestjs/core) and takes them as values',
    ]);
    expect(layerOf('src/users/dto/create-users.dto.ts')).toBe('dtos');
    expect(proposal.domains).toEqual([]);
    expect(proposal.pureLayers).toEqual([]);
    expect(proposal.owners).toEqual(['services']);
  });

  it('NestJS features with guards: modules, services, entities and guards are public; config, database, common are no domain', async () => {
    const files = ['users', 'orders', 'auth'].flatMap((feature) => [
      ...['module', 'controller', 'service', 'repository', 'entity'].map((kind) => `src/${feature}/${feature}.${kind}.ts`),
      `src/${feature}/dto/create-${feature}.dto.ts`,
    ]);
    const others = ['src/auth/guards/jwt-auth.guard.ts', 'src/common/pipes/trim.pipe.ts', 'src/config/configuration.ts'];
    const made = project([...files, ...others, 'src/database/data-source.ts', 'src/main.ts', 'src/app.module.ts'], {
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '10', typeorm: '0.3' } }),
    });
    const { config } = await assign(made.root);
    expect(config.domains).toEqual(['src/*']);
    expect(config.sharedKernel).toEqual(['src/common', 'src/config', 'src/database']);
    expect(config.domainEntries).toEqual(['index.ts', '*.entity.ts', '*.module.ts', '*.service.ts', 'guards/*.guard.ts']);
  });

  it('hexagonal features: the shared kernel and the settings folder are written to domains.shared', async () => {
    const files = ['accounts', 'transfers'].flatMap((feature) => [
      `src/${feature}/domain/${feature}.ts`,
      `src/${feature}/application/use-${feature}.ts`,
    ]);
    const made = project([...files, 'src/shared/domain/money.ts', 'src/config/env.ts', 'src/main.ts']);
    const { config } = await assign(made.root);
    expect(config.domains).toEqual(['src/*']);
    expect(config.sharedKernel).toEqual(['src/config', 'src/shared']);
    // No domain event, no Nest: the default entry.
    expect(config.domainEntries).toEqual(['index.ts']);
  });

  it('Express MVC: layered by folder, no pure layer, the composition root its own layer', async () => {
    const dirs = ['routes', 'controllers', 'services', 'models', 'middlewares', 'config'];
    const files = dirs.flatMap((dir) => [`src/${dir}/user.ts`, `src/${dir}/index.ts`]);
    const made = project([...files, 'src/app.ts'], { 'package.json': JSON.stringify({ dependencies: { express: '4', mysql2: '3' } }) });
    const { proposal, config } = await assign(made.root);
    expect(proposal.preset).toBe('layered');
    // Without NestJS a controller names a model as a type only: the model is reached through a service.
    const controllers = config.layers.find((layer) => layer.name === 'controllers');
    expect(controllers?.mayImport).not.toContain('models');
    expect(controllers?.mayImportTypes).toEqual(['models']);
    expect(proposal.reachEvidence).toEqual([
      'controllers may import models as types only: NestJS is not declared (@nestjs/core, @nestjs/common)',
    ]);
    expect(Object.keys(layersOf(proposal))).toEqual(['routes', 'controllers', 'middlewares', 'services', 'models', 'bootstrap', 'config']);
    expect(proposal.droppedLayers).toEqual(['repositories']);
    expect(config.layers.map((layer) => layer.name)).not.toContain('repositories');
    // The composition root may import every layer; nothing may import it.
    expect(config.layers.find((layer) => layer.name === 'bootstrap')?.paths).toEqual(['src/app.ts']);
    expect(config.engines.layers).toEqual([]);
    expect(config.engines.extraForbiddenModules).toEqual(['mysql2']);
    expect(proposal.uncovered).toEqual([]);
  });

  it('packages/* monorepo: reads the workspaces, one layer per package, may-import from each package.json', async () => {
    const made = project(
      [
        'packages/domain/src/order.ts',
        'packages/api/src/routes/orders.ts',
        'packages/api/src/server.ts',
        'packages/db/src/client.ts',
        'packages/shared/src/ids.ts',
      ],
      {
        'package.json': JSON.stringify({ name: 'mono', workspaces: ['packages/*'] }),
        'packages/domain/src/index.ts': 'export {};\n',
        'packages/db/src/index.ts': 'export {};\n',
        'packages/domain/package.json': JSON.stringify({ name: '@mono/domain', types: './src/index.ts' }),
        'packages/api/package.json': JSON.stringify({ name: '@mono/api', dependencies: { '@mono/domain': '*', '@mono/db': '*' } }),
        // Built to dist/: its sources are reached through src/index.ts.
        'packages/db/package.json': JSON.stringify({
          name: '@mono/db',
          exports: { '.': { import: './dist/index.js' } },
          dependencies: { pg: '8' },
        }),
        'packages/shared/package.json': JSON.stringify({ name: '@mono/shared' }),
      },
    );
    const facts = await detectProject(made.root);
    expect(facts.workspaces.map((pkg) => [pkg.dir, pkg.sourceRoot, pkg.dependsOn])).toEqual([
      ['packages/api', 'packages/api/src', ['@mono/db', '@mono/domain']],
      ['packages/db', 'packages/db/src', []],
      ['packages/domain', 'packages/domain/src', []],
      ['packages/shared', 'packages/shared/src', []],
    ]);
    const { proposal, layerOf, config } = await assign(made.root);
    // One layer per package; what each may import is what its package.json depends on.
    expect(proposal.preset).toBeUndefined();
    expect(config.include).toEqual(['packages/*/src/**/*.{ts,tsx,mts,cts}']);
    expect(config.layers.map((layer) => [layer.name, layer.paths, layer.mayImport])).toEqual([
      ['api', ['packages/api/src/**'], ['db', 'domain']],
      ['db', ['packages/db/src/**'], []],
      ['domain', ['packages/domain/src/**'], []],
      ['shared', ['packages/shared/src/**'], []],
    ]);
    expect(layerOf('packages/api/src/routes/orders.ts')).toBe('api');
    expect(proposal.pureLayers).toEqual(['domain']);
    expect(proposal.sharedKernel).toEqual(['packages/shared']);
    // The packages are the domains, each reached through its package.json entry; the shared package is public.
    expect(config.domains).toEqual(['packages/*']);
    expect(config.sharedKernel).toEqual(['packages/shared']);
    expect(config.domainEntriesByDomain).toEqual({ db: ['src/index.ts'], domain: ['src/index.ts'] });
    // Written without a preset, the config says so for the checks it leaves empty: no silent warning.
    expect(config.warnings.map((warning) => warning.path)).toEqual([]);
    expect(config.engines.extraForbiddenModules).toEqual(['pg']);
  });
});
