import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { analyze, brief, copyOperationsProject, OPERATIONS_PROJECT } from './operations-project.js';

const temps: Array<{ remove(): void }> = [];
/** The whole `spec: { … },` property of a declaration in the fixture. */
const SPEC_BLOCK = / {2}spec: \{\n[\s\S]*?\n {2}\},\n/;
afterAll(() => temps.forEach((temp) => temp.remove()));

function project() {
  const copy = copyOperationsProject();
  temps.push(copy);
  return copy;
}

function setConfig(root: string, change: (config: Record<string, unknown>) => void): void {
  const file = path.join(root, 'plumbline.config.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(config);
  writeFileSync(file, JSON.stringify(config));
}

describe('operation registry: the clean fixture', () => {
  it('finds all 8 operations through alias, namespace, re-export, renamed path-alias and export-star forms', async () => {
    const run = await analyze(OPERATIONS_PROJECT);
    expect(run.findings).toEqual([]);
    expect(run.operations.operations.map((operation) => `${operation.file}:${operation.line}`)).toEqual([
      'src/features/billing/operations.ts:9', // import { defineOperation as op }
      'src/features/billing/operations.ts:32',
      'src/features/billing/refunds.ts:4', // import * as rt; rt.defineOperation
      'src/features/catalog/operations.ts:7', // re-exported by src/platform/operations.ts
      'src/features/catalog/operations.ts:13',
      'src/features/catalog/pricing.ts:5', // @app/* path alias to a renamed re-export
      'src/features/shipping/operations.ts:4', // namespace import of a barrel with export *
      'src/features/shipping/operations.ts:10',
    ]);
    expect(run.specRegistry.operations.map((operation) => [operation.id, operation.owner, operation.critical])).toEqual([
      ['billing.createInvoice', 'billing', true],
      ['billing.refund', 'billing', true],
      ['billing.voidInvoice', 'billing', true],
      ['catalog.addItem', 'catalog', false],
      ['catalog.removeItem', 'catalog', false],
      ['catalog.reprice', 'catalog', true],
      ['shipping.cancel', 'shipping', false],
      ['shipping.schedule', 'shipping', false],
    ]);
    expect(run.operations.callSites.map((site) => site.id).sort()).toEqual(run.specRegistry.operations.map((operation) => operation.id));
    expect(run.metrics).toMatchObject({ operations: 8, callSites: 8, skippedFiles: 0 });
  });

  it('ignores a local function named defineOperation, zod schemas with id fields and SQL passed to execute', async () => {
    const run = await analyze(OPERATIONS_PROJECT);
    const files = run.operations.operations.map((operation) => operation.file);
    expect(files).not.toContain('src/features/shipping/legacy.ts');
    expect(run.operations.callSites.map((site) => site.id)).not.toContain('SELECT 1');
    expect(run.operations.operations).toHaveLength(8);
  });
});

describe('operation-duplicate-id', () => {
  it('reports the second declaration and names both places', async () => {
    const copy = project();
    copy.write(
      'src/features/catalog/copy.ts',
      "import { defineOperation } from '../../platform/operations.js';\n\nexport const again = defineOperation({ id: 'billing.refund', owner: 'catalog', handler: () => 1 });\n",
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-duplicate-id', severity: 'error', file: 'src/features/catalog/copy.ts', line: 3 },
    ]);
    expect(run.findings[0]?.message).toBe(
      "operation id 'billing.refund' is declared twice: first at src/features/billing/refunds.ts:4, again at src/features/catalog/copy.ts:3",
    );
    expect(run.findings[0]?.docsUrl).toMatch(/docs\/analyzers\.md#operation-duplicate-id$/);
  });

  it('catches a duplicate inside one file too', async () => {
    const copy = project();
    copy.edit('src/features/catalog/operations.ts', (text) => text.replace("id: 'catalog.removeItem'", "id: 'catalog.addItem'"));
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual(
      [
        { ruleId: 'plumbline/operation-duplicate-id', severity: 'error', file: 'src/features/catalog/operations.ts', line: 13 },
        { ruleId: 'plumbline/operation-unregistered-call', severity: 'error', file: 'src/app/routes.ts', line: 13 },
      ].sort((a, b) => a.file.localeCompare(b.file)),
    );
  });
});

describe('operation-unknown-owner', () => {
  it('reports an owner that is not one of the domain folders', async () => {
    const copy = project();
    copy.edit('src/features/catalog/operations.ts', (text) =>
      text.replace(
        "owner: 'catalog',\n  handler: (input: { sku: string }) => ({ sku",
        "owner: 'catalogue',\n  handler: (input: { sku: string }) => ({ sku",
      ),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-unknown-owner', severity: 'error', file: 'src/features/catalog/operations.ts', line: 7 },
    ]);
    expect(run.findings[0]?.message).toBe(
      "operation 'catalog.addItem' is owned by 'catalogue', which is not a configured domain (known domains: billing, catalog, shipping)",
    );
  });

  it('takes domain names from the folders the globs match, so a glob matching nothing flags every owner', async () => {
    const copy = project();
    setConfig(copy.root, (config) => (config.domains = ['src/modules/*']));
    const run = await analyze(copy.root);
    expect(run.findings).toHaveLength(8);
    expect(new Set(run.findings.map((finding) => finding.ruleId))).toEqual(new Set(['plumbline/operation-unknown-owner']));
    expect(run.findings[0]?.message).toMatch(/the domain globs \(src\/modules\/\*\) match no folder with source files/);
  });

  it('reports one glob naming two folders alike, instead of merging them into one domain', async () => {
    const copy = project();
    copy.write('src/legacy/features/catalog/prices.ts', 'export const price = 1;\n');
    setConfig(copy.root, (config) => (config.domains = ['src/**/features/*']));
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/domain-duplicate-name', severity: 'error', file: 'src/legacy/features/catalog/prices.ts', line: 0 },
    ]);
    expect(run.findings[0]?.message).toBe(
      "domain 'catalog' is two folders, src/features/catalog and src/legacy/features/catalog, both matched by 'src/**/features/*': " +
        "they would count as one domain. Name each domain by its path, with a '*' segment for every folder that tells them apart",
    );
    // Two contexts named by two '*' segments are two domains: nothing to report.
    setConfig(copy.root, (config) => (config.domains = ['src/features/*', 'src/*/features/*']));
    expect((await analyze(copy.root)).findings.map(brief)).toEqual([]);
  });

  it('says so when no domains are configured at all', async () => {
    const copy = project();
    setConfig(copy.root, (config) => delete config.domains);
    const run = await analyze(copy.root);
    expect(run.findings).toHaveLength(8);
    expect(run.findings[0]?.message).toMatch(/no domains are configured \(set `domains` in the Plumbline config/);
  });

  it('reports a declaration without an owner', async () => {
    const copy = project();
    copy.edit('src/features/shipping/operations.ts', (text) =>
      text.replace(
        "  owner: 'shipping',\n  handler: (input: { orderId: string }) => ({ cancelled",
        '  handler: (input: { orderId: string }) => ({ cancelled',
      ),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-unknown-owner', severity: 'error', file: 'src/features/shipping/operations.ts', line: 10 },
    ]);
    expect(run.findings[0]?.message).toBe("operation 'shipping.cancel' declares no owner: name the domain that owns it");
  });
});

