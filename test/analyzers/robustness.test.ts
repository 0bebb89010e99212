import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../analyzers/index.js';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { seededRandom } from '../../testing/random.js';
import { analyze, copyOperationsProject, OPERATIONS_PROJECT } from './operations-project.js';

const temps: Array<{ remove(): void }> = [];
afterAll(() => temps.forEach((temp) => temp.remove()));

function project() {
  const copy = copyOperationsProject();
  temps.push(copy);
  return copy;
}

const skippedFindings = (run: Awaited<ReturnType<typeof analyze>>) =>
  run.findings.filter((finding) => finding.ruleId === 'plumbline/analyzer-skipped-file').map((finding) => [finding.file, finding.message]);

describe('analyzers on odd input', () => {
  it('skips a file with syntax errors with its position, and analyses the rest', async () => {
    const copy = project();
    copy.write(
      'src/features/billing/broken.ts',
      "import { defineOperation } from '@plumbline-kit/runtime';\nexport const = defineOperation({ id: 'billing.x' );\n",
    );
    const run = await analyze(copy.root);
    expect(skippedFindings(run)).toEqual([
      [
        'src/features/billing/broken.ts',
        'the analyzers skipped this file, so its declarations and calls are unknown: syntax error at 2:14: Unexpected token',
      ],
    ]);
    expect(run.findings.find((finding) => finding.ruleId === 'plumbline/analyzer-skipped-file')).toMatchObject({
      severity: 'warning',
      line: 0,
    });
    expect(run.operations.operations).toHaveLength(8);
    expect(run.findings).toHaveLength(1);
  });

  it('skips JSX in a .ts file but reads an operation declared in a .tsx file with JSX', async () => {
    const copy = project();
    copy.write('src/app/wrong.ts', 'export const view = <div>{1}</div>;\n');
    copy.write(
      'src/features/shipping/label.tsx',
      [
        "import { defineOperation } from '@plumbline-kit/runtime';",
        'export const label = defineOperation({',
        "  id: 'shipping.label',",
        "  owner: 'shipping',",
        '  handler: (input: { name: string }) => <span className="label">{input.name}</span>,',
        '});',
        'export const Generic = <T,>(props: { value: T }) => <b>{String(props.value)}</b>;',
        '',
      ].join('\n'),
    );
    const run = await analyze(copy.root);
    expect(skippedFindings(run).map(([file]) => file)).toEqual(['src/app/wrong.ts']);
    expect(run.specRegistry.operations.map((operation) => operation.id)).toContain('shipping.label');
  });

  it('reads decorated classes, declare module blocks and ambient declarations without confusion', async () => {
    const copy = project();
    copy.write(
      'src/features/billing/decorated.ts',
      [
        "import { registry } from '../../app/registry.js';",
        'function logged(target: unknown, context: ClassMethodDecoratorContext) { return target; }',
        'function sealed(target: unknown, context: ClassDecoratorContext) { return target; }',
        '@sealed',
        'export class Refunds {',
        '  @logged',
        '  run() {',
        "    return registry.execute('billing.refnd', {}, {});",
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    copy.write(
      'src/platform/ambient.ts',
      [
        "declare module '@plumbline-kit/runtime' {",
        '  export function defineOperation(declaration: unknown): unknown;',
        '}',
        "declare module 'legacy-ops' {",
        "  export const ids: readonly ['a.b'];",
        '}',
        'declare global {',
        '  var operationCount: number;',
        '}',
        'export {};',
        '',
      ].join('\n'),
    );
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.file, finding.line])).toEqual([
      ['plumbline/operation-unregistered-call', 'src/features/billing/decorated.ts', 8],
    ]);
    expect(run.findings[0]?.message).toMatch(/did you mean 'billing\.refund'\?/);
    expect(run.operations.operations).toHaveLength(8);
  });

  it('parses a huge file, and skips one over maxFileBytes with a reason', async () => {
    const copy = project();
    const lines = Array.from(
      { length: 45_000 },
      (_, index) => `export const value${index} = { index: ${index}, label: 'value number ${index}' };`,
    );
    lines.push("import { defineOperation } from '@plumbline-kit/runtime';");
    lines.push("export const last = defineOperation({ id: 'catalog.last', owner: 'catalog', handler: () => 1 });");
    copy.write('src/features/catalog/huge.ts', `${lines.join('\n')}\n`);
    const run = await analyze(copy.root);
    expect(run.findings.map((finding) => [finding.ruleId, finding.file, finding.line])).toEqual([
      ['plumbline/operation-unreached', 'src/features/catalog/huge.ts', 45_002],
    ]);
    const limited = await analyze(copy.root, { cache: false, maxFileBytes: 1_000_000 });
    expect(skippedFindings(limited)).toEqual([
      [
        'src/features/catalog/huge.ts',
        expect.stringMatching(/: file is \d+ bytes, over the analyzers' limit of 1000000 bytes \(maxFileBytes\)$/),
      ],
    ]);
  });

  it('does not throw on binary noise, empty files, a BOM or very deep nesting', async () => {
    const copy = project();
    const random = seededRandom(20261126);
    copy.write('src/platform/noise.ts', String.fromCharCode(...Array.from({ length: 4096 }, () => random.int(0, 0xffff))));
    copy.write('src/platform/empty.ts', '');
    copy.write('src/platform/bom.ts', "\uFEFFexport const withBom = 'yes';\n");
    copy.write(
      'src/platform/deep.ts',
      `export const deep = ${'('.repeat(4000)}1${')'.repeat(4000)};\nexport const arrays = ${'['.repeat(3000)}${']'.repeat(3000)};\n`,
    );
    const run = await analyze(copy.root);
    const skipped = skippedFindings(run).map(([file]) => file);
    expect(skipped).toContain('src/platform/noise.ts');
    expect(skipped).not.toContain('src/platform/empty.ts');
    expect(skipped).not.toContain('src/platform/bom.ts');
    // Deep nesting is either read or skipped with a reason; either way the run finishes with all operations.
    expect(run.operations.operations).toHaveLength(8);
    expect(run.findings.every((finding) => finding.ruleId === 'plumbline/analyzer-skipped-file')).toBe(true);
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    await expect(analyze(OPERATIONS_PROJECT, { cache: false, signal: controller.signal })).rejects.toThrow('timed out');
  });
});

