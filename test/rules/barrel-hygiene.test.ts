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
      code: "type Id = string;\ninterface Keyed { id: Id }\nexport type { Keyed };\nexport default interface Named { name: string }",
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
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'a helper function',
      filename: barrel,
      code: "export { toOrder } from './orders.js';\nfunction foo() {\n  return 1;\n}\nexport { foo };",
      errors: [{ messageId: 'declaration', line: 2, column: 1, data: { file, what: 'a function `foo`' } }],
    },
    {
      name: 'export function and export const',
      filename: barrel,
      code: "export function isBig(total: number) { return total > 100; }\nexport const LIMIT = 100, other = 2;\nexport let counter = 0;",
      errors: [
        { messageId: 'declaration', line: 1, column: 1, data: { file, what: 'a function `isBig`' } },
        { messageId: 'declaration', line: 2, column: 1, data: { file, what: 'consts `LIMIT`, `other`' } },
        { messageId: 'declaration', line: 3, column: 1, data: { file, what: 'a variable `counter`' } },
      ],
    },
    {
      name: 'a destructured const names every binding',
      filename: barrel,
      code: 'const { a, b: [c], ...rest } = { a: 1, b: [2] };',
      errors: [{ messageId: 'declaration', data: { file, what: 'consts `a`, `c`, `rest`' } }],
    },
    {
      name: 'a class, an enum and a namespace',
      filename: barrel,
      code: 'export class Orders {}\nexport enum Status { Open }\nconst enum Flag { On }\nexport namespace Shapes { export const x = 1; }',
      errors: [
        { messageId: 'declaration', line: 1, data: { file, what: 'a class `Orders`' } },
        { messageId: 'declaration', line: 2, data: { file, what: 'an enum `Status`' } },
        { messageId: 'declaration', line: 3, data: { file, what: 'an enum `Flag`' } },
        { messageId: 'declaration', line: 4, data: { file, what: 'a namespace `Shapes`' } },
      ],
    },
    {
      name: 'declare statements',
      filename: barrel,
      code: "declare module 'express' { interface Request { user: string } }\ndeclare global { var debug: boolean }\nexport declare const version: string;\ndeclare function hook(): void;",
      errors: [
        { messageId: 'declaration', line: 1, data: { file, what: "a module augmentation (`declare module 'express'`)" } },
        { messageId: 'declaration', line: 2, data: { file, what: 'a global augmentation (`declare global`)' } },
        { messageId: 'declaration', line: 3, data: { file, what: 'a const `version`' } },
        { messageId: 'declaration', line: 4, data: { file, what: 'a function `hook`' } },
      ],
    },
    {
      name: 'overloads and their implementation are reported once',
      filename: barrel,
      code: 'export function pick(a: string): string;\nexport function pick(a: number): number;\nexport function pick(a: unknown) { return a; }',
      errors: [{ messageId: 'declaration', line: 1, data: { file, what: 'a function `pick`' } }],
    },
    {
      name: 'a side-effect import',
      filename: barrel,
      code: "export * from './orders.js';\nimport './setup.js';\nimport {} from './register.js';",
      errors: [
        { messageId: 'sideEffectImport', line: 2, column: 1, data: { file, specifier: './setup.js' } },
        { messageId: 'sideEffectImport', line: 3, column: 1, data: { file, specifier: './register.js' } },
      ],
    },
    {
      name: 'statements that run at import time',
      filename: barrel,
      code: "console.log('loaded');\nif (process.env.DEBUG) {}\nfor (const x of []) {}\n{ }\ntry {} catch {}",
      errors: [
        { messageId: 'statement', line: 1, column: 1, data: { file, what: 'an expression statement' } },
        { messageId: 'statement', line: 2, data: { file, what: 'an if statement' } },
        { messageId: 'statement', line: 3, data: { file, what: 'a for-of loop' } },
        { messageId: 'statement', line: 4, data: { file, what: 'a block' } },
        { messageId: 'statement', line: 5, data: { file, what: 'a try statement' } },
      ],
    },
    {
      name: 'a string statement after the prologue is not a directive',
      filename: barrel,
      code: "export * from './orders.js';\n'use strict';",
      errors: [{ messageId: 'statement', line: 2, data: { file, what: 'an expression statement' } }],
    },
    {
      name: 'export default of an expression',
      filename: barrel,
      code: "export default { version: 1 };",
      errors: [{ messageId: 'defaultExport', line: 1, column: 1, data: { file } }],
    },
    {
      name: 'export default of a named function',
      filename: barrel,
      code: 'export default function setup() {}',
      errors: [{ messageId: 'declaration', data: { file, what: 'a default-exported function `setup`' } }],
    },
    {
      name: 'export default of an anonymous class',
      filename: barrel,
      code: 'export default class {}',
      errors: [{ messageId: 'declaration', data: { file, what: 'a default-exported class' } }],
    },
    {
      name: 'export default of a local name, not an import',
      filename: barrel,
      code: 'const local = 1;\nexport default local;',
      errors: [
        { messageId: 'declaration', line: 1, data: { file, what: 'a const `local`' } },
        { messageId: 'defaultExport', line: 2 },
      ],
    },
    {
      name: 'an import used for more than a re-export is reported at the import',
      filename: barrel,
      code: "import { toOrder, type Order } from './orders.js';\nexport const convert = toOrder;\nexport type { Order };",
      errors: [
        { messageId: 'usedImport', line: 1, column: 1, data: { file, names: 'the import `toOrder`' } },
        { messageId: 'declaration', line: 2, data: { file, what: 'a const `convert`' } },
      ],
    },
    {
      name: 'every misused binding of an import is named',
      filename: barrel,
      code: "import def, { toOrder, other } from './orders.js';\nexport { other };\ntoOrder(def);",
      errors: [
        { messageId: 'usedImport', line: 1, data: { file, names: 'the imports `def`, `toOrder`' } },
        { messageId: 'statement', line: 3 },
      ],
    },
    {
      name: 'a namespace import used in code',
      filename: barrel,
      code: "import * as orders from './orders.js';\nexport const { toOrder } = orders;",
      errors: [
        { messageId: 'usedImport', line: 1, data: { file, names: 'the import `orders`' } },
        { messageId: 'declaration', line: 2, data: { file, what: 'a const `toOrder`' } },
      ],
    },
    {
      name: 'allowTypeDeclarations false reports type aliases and interfaces',
      filename: barrel,
      code: "export type Id = string;\ninterface Keyed { id: Id }\nexport type { OrderRow } from '../db/order-row.js';",
      options: [{ allowTypeDeclarations: false }],
      errors: [
        { messageId: 'declaration', line: 1, data: { file, what: 'a type alias `Id`' } },
        { messageId: 'declaration', line: 2, data: { file, what: 'an interface `Keyed`' } },
      ],
    },
    {
      name: 'a configured barrel glob other than index.ts',
      filename: inProject('src/http/public.ts'),
      code: "export { routes } from './routes.js';\nexport const port = 8080;",
      settings: { plumbline: { config: ruleProjectConfig({ barrels: ['src/*/public.ts'] }) } },
      errors: [{ messageId: 'declaration', line: 2, data: { file: 'src/http/public.ts', what: 'a const `port`' } }],
    },
  ]),
});