describe('operation-unregistered-call and operation-unreached', () => {
  it('reports a call site of an unknown id (with a near match) and the operation it no longer reaches', async () => {
    const copy = project();
    copy.edit('src/app/routes.ts', (text) => text.replace("'shipping.cancel'", "'shipping.cancle'"));
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-unregistered-call', severity: 'error', file: 'src/app/routes.ts', line: 20 },
      { ruleId: 'plumbline/operation-unreached', severity: 'warning', file: 'src/features/shipping/operations.ts', line: 10 },
    ]);
    expect(run.findings[0]?.message).toBe(
      "operation 'shipping.cancle' is executed here but no operation declares that id (did you mean 'shipping.cancel'?)",
    );
    expect(run.findings[0]?.column).toBe(49);
    expect(run.findings[1]?.message).toBe(
      "operation 'shipping.cancel' is declared but no call site executes it (no .execute(…) with 'shipping.cancel')",
    );
  });

  it('warns about a new operation nothing executes, and nothing else', async () => {
    const copy = project();
    copy.write(
      'src/features/shipping/track.ts',
      "import { defineOperation } from '@plumbline-kit/runtime';\nexport const track = defineOperation({ id: 'shipping.track', owner: 'shipping', handler: () => 1 });\n",
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-unreached', severity: 'warning', file: 'src/features/shipping/track.ts', line: 2 },
    ]);
  });

  it('follows the configured execute methods', async () => {
    const copy = project();
    copy.edit('src/app/routes.ts', (text) => text.replaceAll('registry.execute(', 'registry.dispatch('));
    const withDefaults = await analyze(copy.root);
    expect(withDefaults.findings.map((finding) => finding.ruleId)).toEqual(Array(8).fill('plumbline/operation-unreached'));
    const configured = await analyze(copy.root, { cache: false, operations: { executeMethods: ['dispatch'] } });
    expect(configured.findings).toEqual([]);
  });
});