describe('determinism', () => {
  it('gives the same bytes twice, and the same with or without a cache', async () => {
    const copy = project();
    copy.edit('src/app/routes.ts', (text) => text.replace("'shipping.cancel'", "'shipping.cancle'"));
    copy.edit('src/features/billing/operations.ts', (text) =>
      text.replace(/forbidden: \[\{ id: 'paid-invoice-voided'.*\n/, 'forbidden: [],\n'),
    );
    const first = await analyze(copy.root);
    const second = await analyze(copy.root);
    const cold = await analyze(copy.root, { cache: true });
    const warm = await analyze(copy.root, { cache: true });
    const bytes = (run: typeof first) => JSON.stringify({ findings: run.findings, registry: run.specRegistry, rules: run.rules });
    expect(first.findings.length).toBeGreaterThan(0);
    expect(bytes(second)).toBe(bytes(first));
    expect(bytes(cold)).toBe(bytes(first));
    expect(bytes(warm)).toBe(bytes(first));
  });
});

describe('loadProject', () => {
  it('holds exactly the include files, parsed without lib files or dependency resolution', async () => {
    const copy = project();
    copy.write('src/app/broken.ts', 'export const = ;\n');
    copy.write('src/app/types.d.ts', 'export declare const excluded: number;\n');
    const loaded = await loadProject(await loadConfig({ cwd: copy.root }));
    expect(loaded.sourceFiles).toHaveLength(13);
    expect(loaded.sourceFiles.map((file) => file.fileName)).toEqual(loaded.sourceFiles.map((file) => file.fileName).sort());
    expect(loaded.skipped).toEqual([{ path: 'src/app/broken.ts', reason: expect.stringMatching(/^syntax error at 1:14: /) }]);
    // The tsconfig's paths reach the compiler options (for later, type-aware analyzers).
    expect(loaded.compilerOptions.paths).toEqual({ '@app/*': ['./src/*'] });
  });

  it('makes a configured tsconfig that is missing or unreadable a config error', async () => {
    const copy = project();
    copy.write('plumbline.config.json', JSON.stringify({ ...baseConfig(), tsconfig: 'tsconfig.missing.json' }));
    await expect(loadProject(await loadConfig({ cwd: copy.root }))).rejects.toThrow(
      /tsconfig: tsconfig not found: .*tsconfig\.missing\.json/,
    );
    copy.write('tsconfig.json', '{ "compilerOptions": ');
    copy.write('plumbline.config.json', JSON.stringify(baseConfig()));
    await expect(loadProject(await loadConfig({ cwd: copy.root }))).rejects.toThrow(ConfigError);
  });
});

function baseConfig() {
  return {
    include: ['src/**/*.{ts,tsx}'],
    layers: { app: { paths: ['src/**'] } },
    domains: ['src/features/*'],
  };
}
