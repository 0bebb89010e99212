import { afterEach, describe, expect, it } from 'vitest';
import { detectProject } from '../../config/layout-detection/project-facts.js';
import { installCommandLines } from '../../cli/init/install-commands.js';
import { PACKAGE_VERSION, PEER_RANGES } from '../../core/package-info.js';
import { makeTempProject } from '../helpers/temp-project.js';

const projects: Array<ReturnType<typeof makeTempProject>> = [];
afterEach(() => projects.splice(0).forEach((project) => project.remove()));

async function linesFor(packageJson: Record<string, unknown>, extra: Record<string, string> = {}): Promise<string[]> {
  const project = makeTempProject();
  projects.push(project);
  project.write('package.json', JSON.stringify(packageJson));
  project.write('src/api/routes.ts', 'export const x = 1;\n');
  for (const [file, text] of Object.entries(extra)) project.write(file, text);
  return installCommandLines(await detectProject(project.root));
}

describe('plumbline init: install commands', () => {
  it('a bare project: the tool and its peers as dev dependencies, the runtime as a production one, the rest for later', async () => {
    expect(await linesFor({ name: 'app' })).toEqual([
      'Install (plumbline init installs nothing itself):',
      `  npm install --save-dev "@plumbline-kit/plumbline@^${PACKAGE_VERSION}" "eslint@${PEER_RANGES['eslint']}" ` +
        `"typescript@${PEER_RANGES['typescript']}"   # the CLI, the ESLint rules and the static and architecture gates`,
      `  npm install "@plumbline-kit/runtime@^${PACKAGE_VERSION}"   # what the application imports at run time`,
      'When you set up the gates left unconfigured:',
      `  npm install --save-dev "vitest@${PEER_RANGES['vitest']}"   ` +
        "# the invariants, property and shadow gates run the project's tests under vitest",
      `  npm install --save-dev "fast-check@${PEER_RANGES['fast-check']}"   # the property helpers of @plumbline-kit/plumbline/testing`,
      `  npm install --save-dev "@stryker-mutator/core@${PEER_RANGES['@stryker-mutator/core']}" ` +
        `"@stryker-mutator/vitest-runner@${PEER_RANGES['@stryker-mutator/vitest-runner']}"   # the mutation gate`,
    ]);
  });

  it("asks only for what is missing, moves the runtime out of devDependencies, and uses the lockfile's manager", async () => {
    const lines = await linesFor(
      {
        dependencies: { pg: '8.0.0', kysely: '0.27.0' },
        devDependencies: {
          '@plumbline-kit/plumbline': '0.1.0',
          '@plumbline-kit/runtime': '0.1.0',
          eslint: '10.0.0',
          typescript: '5.9.0',
          vitest: '4.0.0',
        },
      },
      { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' },
    );
    expect(lines).toEqual([
      'Install (plumbline init installs nothing itself):',
      `  pnpm add "@plumbline-kit/runtime@^${PACKAGE_VERSION}"   # what the application imports at run time`,
      'When you set up the gates left unconfigured:',
      `  pnpm add -D "fast-check@${PEER_RANGES['fast-check']}"   # the property helpers of @plumbline-kit/plumbline/testing`,
      `  pnpm add -D "@stryker-mutator/core@${PEER_RANGES['@stryker-mutator/core']}" ` +
        `"@stryker-mutator/vitest-runner@${PEER_RANGES['@stryker-mutator/vitest-runner']}"   # the mutation gate`,
    ]);
  });

  it('names a database driver for the data gates when an ORM is there without one', async () => {
    const lines = await linesFor({ packageManager: 'yarn@4.1.0', dependencies: { 'drizzle-orm': '0.30.0' } });
    expect(lines).toContain(
      `  yarn add -D "pg@${PEER_RANGES['pg']}"   # the schema-drift and data-quality gates on PostgreSQL (better-sqlite3 for SQLite)`,
    );
  });
});