describe('operation-not-static', () => {
  it('warns about a computed id, lists it as unreadable and says why its call site cannot be matched', async () => {
    const copy = project();
    copy.edit('src/features/shipping/operations.ts', (text) =>
      text
        .replace("id: 'shipping.schedule',", 'id: ids.schedule,')
        .replace('export const schedule', "const ids = { schedule: 'shipping.schedule' };\n\nexport const schedule"),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/operation-unregistered-call', severity: 'error', file: 'src/app/routes.ts', line: 19 },
      { ruleId: 'plumbline/operation-not-static', severity: 'warning', file: 'src/features/shipping/operations.ts', line: 6 },
    ]);
    expect(run.findings[1]?.message).toBe('operation id is not a string literal (`ids.schedule`): static checks cannot follow it');
    expect(run.findings[0]?.message).toMatch(/; 1 declaration\(s\) have no literal id and could not be matched$/);
    expect(run.specRegistry.unreadable).toEqual([
      { file: 'src/features/shipping/operations.ts', line: 6, reason: 'id is not a string literal (`ids.schedule`)' },
    ]);
  });

  it('warns about a declaration passed as a variable and a critical flag that is not a literal (then treated as critical)', async () => {
    const copy = project();
    copy.write(
      'src/features/catalog/dynamic.ts',
      [
        "import { defineOperation } from '../../platform/operations.js';",
        "const declaration = { id: 'catalog.dynamic', owner: 'catalog', handler: () => 1 };",
        'export const dynamic = defineOperation(declaration);',
        "export const flagged = defineOperation({ id: 'catalog.flagged', owner: 'catalog', critical: process.env.CRITICAL === '1', handler: () => 1 });",
        '',
      ].join('\n'),
    );
    copy.edit('src/app/routes.ts', (text) =>
      text.replace("db.execute('SELECT 1')", "[db.execute('SELECT 1'), registry.execute('catalog.flagged', {}, {})]"),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.line, finding.message])).toEqual([
      [
        'plumbline/operation-not-static',
        3,
        'operation declaration is not an object literal (`declaration`): static checks cannot follow it',
      ],
      [
        'plumbline/operation-not-static',
        4,
        "operation 'catalog.flagged': critical flag is not a boolean literal (`process.env.CRITICAL === '1'`): treated as critical",
      ],
      [
        'plumbline/spec-incomplete',
        4,
        "critical operation 'catalog.flagged' has no spec: declare spec.pre, spec.post and spec.forbidden, each non-empty",
      ],
    ]);
  });
});

