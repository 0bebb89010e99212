import { RuleTester } from '@typescript-eslint/rule-tester';
import { specCompleteness } from '../../rules/spec-completeness.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';

const config = ruleProjectConfig();
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

const core = inProject('src/core/place-order.ts');
const runtime = "import { defineOperation } from '@plumbline-kit/runtime';\n";
const fullSpec = 'spec: { pre: [p], post: [q], forbidden: [f] }';

ruleTester.run('spec-completeness', specCompleteness, {
  valid: validCases(settings, [
    {
      name: 'a critical operation with a complete spec',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, ${fullSpec}, handler });`,
    },
    { name: 'a non-critical operation needs no spec', filename: core, code: `${runtime}defineOperation({ id: 'orders.get', handler });` },
    {
      name: 'critical: false needs no spec',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.get', critical: false, spec: { pre: [] } });`,
    },
    {
      name: 'an aliased import with a complete spec',
      filename: core,
      code: `import { defineOperation as op } from '@plumbline-kit/runtime';\nop({ id: 'orders.place', critical: true, ${fullSpec} });`,
    },
    {
      name: 'a namespace import with a complete spec',
      filename: core,
      code: `import * as rt from '@plumbline-kit/runtime';\nrt.defineOperation({ id: 'orders.place', critical: true, ${fullSpec} });`,
    },
    {
      name: 'entries written inline, with `as const` and satisfies',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true as const, spec: { pre: [{ id: 'PRE', check }], post: [{ id: 'POST', check }] as const, forbidden: [{ id: 'F', check }] } satisfies object });`,
    },
    {
      name: 'a local function named defineOperation is not the runtime one',
      filename: core,
      code: "import { memorySink } from '@plumbline-kit/runtime';\nconst defineOperation = (spec: object) => spec;\ndefineOperation({ id: 'orders.place', critical: true });",
    },
    {
      name: 'defineOperation from another module is not checked',
      filename: core,
      code: "import { defineOperation } from '../lib/operations.js';\ndefineOperation({ id: 'orders.place', critical: true });",
    },
    {
      name: 'invariants are not required by default',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, ${fullSpec}, invariants: [] });`,
    },
    {
      name: 'requireInvariants with invariants',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, ${fullSpec}, invariants: [{ id: 'INV-1' }] });`,
      options: [{ requireInvariants: true }],
    },
    {
      name: 'a declaration that is not an object literal is left to operation-ownership',
      filename: core,
      code: `${runtime}defineOperation(declaration);`,
    },
    {
      name: 'a module listed in runtimeModules, complete spec',
      filename: core,
      code: `import { defineOperation } from '#platform/define';\ndefineOperation({ id: 'orders.place', critical: true, ${fullSpec} });`,
      options: [{ runtimeModules: ['#platform/define'] }],
    },
    {
      name: 'files outside the checked sources are not checked',
      filename: inProject('src/core/legacy.ts'),
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true });`,
      settings: { plumbline: { config: ruleProjectConfig({ exclude: ['src/core/legacy.ts'] }) } },
    },
    {
      name: 'a shadowed namespace is not the runtime',
      filename: core,
      code: "import * as rt from '@plumbline-kit/runtime';\nexport function f(rt: { defineOperation(x: object): void }) {\n  rt.defineOperation({ id: 'orders.place', critical: true });\n}",
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'a critical operation without a spec',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, handler });`,
      errors: [{ messageId: 'missingSpec', line: 2, column: 39, data: { operation: "operation 'orders.place'" } }],
    },
    {
      name: 'a spec without forbidden states',
      filename: core,
      code: `${runtime}defineOperation({\n  id: 'incidents.transition',\n  critical: true,\n  spec: { pre: [p], post: [q] },\n});`,
      errors: [{ messageId: 'noForbiddenStates', line: 5, column: 3, data: { operation: "operation 'incidents.transition'" } }],
    },
    {
      name: 'each missing or empty part is reported separately',
      filename: core,
      code: `${runtime}defineOperation({\n  id: 'orders.place',\n  critical: true,\n  spec: {\n    pre: [],\n    post: [,],\n  },\n});`,
      errors: [
        { messageId: 'noForbiddenStates', line: 5, column: 3 },
        { messageId: 'noPreconditions', line: 6, column: 5 },
        { messageId: 'noPostconditions', line: 7, column: 5 },
      ],
    },
    {
      name: 'critical flag from a variable: treated as critical, reported as not checkable',
      filename: core,
      code: `${runtime}const isCritical = true;\ndefineOperation({ id: 'orders.place', critical: isCritical });`,
      errors: [
        { messageId: 'missingSpec', line: 3, column: 39 },
        { messageId: 'criticalNotStatic', line: 3, column: 49, data: { operation: "operation 'orders.place'", code: 'isCritical' } },
      ],
    },
    {
      name: 'critical flag not a literal, complete spec: only the flag is reported',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: !0, ${fullSpec} });`,
      errors: [{ messageId: 'criticalNotStatic', line: 2, column: 49, data: { operation: "operation 'orders.place'", code: '!0' } }],
    },
    {
      name: 'critical possibly from a spread',
      filename: core,
      code: `${runtime}defineOperation({ ...criticalDefaults, id: 'orders.place', ${fullSpec} });`,
      errors: [
        {
          messageId: 'criticalNotStatic',
          line: 2,
          column: 19,
          data: { operation: "operation 'orders.place'", code: '...criticalDefaults' },
        },
      ],
    },
    {
      name: 'a spec held in a variable',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, spec: placeSpec });`,
      errors: [{ messageId: 'specNotStatic', line: 2, column: 61, data: { operation: "operation 'orders.place'", code: 'placeSpec' } }],
    },
    {
      name: 'a spec as shorthand property',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, spec });`,
      errors: [{ messageId: 'specNotStatic', line: 2, column: 55 }],
    },
    {
      name: 'parts held in a variable and spread',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, spec: { pre: shared, post: [...checks], forbidden: [f] } });`,
      errors: [
        {
          messageId: 'partNotStatic',
          line: 2,
          column: 68,
          data: { operation: "operation 'orders.place'", part: 'spec.pre', code: 'shared' },
        },
        {
          messageId: 'partNotStatic',
          line: 2,
          column: 82,
          data: { operation: "operation 'orders.place'", part: 'spec.post', code: '[...checks]' },
        },
      ],
    },
    {
      name: 'parts possibly from a spread inside the spec',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, spec: { ...base, pre: [p] } });`,
      errors: [
        {
          messageId: 'partNotStatic',
          line: 2,
          column: 63,
          data: { operation: "operation 'orders.place'", part: 'spec.post', code: '...base' },
        },
        {
          messageId: 'partNotStatic',
          line: 2,
          column: 63,
          data: { operation: "operation 'orders.place'", part: 'spec.forbidden', code: '...base' },
        },
      ],
    },
    {
      name: 'a computed id: the label has no id',
      filename: core,
      code: `${runtime}defineOperation({ id: ids.place, critical: true });`,
      errors: [{ messageId: 'missingSpec', line: 2, column: 34, data: { operation: 'operation' } }],
    },
    {
      name: 'requireInvariants: missing and empty invariants',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, ${fullSpec} });\ndefineOperation({ id: 'orders.cancel', critical: true, ${fullSpec}, invariants: [] });`,
      options: [{ requireInvariants: true }],
      errors: [
        { messageId: 'noInvariants', line: 2, column: 39, data: { operation: "operation 'orders.place'" } },
        { messageId: 'noInvariants', line: 3, column: 103, data: { operation: "operation 'orders.cancel'" } },
      ],
    },
    {
      name: 'requireInvariants: invariants held in a variable',
      filename: core,
      code: `${runtime}defineOperation({ id: 'orders.place', critical: true, ${fullSpec}, invariants: rules });`,
      options: [{ requireInvariants: true }],
      errors: [
        {
          messageId: 'partNotStatic',
          line: 2,
          column: 114,
          data: { operation: "operation 'orders.place'", part: 'invariants', code: 'rules' },
        },
      ],
    },
    {
      name: 'a const alias of the namespace member',
      filename: core,
      code: "import * as rt from '@plumbline-kit/runtime';\nconst op = rt.defineOperation;\nop({ id: 'orders.place', critical: true });",
      errors: [{ messageId: 'missingSpec', line: 3, column: 26 }],
    },
    {
      name: 'a module listed in runtimeModules',
      filename: core,
      code: "import { defineOperation as declare } from '@app/platform/define';\ndeclare({ id: 'orders.place', critical: true, spec: { pre: [p], post: [q], forbidden: [] } });",
      options: [{ runtimeModules: ['@plumbline-kit/runtime', '@app/platform/define'] }],
      errors: [{ messageId: 'noForbiddenStates', line: 2, column: 76 }],
    },
  ]),
});
