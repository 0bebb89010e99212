import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { resolveConfig } from '../../config/resolve.js';
import { domainEntry } from '../../rules/domain-entry.js';
import { domainProjectConfig, inDomainProject } from '../helpers/domain-project.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';

const config = domainProjectConfig();
const settings = { plumbline: { config } };
const ruleTester = new RuleTester();

const billing = inDomainProject('src/modules/billing/internal/new-invoice.ts');
const storeImport = "import { findAccount } from '../../accounts/internal/account-store.js';";
const entries = 'src/modules/accounts/index.ts or src/modules/accounts/public/**';

ruleTester.run('domain-entry', domainEntry, {
  valid: validCases(settings, [
    { name: "another domain's index.ts", filename: billing, code: "import { findAccount } from '../../accounts/index.js';" },
    {
      name: "another domain's public/** entry",
      filename: billing,
      code: "import type { Account } from '../../accounts/public/account.js';",
    },
    {
      name: 'the same domain',
      filename: billing,
      code: "import { invoiceTotal } from './invoice-math.js';\nexport * from '../public/invoice.js';",
    },
    { name: 'an entry through a tsconfig alias', filename: billing, code: "import { findAccount } from '@modules/accounts/index.js';" },
    { name: 'an entry through a package.json #imports subpath', filename: billing, code: "export * from '#modules/accounts/index.js';" },
    { name: 'a folder import resolved to its index.ts', filename: billing, code: "const accounts = await import('../../accounts');" },
    {
      name: 'an entry not written yet, named by its .js output',
      filename: billing,
      code: "import { pay } from '../../payments/index.js';",
    },
    { name: 'code outside every domain', filename: billing, code: "import { addCents } from '../../../shared/money.js';" },
    {
      name: "outside any domain, reaching into a domain's internals is the layer rule's business",
      filename: inDomainProject('src/app/main.ts'),
      code: storeImport.replace('../../', '../modules/'),
    },
    { name: 'packages and builtins', filename: billing, code: "import fs from 'node:fs';\nimport ts from 'typescript';" },
    { name: 'a dynamic import without a literal', filename: billing, code: 'const mod = await import(process.argv[2]);' },
    {
      name: 'import type of internals with allowTypeImports',
      filename: billing,
      code: "import type { findAccount } from '../../accounts/internal/account-store.js';\ntype T = import('../../shipping/internal/route-planner.js').Planner;",
      options: [{ allowTypeImports: true }],
    },
    {
      name: 'inline type specifiers are type-only without verbatimModuleSyntax',
      filename: billing,
      code: "import { type findAccount } from '../../accounts/internal/account-store.js';",
      options: [{ allowTypeImports: true }],
    },
    {
      name: 'files outside the checked sources are not checked',
      filename: inDomainProject('src/modules/billing/legacy/old.ts'),
      code: storeImport,
      settings: { plumbline: { config: domainProjectConfig({ exclude: ['src/modules/billing/legacy/**'] }) } },
    },
    {
      name: 'no domains configured',
      filename: billing,
      code: storeImport,
      settings: { plumbline: { config: domainProjectConfig({ domains: [] }) } },
    },
    {
      name: 'config found by walking up from the file (plumbline.config.json)',
      filename: billing,
      code: "import { findAccount } from '../../accounts/index.js';",
      settings: {},
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: "a relative import of another domain's internal file",
      filename: billing,
      code: storeImport,
      errors: [
        {
          messageId: 'internalImport',
          line: 1,
          column: 29,
          data: {
            from: 'billing',
            to: 'accounts',
            specifier: '../../accounts/internal/account-store.js',
            target: 'src/modules/accounts/internal/account-store.ts',
            entries,
          },
        },
      ],
    },
    {
      name: 'through a tsconfig alias',
      filename: billing,
      code: "import { findAccount } from '@modules/accounts/internal/account-store.js';",
      errors: [
        {
          messageId: 'internalImport',
          data: {
            from: 'billing',
            to: 'accounts',
            specifier: '@modules/accounts/internal/account-store.js',
            target: 'src/modules/accounts/internal/account-store.ts',
            entries,
          },
        },
      ],
    },
    {
      name: 'through a package.json #imports subpath',
      filename: billing,
      code: "import { findAccount } from '#modules/accounts/internal/account-store.js';",
      errors: [{ messageId: 'internalImport' }],
    },
    {
      name: 'export * from and export { x } from',
      filename: billing,
      code: "export * from '../../accounts/internal/account-store.js';\nexport { needsShipping } from '../../shipping/internal/route-planner.js';",
      errors: [
        { messageId: 'internalImport', line: 1, column: 15 },
        {
          messageId: 'internalImport',
          line: 2,
          column: 31,
          data: {
            from: 'billing',
            to: 'shipping',
            specifier: '../../shipping/internal/route-planner.js',
            target: 'src/modules/shipping/internal/route-planner.ts',
            entries: 'src/modules/shipping/index.ts or src/modules/shipping/public/**',
          },
        },
      ],
    },
    {
      name: 'import() and require()',
      filename: billing,
      code: "const store = await import('../../accounts/internal/account-store.js');\nconst planner = require('../../shipping/internal/route-planner.js');",
      errors: [
        { messageId: 'internalImport', line: 1 },
        { messageId: 'internalImport', line: 2 },
      ],
    },
    {
      name: 'import type is coupling too (allowTypeImports defaults to false)',
      filename: billing,
      code: "import type { findAccount } from '../../accounts/internal/account-store.js';\ntype T = import('../../shipping/internal/route-planner.js').Planner;",
      errors: [
        { messageId: 'internalImport', line: 1 },
        { messageId: 'internalImport', line: 2, column: 17 },
      ],
    },
    {
      name: 'inline type specifiers count as a value import under verbatimModuleSyntax',
      filename: billing,
      code: "import { type findAccount } from '../../accounts/internal/account-store.js';",
      options: [{ allowTypeImports: true }],
      settings: { plumbline: { config: domainProjectConfig({ tsconfig: '../../../tsconfig.json' }) } },
      errors: [{ messageId: 'internalImport' }],
    },
    {
      name: "a domain's own entry reaching into another domain",
      filename: inDomainProject('src/modules/shipping/index.ts'),
      code: "export { invoiceTotal } from '../billing/internal/invoice-math.js';",
      errors: [
        {
          messageId: 'internalImport',
          data: {
            from: 'shipping',
            to: 'billing',
            specifier: '../billing/internal/invoice-math.js',
            target: 'src/modules/billing/internal/invoice-math.ts',
            entries: 'src/modules/billing/index.ts or src/modules/billing/public/**',
          },
        },
      ],
    },
    {
      name: 'an internal file not written yet is placed by its folder',
      filename: billing,
      code: "import { later } from '../../accounts/internal/not-written-yet.js';",
      errors: [
        {
          messageId: 'internalImport',
          data: {
            from: 'billing',
            to: 'accounts',
            specifier: '../../accounts/internal/not-written-yet.js',
            target: 'src/modules/accounts/internal/not-written-yet.js',
            entries,
          },
        },
      ],
    },
    {
      name: 'with domainEntries index.ts only, public/ is internal',
      filename: billing,
      code: "import type { Account } from '../../accounts/public/account.js';",
      settings: { plumbline: { config: domainProjectConfig({ domainEntries: ['index.ts'] }) } },
      errors: [
        {
          messageId: 'internalImport',
          data: {
            from: 'billing',
            to: 'accounts',
            specifier: '../../accounts/public/account.js',
            target: 'src/modules/accounts/public/account.ts',
            entries: 'src/modules/accounts/index.ts',
          },
        },
      ],
    },
    {
      name: 'with no domainEntries every cross-domain import is reported',
      filename: billing,
      code: "import { findAccount } from '../../accounts/index.js';",
      settings: { plumbline: { config: domainProjectConfig({ domainEntries: [] }) } },
      errors: [
        {
          messageId: 'noEntries',
          data: { from: 'billing', to: 'accounts', specifier: '../../accounts/index.js', target: 'src/modules/accounts/index.ts' },
        },
      ],
    },
    {
      name: 'every reach-in of a file is reported, entries are not',
      filename: billing,
      code: `import { findAccount as entry } from '../../accounts/index.js';\n${storeImport}\nimport type { Parcel } from '../../shipping/public/parcel.js';\nimport { needsShipping } from '../../shipping/internal/route-planner.js';`,
      errors: [
        { messageId: 'internalImport', line: 2 },
        { messageId: 'internalImport', line: 4 },
      ],
    },
  ]),
});