describe('spec-incomplete', () => {
  it('reports an empty list, a missing spec and a spec that cannot be read, each on its critical operation', async () => {
    const copy = project();
    copy.edit('src/features/billing/operations.ts', (text) =>
      text.replace(/forbidden: \[\{ id: 'paid-invoice-voided'.*\n/, 'forbidden: [],\n'),
    );
    copy.edit('src/features/billing/refunds.ts', (text) => text.replace(SPEC_BLOCK, ''));
    copy.edit('src/features/catalog/pricing.ts', (text) =>
      text
        .replace(/pre: \[\{ id: 'item-exists'.*\n/, 'pre: [...shared],\n')
        .replace('export const reprice', 'const shared = [itemExists];\n\nexport const reprice'),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.file, finding.line, finding.message])).toEqual([
      [
        'plumbline/spec-incomplete',
        'src/features/billing/operations.ts',
        32,
        "critical operation 'billing.voidInvoice' has an incomplete spec: spec.forbidden is missing or empty",
      ],
      [
        'plumbline/spec-incomplete',
        'src/features/billing/refunds.ts',
        4,
        "critical operation 'billing.refund' has no spec: declare spec.pre, spec.post and spec.forbidden, each non-empty",
      ],
      [
        'plumbline/spec-incomplete',
        'src/features/catalog/pricing.ts',
        7,
        "critical operation 'catalog.reprice' has an incomplete spec: spec.pre (`[...shared]`) is not an array literal, so its size cannot be checked",
      ],
    ]);
    const refund = run.specRegistry.operations.find((operation) => operation.id === 'billing.refund');
    expect(refund?.spec).toEqual({ present: false, pre: 0, post: 0, forbidden: 0 });
    const reprice = run.specRegistry.operations.find((operation) => operation.id === 'catalog.reprice');
    expect(reprice?.spec).toEqual({ present: true, pre: null, post: 1, forbidden: 1 });
  });

  it('leaves non-critical operations without a spec alone, and reports a spec held in a variable', async () => {
    const copy = project();
    copy.edit('src/features/billing/refunds.ts', (text) =>
      text
        .replace(SPEC_BLOCK, '  spec: refundSpec,\n')
        .replace(
          'export const refund',
          'const refundSpec = { pre: [paid], post: [recorded], forbidden: [overPaid] };\n\nexport const refund',
        ),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.line, finding.message])).toEqual([
      [
        'plumbline/spec-incomplete',
        6,
        "critical operation 'billing.refund' has a spec that is not an object literal (`refundSpec`): its completeness cannot be checked statically",
      ],
    ]);
  });
});

describe('invariant-duplicate-id', () => {
  it('reports the second invariant with both places and both operations', async () => {
    const copy = project();
    copy.edit('src/features/catalog/pricing.ts', (text) =>
      text.replace("id: 'catalog.price-non-negative'", "id: 'billing.void-only-open'"),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/invariant-duplicate-id', severity: 'error', file: 'src/features/catalog/pricing.ts', line: 14 },
    ]);
    expect(run.findings[0]?.message).toBe(
      "invariant id 'billing.void-only-open' is declared twice: first at src/features/billing/operations.ts:42 (operation 'billing.voidInvoice'), again at src/features/catalog/pricing.ts:14 (operation 'catalog.reprice')",
    );
  });

  it('warns about an invariant whose id cannot be read', async () => {
    const copy = project();
    copy.edit('src/features/catalog/pricing.ts', (text) =>
      text
        .replace("{ id: 'catalog.price-non-negative',", '{ id: `catalog.${name}`,')
        .replace('export const reprice', "const name = 'price';\nexport const reprice"),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.line, finding.message])).toEqual([
      [
        'plumbline/operation-not-static',
        15,
        "an invariant of operation 'catalog.reprice' has an id that is not a string literal (`` `catalog.${name}` ``): its uniqueness cannot be checked",
      ],
    ]);
  });
});

