import { RuleTester } from '@typescript-eslint/rule-tester';
import { operationOwnership } from '../../rules/operation-ownership.js';
import { domainProjectConfig, inDomainProject } from '../helpers/domain-project.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';

const config = domainProjectConfig();
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

const billing = inDomainProject('src/modules/billing/internal/refund.ts');
const runtime = "import { defineOperation } from '@plumbline-kit/runtime';\n";

ruleTester.run('operation-ownership', operationOwnership, {
  valid: validCases(settings, [
    {
      name: 'owner is the domain of the file',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'billing', handler });`,
    },
    {
      name: 'an aliased named import',
      filename: billing,
      code: "import { defineOperation as op } from '@plumbline-kit/runtime';\nexport const refund = op({ id: 'billing.refund', owner: 'billing', handler });",
    },
    {
      name: 'a namespace import',
      filename: billing,
      code: "import * as rt from '@plumbline-kit/runtime';\nexport const refund = rt.defineOperation({ id: 'billing.refund', owner: 'billing', handler });",
    },
    {
      name: 'a template literal without substitutions is a literal',
      filename: billing,
      code: `${runtime}defineOperation({ id: \`billing.refund\`, owner: \`billing\` });`,
    },
    {
      name: 'owner with `as const`',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'billing' as const });`,
    },
    {
      name: 'a local function named defineOperation is not the runtime one',
      filename: billing,
      code: "import { createOperationRegistry } from '@plumbline-kit/runtime';\nfunction defineOperation(spec: object) { return spec; }\ndefineOperation({ id: 'x.y', owner: 'shipping' });",
    },
    {
      name: 'a parameter shadowing the import is not the runtime one',
      filename: billing,
      code: `${runtime}export function make(defineOperation: (spec: object) => object) {\n  return defineOperation({ id: 'x.y', owner: 'shipping' });\n}`,
    },
    {
      name: 'defineOperation from another module is not checked',
      filename: billing,
      code: "import { defineOperation } from './my-runtime.js';\ndefineOperation({ id: 'x.y', owner: 'shipping' });",
    },
    {
      name: 'a type-only import declares nothing',
      filename: billing,
      code: "import type { defineOperation } from '@plumbline-kit/runtime';\ndeclare const define: typeof defineOperation;\ndefine({ id: 'x.y', owner: 'shipping' } as never);",
    },
    {
      name: 'another runtime export is not a declaration',
      filename: billing,
      code: "import { createOperationRegistry } from '@plumbline-kit/runtime';\ncreateOperationRegistry({ owner: 'shipping' } as never);",
    },
    {
      name: 'a computed id is not checked against the owner',
      filename: billing,
      code: `${runtime}const name = 'refund';\ndefineOperation({ id: \`shipping.\${name}\`, owner: 'billing' });`,
    },
    {
      name: 'an id without a dot has no prefix to compare',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'refund', owner: 'billing' });`,
    },
    {
      name: 'id prefix check off',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'payments.refund', owner: 'billing' });`,
      options: [{ idPrefixMatchesOwner: false }],
    },
    {
      name: 'a project module listed in runtimeModules, by its text',
      filename: billing,
      code: "import { defineOperation } from '@app/platform/define';\ndefineOperation({ id: 'billing.refund', owner: 'billing' });",
      options: [{ runtimeModules: ['@app/platform/define'] }],
    },
    {
      name: 'files outside the checked sources are not checked',
      filename: inDomainProject('src/modules/billing/legacy/old.ts'),
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'shipping' });`,
      settings: { plumbline: { config: domainProjectConfig({ exclude: ['src/modules/billing/legacy/**'] }) } },
    },
    {
      name: 'a file with no config is left alone',
      filename: '/tmp/plumbline-no-config/x.ts',
      code: `${runtime}defineOperation({ id: 'billing.refund' });`,
      settings: {},
    },
    {
      name: 'config found by walking up from the file (plumbline.config.json)',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'billing' });`,
      settings: {},
    },
    {
      name: 'a file without operations',
      filename: billing,
      code: "import { memorySink } from '@plumbline-kit/runtime';\nexport const sink = memorySink();",
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'owner names another domain',
      filename: inDomainProject('src/modules/shipping/internal/ship.ts'),
      code: `${runtime}export const ship = defineOperation({ id: 'shipping.ship', owner: 'billing', handler });`,
      errors: [
        {
          messageId: 'idPrefixMismatch',
          line: 2,
          column: 43,
          data: { id: 'shipping.ship', prefix: 'shipping', owner: 'billing', name: 'ship' },
        },
        {
          messageId: 'ownerMismatch',
          line: 2,
          column: 67,
          data: {
            operation: "Operation 'shipping.ship'",
            owner: 'billing',
            domain: 'shipping',
            file: 'src/modules/shipping/internal/ship.ts',
          },
        },
      ],
    },
    {
      name: 'owner missing',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'billing.refund', handler });`,
      errors: [{ messageId: 'missingOwner', line: 2, column: 1, data: { operation: "Operation 'billing.refund'", domain: 'billing' } }],
    },
    {
      name: 'owner held in a variable',
      filename: billing,
      code: `${runtime}const OWNER = 'billing';\ndefineOperation({ id: 'billing.refund', owner: OWNER });`,
      errors: [
        {
          messageId: 'ownerNotStatic',
          line: 3,
          column: 48,
          data: { operation: "Operation 'billing.refund'", code: 'OWNER', domain: 'billing' },
        },
      ],
    },
    {
      name: 'owner as shorthand property',
      filename: billing,
      code: `${runtime}const owner = 'billing';\ndefineOperation({ id: 'billing.refund', owner });`,
      errors: [{ messageId: 'ownerNotStatic', line: 3, column: 41 }],
    },
    {
      name: 'owner possibly from a spread',
      filename: billing,
      code: `${runtime}defineOperation({ ...base, id: 'billing.refund' });`,
      errors: [
        {
          messageId: 'ownerNotStatic',
          line: 2,
          column: 19,
          data: { operation: "Operation 'billing.refund'", code: '...base', domain: 'billing' },
        },
      ],
    },
    {
      name: 'id prefix differs from the owner',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'payments.refund', owner: 'billing' });`,
      errors: [
        {
          messageId: 'idPrefixMismatch',
          line: 2,
          column: 23,
          data: { id: 'payments.refund', prefix: 'payments', owner: 'billing', name: 'refund' },
        },
      ],
    },
    {
      name: 'a file in no domain',
      filename: inDomainProject('src/app/operations.ts'),
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'billing' });`,
      errors: [
        { messageId: 'noDomain', line: 2, column: 1, data: { operation: "Operation 'billing.refund'", file: 'src/app/operations.ts' } },
      ],
    },
    {
      name: 'a project without domains',
      filename: inProject('src/core/operations.ts'),
      code: `${runtime}defineOperation({ id: 'orders.place', owner: 'orders' });`,
      settings: { plumbline: { config: ruleProjectConfig() } },
      errors: [
        {
          messageId: 'noDomainsConfigured',
          line: 2,
          column: 1,
          data: { operation: "Operation 'orders.place'", file: 'src/core/operations.ts' },
        },
      ],
    },
    {
      name: 'a namespace import, element access, wrong owner',
      filename: billing,
      code: "import * as rt from '@plumbline-kit/runtime';\nrt['defineOperation']({ id: 'billing.refund', owner: 'shipping' });",
      options: [{ idPrefixMatchesOwner: false }],
      errors: [{ messageId: 'ownerMismatch', line: 2, column: 54 }],
    },
    {
      name: 'import = require',
      filename: billing,
      code: "import rt = require('@plumbline-kit/runtime');\nrt.defineOperation({ id: 'billing.refund' });",
      errors: [{ messageId: 'missingOwner', line: 2, column: 1 }],
    },
    {
      name: 'a const alias and a destructured alias',
      filename: billing,
      code: "import * as rt from '@plumbline-kit/runtime';\nconst op = rt.defineOperation;\nconst { defineOperation: declare } = rt;\nop({ id: 'billing.a' });\ndeclare({ id: 'billing.b' });",
      errors: [
        { messageId: 'missingOwner', line: 4, column: 1 },
        { messageId: 'missingOwner', line: 5, column: 1 },
      ],
    },
    {
      name: 'a computed id: the label has no id',
      filename: billing,
      code: `${runtime}defineOperation({ id: ids.refund, owner: 'shipping' });`,
      errors: [
        {
          messageId: 'ownerMismatch',
          line: 2,
          column: 42,
          data: { operation: 'Operation', owner: 'shipping', domain: 'billing', file: 'src/modules/billing/internal/refund.ts' },
        },
      ],
    },
    {
      name: 'a declaration that is not an object literal',
      filename: billing,
      code: `${runtime}const declaration = { id: 'billing.refund', owner: 'billing' };\ndefineOperation(declaration);`,
      errors: [{ messageId: 'declarationNotStatic', line: 3, column: 17, data: { code: 'declaration' } }],
    },
    {
      name: 'a declaration wrapped in satisfies is still read',
      filename: billing,
      code: `${runtime}defineOperation({ id: 'billing.refund', owner: 'shipping' } satisfies object);`,
      options: [{ idPrefixMatchesOwner: false }],
      errors: [{ messageId: 'ownerMismatch', line: 2, column: 48 }],
    },
    {
      name: 'a re-exporting module listed by its text',
      filename: billing,
      code: "import { defineOperation as op } from '@app/platform/define';\nop({ id: 'billing.refund', owner: 'shipping' });",
      options: [{ runtimeModules: ['@app/platform/define'], idPrefixMatchesOwner: false }],
      errors: [{ messageId: 'ownerMismatch', line: 2, column: 35 }],
    },
    {
      name: 'a re-exporting module listed as a path from the root, imported relatively',
      filename: billing,
      code: "import { defineOperation } from '../../../shared/money.js';\ndefineOperation({ id: 'billing.refund', owner: 'shipping' });",
      options: [{ runtimeModules: ['./src/shared/money.ts'], idPrefixMatchesOwner: false }],
      errors: [{ messageId: 'ownerMismatch', line: 2, column: 48 }],
    },
    {
      name: 'a nested call inside a function is found',
      filename: billing,
      code: `${runtime}export function build() {\n  return [defineOperation({ id: 'billing.refund', owner: 'accounts' })];\n}`,
      options: [{ idPrefixMatchesOwner: false }],
      errors: [{ messageId: 'ownerMismatch', line: 3, column: 58 }],
    },
  ]),
});