/** Bounded contexts two levels deep (`src/contexts/<context>/<module>`), a shared kernel and a per-domain entry. */
const CONTEXT_PROJECT = path.join(REPO_ROOT, 'test/fixtures/context-project');
const CONTEXT_CONFIG_FILE = path.join(CONTEXT_PROJECT, 'plumbline.config.json');
const contextConfig = (overrides: Record<string, unknown> = {}) =>
  resolveConfig(
    { ...(JSON.parse(readFileSync(CONTEXT_CONFIG_FILE, 'utf8')) as object), ...overrides },
    { configFile: CONTEXT_CONFIG_FILE },
  );
const inContexts = (file: string) => path.join(CONTEXT_PROJECT, file);
const backofficeCourses = inContexts('src/contexts/backoffice/courses/application/list-courses.ts');
const moocCourse = inContexts('src/contexts/mooc/courses/domain/course.ts');

ruleTester.run('domain-entry on bounded contexts', domainEntry, {
  valid: validCases({ plumbline: { config: contextConfig() } }, [
    {
      name: 'the shared kernel is public to every domain',
      filename: moocCourse,
      code: "import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';",
    },
    {
      name: "another context's module through its entry",
      filename: backofficeCourses,
      code: "import { Course } from '../../../mooc/courses/index.js';",
    },
    {
      name: 'an entry declared for one domain in domains.entries',
      filename: moocCourse,
      code: "import { listCourses } from '../../../backoffice/courses/application/list-courses.js';",
    },
  ]),
  invalid: invalidCases({ plumbline: { config: contextConfig() } }, [
    {
      name: 'two modules called courses in two contexts are two domains, named by their path',
      filename: backofficeCourses,
      code: "import { Course } from '../../../mooc/courses/domain/course.js';",
      errors: [
        {
          messageId: 'internalImport',
          data: {
            from: 'backoffice/courses',
            to: 'mooc/courses',
            specifier: '../../../mooc/courses/domain/course.js',
            target: 'src/contexts/mooc/courses/domain/course.ts',
            entries: 'src/contexts/mooc/courses/index.ts',
          },
        },
      ],
    },
    {
      name: 'a domain without an entry file is told to get one, never to import from a file that does not exist',
      filename: moocCourse,
      code: "import { enrol } from '../../../backoffice/students/application/enrol.js';",
      errors: [
        {
          messageId: 'noEntryFile',
          data: {
            from: 'mooc/courses',
            to: 'backoffice/students',
            specifier: '../../../backoffice/students/application/enrol.js',
            target: 'src/contexts/backoffice/students/application/enrol.ts',
            entries: 'src/contexts/backoffice/students/index.ts',
          },
        },
      ],
    },
    {
      name: 'without domains.shared the kernel is a domain of its own',
      filename: moocCourse,
      code: "import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';",
      settings: { plumbline: { config: contextConfig({ domains: ['src/contexts/*/*'] }) } },
      errors: [
        {
          messageId: 'noEntryFile',
          data: {
            from: 'mooc/courses',
            to: 'shared/domain',
            specifier: '../../../shared/domain/aggregate-root.js',
            target: 'src/contexts/shared/domain/aggregate-root.ts',
            entries: 'src/contexts/shared/domain/index.ts',
          },
        },
      ],
    },
  ]),
});
