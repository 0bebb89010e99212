import { RuleTester } from '@typescript-eslint/rule-tester';
import { barrelHygiene } from '../../rules/barrel-hygiene.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';

const config = ruleProjectConfig();
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

const barrel = inProject('src/core/index.ts');
const file = 'src/core/index.ts';

ruleTester.run('barrel-hygiene', barrelHygiene, {
  valid: validCases(settings, [
    {
      name: 'named, star, namespace and type-only re-exports',
      filename: barrel,
      code: [
        "export { toOrder } from './orders.js';",
        "export { toOrder as default, toOrder as convert } from './orders.js';",
        "export * from './orders.js';",
        "export * as orders from './orders.js';",
        "export type { OrderRow } from '../db/order-row.js';",
        "export type * from '../types/order.js';",
        "export { type Order } from '../types/order.js';",
      ].join('\n'),
    },
    {
      name: 'imports whose bindings are only re-exported',
      filename: barrel,
      code: [
        "import { toOrder } from './orders.js';",
        "import * as orders from './orders.js';",
        "import findOrder from '../db/client.js';",
        'export { toOrder, orders as ordersModule };',
        'export default findOrder;',
      ].join('\n'),
    },
    {
      name: 'import type, and types that use imported values only in type positions',
      filename: barrel,
      code: [
        "import type { OrderRow } from '../db/order-row.js';",
        "import { toOrder, type Order } from './orders.js';",
        'export type Converter = typeof toOrder;',
        'export interface OrderView extends Order { row: OrderRow }',
        'export { toOrder };',
      ].join('\n'),
    },
    {
      name: 'a local type alias and interface (allowTypeDeclarations defaults to true)',
      filename: barrel,
      code: 'type Id = string;\ninterface Keyed { id: Id }\nexport type { Keyed };\nexport default interface Named { name: string }',
    },
    {
      name: 'directive prologue, empty statements, export {} and comments',
      filename: barrel,
      code: "'use strict';\n// Public surface of core.\n;\nexport {};\nexport { toOrder } from './orders.js';",
    },
    {
      name: 'an imported binding that is never used is not logic',
      filename: barrel,
      code: "import { toOrder } from './orders.js';\nexport * from './orders.js';",
    },
    {
      name: 'import = require re-exported with export =',
      filename: barrel,
      code: "import orders = require('./orders.js');\nexport = orders;",
    },
    {
      name: 'export import = require is a re-export',
      filename: barrel,
      code: "export import orders = require('./orders.js');",
    },
    {
      name: 'a file that is not a barrel may hold logic',
      filename: inProject('src/core/orders-index.ts'),
      code: 'export function helper() { return 1; }',
    },
    {
      name: 'index.ts outside the include globs is not checked',
      filename: inProject('test/index.ts'),
      code: "import './setup.js';\nexport const x = 1;",
    },
    {
      name: 'only the configured barrels globs count',
      filename: barrel,
      code: 'export const answer = 42;',
      settings: { plumbline: { config: ruleProjectConfig({ barrels: ['src/http/index.ts'] }) } },
    },
    {
      name: 'no barrels configured: nothing is a barrel',
      filename: barrel,
      code: 'export function helper() {}',
      settings: { plumbline: { config: ruleProjectConfig({ barrels: [] }) } },
    },
    {
      name: 'an index.ts that re-exports nothing is an ordinary module (a DI container)',
      filename: barrel,
      code: [
        "import { OrdersRepository } from './orders-repository.js';",
        "import { PlaceOrder } from './place-order.js';",
        'const repository = new OrdersRepository();',
        'export const container = { placeOrder: new PlaceOrder(repository) };',
      ].join('\n'),
    },
    {
      name: 'an index.ts router that exports its own router is not a barrel',
      filename: barrel,
      code: "import { Router } from 'express';\nexport const router = Router();\nrouter.get('/health', () => 'ok');\nexport default router;",
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'a helper function',
      filename: barrel,
      code: "export { toOrder } from './orders.js';\nfunction foo() {\n  return 1;\n}\nexport { foo };",
      errors: [{ messageId: 'notOnlyReExports', line: 2, column: 1, data: { file, what: 'declares a function `foo`' } }],
    },
    {
      name: 'one finding per file, at the first offending statement, naming what it holds',
      filename: barrel,
      code: "export * from './orders.js';\nexport function isBig(total: number) { return total > 100; }\nexport const LIMIT = 100, other = 2;\nexport let counter = 0;",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 2,
          column: 1,
          data: { file, what: 'declares a function `isBig`, declares consts `LIMIT`, `other` and declares a variable `counter`' },
        },
      ],
    },
    {
      name: 'more than three problems are counted, not listed',
      filename: barrel,
      code: "export * from './orders.js';\nexport class Orders {}\nexport enum Status { Open }\nconst enum Flag { On }\nexport namespace Shapes { export const x = 1; }\nconsole.log('loaded');",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 2,
          data: { file, what: 'declares a class `Orders`, declares an enum `Status`, declares an enum `Flag` and 2 more statements' },
        },
      ],
    },
    {
      name: 'a destructured const names every binding',
      filename: barrel,
      code: "export * from './orders.js';\nconst { a, b: [c], ...rest } = { a: 1, b: [2] };",
      errors: [{ messageId: 'notOnlyReExports', line: 2, data: { file, what: 'declares consts `a`, `c`, `rest`' } }],
    },
    {
      name: 'declare statements',
      filename: barrel,
      code: "export * from './orders.js';\ndeclare module 'express' { interface Request { user: string } }\ndeclare global { var debug: boolean }\nexport declare const version: string;",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 2,
          data: {
            file,
            what: "declares a module augmentation (`declare module 'express'`), declares a global augmentation (`declare global`) and declares a const `version`",
          },
        },
      ],
    },
    {
      name: 'overloads and their implementation are named once',
      filename: barrel,
      code: "export * from './orders.js';\nexport function pick(a: string): string;\nexport function pick(a: number): number;\nexport function pick(a: unknown) { return a; }",
      errors: [{ messageId: 'notOnlyReExports', line: 2, data: { file, what: 'declares a function `pick`' } }],
    },
    {
      name: 'side-effect imports',
      filename: barrel,
      code: "export * from './orders.js';\nimport './setup.js';\nimport {} from './register.js';",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 2,
          column: 1,
          data: { file, what: "has a side-effect import ('./setup.js') and has a side-effect import ('./register.js')" },
        },
      ],
    },
    {
      name: 'statements that run at import time',
      filename: barrel,
      code: "export * from './orders.js';\nif (process.env.DEBUG) {}\nfor (const x of []) {}\ntry {} catch {}",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 2,
          data: {
            file,
            what: 'runs an if statement at import time, runs a for-of loop at import time and runs a try statement at import time',
          },
        },
      ],
    },
    {
      name: 'a string statement after the prologue is not a directive',
      filename: barrel,
      code: "export * from './orders.js';\n'use strict';",
      errors: [{ messageId: 'notOnlyReExports', line: 2, data: { file, what: 'runs an expression statement at import time' } }],
    },
    {
      name: 'export default of an expression',
      filename: barrel,
      code: "export * from './orders.js';\nexport default { version: 1 };",
      errors: [{ messageId: 'notOnlyReExports', line: 2, column: 1, data: { file, what: 'default-exports an expression' } }],
    },
    {
      name: 'export default of a named function, and of an anonymous class',
      filename: barrel,
      code: "export * from './orders.js';\nexport default function setup() {}",
      errors: [{ messageId: 'notOnlyReExports', data: { file, what: 'declares a default-exported function `setup`' } }],
    },
    {
      name: 'export default of a local name, not an import',
      filename: barrel,
      code: "export * from './orders.js';\nconst local = 1;\nexport default local;",
      errors: [
        { messageId: 'notOnlyReExports', line: 2, data: { file, what: 'declares a const `local` and default-exports an expression' } },
      ],
    },
    {
      name: 'an imported name exported as it is makes the file a barrel; its other use is reported at the import',
      filename: barrel,
      code: "import { toOrder, type Order } from './orders.js';\nexport { toOrder };\nexport const convert = toOrder;\nexport type { Order };",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 1,
          column: 1,
          data: { file, what: 'uses the import `toOrder` for more than a re-export and declares a const `convert`' },
        },
      ],
    },
    {
      name: 'every misused binding of an import is named',
      filename: barrel,
      code: "import def, { toOrder, other } from './orders.js';\nexport { other };\ntoOrder(def);",
      errors: [
        {
          messageId: 'notOnlyReExports',
          line: 1,
          data: {
            file,
            what: 'uses the imports `def`, `toOrder` for more than a re-export and runs an expression statement at import time',
          },
        },
      ],
    },
    {
      name: 'allowTypeDeclarations false reports type aliases and interfaces',
      filename: barrel,
      code: "export type Id = string;\ninterface Keyed { id: Id }\nexport type { OrderRow } from '../db/order-row.js';",
      options: [{ allowTypeDeclarations: false }],
      errors: [
        { messageId: 'notOnlyReExports', line: 1, data: { file, what: 'declares a type alias `Id` and declares an interface `Keyed`' } },
      ],
    },
    {
      name: 'a configured barrel glob other than index.ts',
      filename: inProject('src/http/public.ts'),
      code: "export { routes } from './routes.js';\nexport const port = 8080;",
      settings: { plumbline: { config: ruleProjectConfig({ barrels: ['src/*/public.ts'] }) } },
      errors: [{ messageId: 'notOnlyReExports', line: 2, data: { file: 'src/http/public.ts', what: 'declares a const `port`' } }],
    },
  ]),
});
