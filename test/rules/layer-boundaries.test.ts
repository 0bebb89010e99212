import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { layerBoundaries } from '../../rules/layer-boundaries.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';

const config = ruleProjectConfig();
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

const http = inProject('src/http/new-route.ts');
const core = inProject('src/core/new-decision.ts');
const types = inProject('src/types/new-type.ts');

ruleTester.run('layer-boundaries', layerBoundaries, {
  valid: validCases(settings, [
    { name: 'allowed relative import', filename: http, code: "import { toOrder } from '../core/orders.js';" },
    { name: 'allowed tsconfig alias', filename: http, code: "import { toOrder } from '~/core/orders.js';" },
    { name: 'same layer', filename: core, code: "export { toOrder } from './orders.js';" },
    { name: 'import type from a types-only layer', filename: core, code: "import type { OrderRow } from '../db/order-row.js';" },
    { name: 'export type from a types-only layer', filename: core, code: "export type { OrderRow } from '../db/order-row.js';" },
    {
      name: 'inline type specifiers are elided without verbatimModuleSyntax',
      filename: core,
      code: "import { type OrderRow } from '../db/order-row.js';",
    },
    { name: 'import() type reference', filename: core, code: "type Row = import('../db/order-row.js').OrderRow;" },
    { name: 'packages and builtins are not layers', filename: types, code: "import fs from 'node:fs'; import ts from 'typescript';" },
    { name: 'dynamic import without a literal is not followed', filename: http, code: 'const mod = await import(process.argv[2]);' },
    {
      name: 'files outside include are not checked',
      filename: inProject('test/orders.test.ts'),
      code: "import { findOrder } from '../src/db/client.js';",
    },
    {
      name: 'unassigned files are not reported with reportUnassigned false',
      filename: inProject('src/misc/helper.ts'),
      code: 'export const x = 1;',
      options: [{ reportUnassigned: false }],
    },
    {
      name: "unassigned files are not reported with config unassigned 'off'",
      filename: inProject('src/misc/helper.ts'),
      code: 'export const x = 1;',
      settings: { plumbline: { config: ruleProjectConfig({ unassigned: 'off' }) } },
    },
    {
      name: 'a file with no plumbline config above it is left alone',
      filename: path.join(path.parse(REPO_ROOT).root, 'tmp', 'elsewhere', 'x.ts'),
      code: "import { findOrder } from '../db/client.js';",
      settings: {},
    },
    {
      name: 'config found by walking up from the file (plumbline.config.json)',
      filename: http,
      code: "import { toOrder } from '../core/orders.js';",
      settings: {},
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'relative import of a forbidden layer',
      filename: http,
      code: "import { findOrder } from '../db/client.js';",
      errors: [
        {
          messageId: 'forbiddenImport',
          line: 1,
          column: 27,
          data: {
            from: "'http'",
            to: "'db' (infra)",
            specifier: '../db/client.js',
            target: 'src/db/client.ts',
            allowed: "It may import 'core', 'types'.",
          },
        },
      ],
    },
    {
      name: 'tsconfig path alias',
      filename: http,
      code: "import { findOrder } from '~/db/client.js';",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'package.json #imports subpath',
      filename: http,
      code: "import { findOrder } from '#db/client.js';",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'export * from',
      filename: http,
      code: "export * from '../db/client.js';",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'export { x } from',
      filename: http,
      code: "export { findOrder } from '../db/client.js';",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'dynamic import with a literal',
      filename: http,
      code: "const db = await import('../db/client.js');",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'dynamic import with a plain template literal',
      filename: http,
      code: 'const db = await import(`../db/client.js`);',
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'require()',
      filename: http,
      code: "const db = require('../db/client.js');",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'import = require()',
      filename: http,
      code: "import db = require('../db/client.js');",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'import type is still forbidden where mayImportTypes does not allow it',
      filename: http,
      code: "import type { OrderRow } from '../db/order-row.js';",
      errors: [{ messageId: 'forbiddenImport' }],
    },
    {
      name: 'a file that does not exist yet is placed by its folder',
      filename: http,
      code: "import { later } from '../db/not-written-yet.js';",
      errors: [
        {
          messageId: 'forbiddenImport',
          data: {
            from: "'http'",
            to: "'db' (infra)",
            specifier: '../db/not-written-yet.js',
            target: 'src/db/not-written-yet.js',
            allowed: "It may import 'core', 'types'.",
          },
        },
      ],
    },
    {
      name: 'value import from a types-only layer',
      filename: core,
      code: "import { findOrder } from '../db/client.js';",
      errors: [{ messageId: 'typeOnlyImport', line: 1, column: 27 }],
    },
    {
      name: 'inline type specifiers count as a value import under verbatimModuleSyntax',
      filename: core,
      code: "import { type OrderRow } from '../db/order-row.js';",
      settings: { plumbline: { config: ruleProjectConfig({ tsconfig: '../../../tsconfig.json' }) } },
      errors: [{ messageId: 'typeOnlyImport' }],
    },
    {
      name: 'a layer that may import nothing',
      filename: types,
      code: "import { toOrder } from '../core/orders.js';",
      errors: [
        {
          messageId: 'forbiddenImport',
          data: {
            from: "'types'",
            to: "'core' (domain)",
            specifier: '../core/orders.js',
            target: 'src/core/orders.ts',
            allowed: 'It may import no other layer.',
          },
        },
      ],
    },
    {
      name: 'every forbidden import in a file is reported',
      filename: http,
      code: "import { findOrder } from '../db/client.js';\nimport type { OrderRow } from '#db/order-row.js';",
      errors: [
        { messageId: 'forbiddenImport', line: 1 },
        { messageId: 'forbiddenImport', line: 2 },
      ],
    },
    {
      name: 'a source file in no layer is reported once',
      filename: inProject('src/misc/helper.ts'),
      code: "import { findOrder } from '../db/client.js';\nexport const x = 1;",
      errors: [{ messageId: 'unassignedFile', line: 1, column: 1, data: { file: 'src/misc/helper.ts', config: 'plumbline.config.json' } }],
    },
    {
      name: 'an invalid config is reported, not thrown',
      filename: http,
      code: 'export const x = 1;',
      settings: { plumbline: { configFile: path.join(REPO_ROOT, 'test/fixtures/bad-config/plumbline.config.json') } },
      errors: [{ messageId: 'invalidConfig' }],
    },
  ]),
});
