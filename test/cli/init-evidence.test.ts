import { afterEach, describe, expect, it } from 'vitest';
import { proposeInitLayout } from '../../cli/init-command.js';
import { buildConfigObject } from '../../cli/init/render-config.js';
import { detectProject } from '../../config/layout-detection/project-facts.js';
import { getProjectMatcher } from '../../config/project-paths.js';
import { resolveConfig } from '../../config/resolve.js';
import { makeTempProject } from '../helpers/temp-project.js';

const temps: Array<{ remove(): void }> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function project(files: Record<string, string>) {
  const made = makeTempProject();
  temps.push(made);
  for (const [file, text] of Object.entries(files)) made.write(file, text);
  return made;
}

/** What init proposes and writes for the project, judged by its code as init does. */
async function initLayout(root: string) {
  const facts = await detectProject(root);
  const proposal = proposeInitLayout(facts);
  const config = resolveConfig(buildConfigObject(facts, proposal), { cwd: root });
  const matcher = getProjectMatcher(config);
  return { proposal, config, layerOf: (file: string) => matcher.layerOf(`${root}/${file}`)?.name ?? null };
}

const unitOfWork = `import type pg from 'pg';
export class PgUnitOfWork {
  constructor(private readonly pool: pg.Pool) {}
  async run<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
}
`;

// A repository committing its own statement: a real transaction-boundaries finding, never an owner.
const committingRepository = `import type pg from 'pg';
export async function saveAccount(client: pg.PoolClient, id: string): Promise<void> {
  await client.query('BEGIN');
  await client.query('INSERT INTO accounts (id) VALUES ($1)', [id]);
  await client.query('COMMIT');
}
`;

const hexagonal = (extra: Record<string, string>) => ({
  'package.json': JSON.stringify({ dependencies: { pg: '8' } }),
  'src/accounts/domain/account.ts': 'export interface Account { id: string }\n',
  'src/accounts/application/open-account.service.ts': 'export const open = (id: string) => ({ id });\n',
  'src/accounts/ports/out/save-account.port.ts': 'export interface SaveAccount { save(id: string): Promise<void> }\n',
  'src/accounts/adapters/out/pg-pool.ts': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
  ...extra,
});

describe('init judges layers by what their code does', () => {
  it('a unit of work outside the owner layers gets an owner layer of its own; a committing repository does not', async () => {
    const made = project(
      hexagonal({
        'src/accounts/adapters/out/pg-unit-of-work.ts': unitOfWork,
        'src/accounts/adapters/out/pg-account.repository.ts': committingRepository,
        'src/accounts/index.ts': "export * from './domain/account';\n",
        'src/main.ts': "import { PgUnitOfWork } from './accounts/adapters/out/pg-unit-of-work';\nexport const uow = PgUnitOfWork;\n",
      }),
    );
    const { proposal, config, layerOf } = await initLayout(made.root);
    expect(proposal.preset).toBe('hexagonal');
    expect(layerOf('src/accounts/adapters/out/pg-unit-of-work.ts')).toBe('unitOfWork');
    expect(layerOf('src/accounts/adapters/out/pg-account.repository.ts')).toBe('outbound');
    expect(config.transactions.owners).toEqual(['application', 'unitOfWork']);
    // It uses the adapters' client; the adapters do not import it; the composition root may build it.
    expect(config.layers.find((layer) => layer.name === 'unitOfWork')?.mayImport).toContain('outbound');
    // The composition root may import every layer: the owner carved out and the domains' entries too.
    expect(config.layers.find((layer) => layer.name === 'bootstrap')?.mayImport).toEqual(expect.arrayContaining(['unitOfWork', 'entries']));
    expect(proposal.ownerEvidence).toEqual([
      "unitOfWork (out of outbound): src/accounts/adapters/out/pg-unit-of-work.ts begins, commits and rolls back a transaction around its caller's work",
    ]);
  });

  it("a layer holding only the code that opens transactions around its caller's work becomes an owner itself", async () => {
    const made = project({
      'package.json': JSON.stringify({ dependencies: { slonik: '30' } }),
      'src/modules/user/domain/user.entity.ts': 'export class UserEntity {}\n',
      'src/modules/user/commands/create-user/create-user.handler.ts': 'export class CreateUserHandler {}\n',
      'src/modules/user/database/user.repository.ts':
        "import { Base } from '../../../libs/db/sql-repository.base';\nexport class R extends Base {}\n",
      'src/libs/db/sql-repository.base.ts': `import type { DatabasePool } from 'slonik';
export abstract class Base {
  constructor(private readonly pool: DatabasePool) {}
  async transaction<T>(handler: () => Promise<T>): Promise<T> {
    return this.pool.transaction(async () => handler());
  }
}
`,
      'src/libs/exceptions/not-found.ts': 'export class NotFound extends Error {}\n',
    });
    const { config, layerOf } = await initLayout(made.root);
    expect(layerOf('src/libs/db/sql-repository.base.ts')).toBe('db');
    expect(layerOf('src/libs/exceptions/not-found.ts')).toBe('libs');
    expect(config.transactions.owners).toContain('db');
    expect(config.transactions.owners).not.toContain('libs');
  });

  it('shared code is pure when its files show it, and stays impure at one clock read or I/O import', async () => {
    const kernel = {
      'src/modules/user/domain/user.entity.ts':
        "import { Entity } from '../../../libs/ddd/entity.base';\nexport class User extends Entity {}\n",
      'src/modules/user/commands/create-user.handler.ts': 'export class H {}\n',
      'src/libs/ddd/index.ts': "export * from './entity.base';\n",
      'src/libs/ddd/entity.base.ts': 'export abstract class Entity {\n  protected touch(at: Date): Date {\n    return at;\n  }\n}\n',
    };
    const pure = await initLayout(project(kernel).root);
    expect(pure.config.engines.layers).toEqual(['domain', 'ddd']);

    const clock = { ...kernel, 'src/libs/ddd/clock.ts': 'export const stamp = () => new Date();\n' };
    expect((await initLayout(project(clock).root)).config.engines.layers).toEqual(['domain']);

    const io = {
      ...kernel,
      'src/libs/ddd/store.ts': "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n",
    };
    expect((await initLayout(project(io).root)).config.engines.layers).toEqual(['domain']);
  });

  it('an app named by its product (MoocBackendApp.ts) starts the app: bootstrap, like server.ts', async () => {
    const made = project({
      'src/Contexts/Mooc/Courses/domain/Course.ts': 'export class Course {}\n',
      'src/Contexts/Mooc/Courses/application/CourseCreator.ts': 'export class CourseCreator {}\n',
      'src/apps/mooc/backend/controllers/CoursePutController.ts': 'export class CoursePutController {}\n',
      'src/apps/mooc/backend/MoocBackendApp.ts': 'export class MoocBackendApp {}\n',
      'src/apps/mooc/backend/server.ts': 'export class Server {}\n',
    });
    const { layerOf } = await initLayout(made.root);
    expect(layerOf('src/apps/mooc/backend/MoocBackendApp.ts')).toBe('bootstrap');
    expect(layerOf('src/apps/mooc/backend/server.ts')).toBe('bootstrap');
  });
});