describe('how defineOperation is reached', () => {
  it('follows local aliases, destructuring and re-exports of an import', async () => {
    const copy = project();
    copy.write(
      'src/platform/aliases.ts',
      "import * as rt from '@plumbline-kit/runtime';\nconst { defineOperation: make } = rt;\nexport { make };\nexport const declare = rt.defineOperation;\n",
    );
    copy.write(
      'src/features/shipping/aliased.ts',
      [
        "import { declare, make } from '../../platform/aliases.js';",
        "export const a = make({ id: 'shipping.a', owner: 'shipping', handler: () => 1 });",
        "export const b = declare({ id: 'shipping.b', owner: 'shipping', handler: () => 1 });",
        '',
      ].join('\n'),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.file, finding.line])).toEqual([
      ['plumbline/operation-unreached', 'src/features/shipping/aliased.ts', 2],
      ['plumbline/operation-unreached', 'src/features/shipping/aliased.ts', 3],
    ]);
  });

  it('recognises the runtime by its configured specifiers, and only those', async () => {
    const copy = project();
    for (const file of [
      'src/platform/operations.ts',
      'src/platform/define.ts',
      'src/features/billing/operations.ts',
      'src/features/billing/refunds.ts',
    ]) {
      copy.edit(file, (text) => text.replaceAll("'@plumbline-kit/runtime'", "'@acme/operations'"));
    }
    const defaults = await analyze(copy.root);
    expect(defaults.operations.operations).toHaveLength(0);
    // With no declaration at all there is no registry to check the 8 call sites against: one note says so.
    expect(defaults.findings).toEqual([
      expect.objectContaining({
        ruleId: 'plumbline/operation-registry-empty',
        severity: 'note',
        file: '',
        line: 0,
        message:
          "8 call site(s) of .execute('<id>', …) execute operation ids, but no operation is declared with defineOperation anywhere in the project, so they were not checked",
      }),
    ]);
    const configured = await analyze(copy.root, { cache: false, operations: { runtimeModules: ['@acme/operations'] } });
    expect(configured.findings).toEqual([]);
    expect(configured.operations.operations).toHaveLength(8);
  });

  it('survives a re-export cycle without declaring anything through it', async () => {
    const copy = project();
    copy.write('src/platform/cycle-a.ts', "export * from './cycle-b.js';\n");
    copy.write('src/platform/cycle-b.ts', "export * from './cycle-a.js';\n");
    copy.write(
      'src/features/shipping/cyclic.ts',
      "import { defineOperation } from '../../platform/cycle-a.js';\nexport const c = defineOperation({ id: 'shipping.c', owner: 'shipping', handler: () => 1 });\n",
    );
    const run = await analyze(copy.root);
    expect(run.findings).toEqual([]);
    expect(run.operations.operations).toHaveLength(8);
  });

  it('does not count type-only imports', async () => {
    const copy = project();
    copy.write(
      'src/features/shipping/typed.ts',
      "import type { defineOperation } from '@plumbline-kit/runtime';\ndeclare const d: typeof defineOperation;\nexport const t = d({ id: 'shipping.t', owner: 'shipping', handler: () => 1 });\n",
    );
    const run = await analyze(copy.root);
    expect(run.findings).toEqual([]);
  });
});

describe('analyzer options', () => {
  it('rejects bad options with the field named, before reading any file', async () => {
    const attempt = analyze(OPERATIONS_PROJECT, { cache: false, operations: { executeMethods: ['not a name'], runtimeModules: [] } });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/analyzers\.operations\.executeMethods\[0\]: a method name is an identifier/);
    await expect(attempt).rejects.toThrow(/analyzers\.operations\.runtimeModules: name at least one module/);
    await expect(analyze(OPERATIONS_PROJECT, { cache: false, maxFileBytes: 0 })).rejects.toThrow(
      /analyzers\.maxFileBytes: expected a positive whole number of bytes, got 0/,
    );
  });

  it('analyses a file list the caller passes (relative to the root), and only that', async () => {
    const run = await analyze(OPERATIONS_PROJECT, {
      cache: false,
      files: ['src/features/billing/refunds.ts', 'src/app/routes.ts', 'src/app/registry.ts'],
    });
    expect(run.metrics).toMatchObject({ filesAnalyzed: 3, operations: 1 });
    expect(run.findings.map((finding) => finding.ruleId)).toEqual(Array(7).fill('plumbline/operation-unregistered-call'));
  });
});
