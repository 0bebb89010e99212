import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom, type SeededRandom } from '../testing/random.js';

/**
 * Writes a synthetic layered backend (hoc layout) of `files` TypeScript files:
 * realistic sizes and import fan-out, deterministic for a seed. A share of files
 * carry a layer violation so the rules have something to report.
 */
export interface CorpusOptions {
  files: number;
  seed: number;
  /** Share of api files that import a driver directly (0..1). */
  violationRate: number;
  /**
   * Also declare one operation per spine file (through `@plumbline-kit/runtime`, in
   * the named, aliased and namespace import forms; every fourth one critical with
   * a full spec and an invariant) and execute each from an api file. Off: the
   * corpus is byte-for-byte what it was without this option.
   */
  operations?: boolean;
}

const LAYER_FOLDERS = ['gateway', 'api', 'spine', 'engines', 'drivers', 'models'] as const;
type Layer = (typeof LAYER_FOLDERS)[number];
/** Rough shares of a real service's files per layer. */
const LAYER_SHARE: Record<Layer, number> = { gateway: 0.04, api: 0.16, spine: 0.1, engines: 0.3, drivers: 0.2, models: 0.2 };
const MAY_IMPORT: Record<Layer, Layer[]> = {
  gateway: ['api'],
  api: ['spine', 'models'],
  spine: ['engines', 'drivers', 'models'],
  engines: ['models'],
  drivers: ['models'],
  models: [],
};

export function generateLayeredCorpus(root: string, options: CorpusOptions): { files: string[]; violations: number } {
  rmSync(root, { recursive: true, force: true });
  const random = seededRandom(options.seed);
  const domains = Array.from({ length: Math.max(4, Math.round(options.files / 250)) }, (_, i) => `domain${i}`);
  const planned: Array<{ layer: Layer; rel: string; name: string; domain: string }> = [];
  for (const layer of LAYER_FOLDERS) {
    const count = Math.max(1, Math.round(options.files * LAYER_SHARE[layer]));
    for (let i = 0; i < count; i++) {
      const name = `${layer}${i}`;
      const domain = domains[i % domains.length] as string;
      // Operations live in their owner's folder under the spine (as in hoc-app), so `owner` names the file's domain.
      const rel =
        layer === 'engines' || layer === 'drivers'
          ? `src/domains/${domain}/${layer}/${name}.ts`
          : layer === 'spine' && options.operations
            ? `src/spine/operations/${domain}/${name}.ts`
            : `src/${layer}/${name}.ts`;
      planned.push({ layer, rel, name, domain });
    }
  }
  const byLayer = new Map<Layer, typeof planned>();
  for (const file of planned) byLayer.set(file.layer, [...(byLayer.get(file.layer) ?? []), file]);

  const operationIds = options.operations
    ? (byLayer.get('spine') ?? []).map((_, index) => `${domains[index % domains.length]}.op${index}`)
    : [];
  let violations = 0;
  const written: string[] = [];
  for (const [index, file] of planned.entries()) {
    const imports: string[] = [];
    for (const target of MAY_IMPORT[file.layer]) {
      // An operation's file lies in its domain, which may use other domains only through their entries.
      const all = byLayer.get(target) ?? [];
      const sameDomain = options.operations && file.layer === 'spine' && (target === 'engines' || target === 'drivers');
      const candidates = sameDomain ? all.filter((candidate) => candidate.domain === file.domain) : all;
      for (let k = 0; k < 2 && candidates.length > 0; k++) imports.push(importLine(file.rel, random.pick(candidates)));
    }
    if (file.layer === 'api' && random.next() < options.violationRate) {
      imports.push(importLine(file.rel, random.pick(byLayer.get('drivers') ?? [])));
      violations++;
    }
    const target = path.join(root, file.rel);
    mkdirSync(path.dirname(target), { recursive: true });
    const operation = options.operations ? operationCode(file, index, planned, operationIds) : { imports: [], code: '' };
    writeFileSync(target, `${[...operation.imports, ...new Set(imports)].join('\n')}\n\n${moduleBody(file.name, random)}${operation.code}`);
    written.push(target);
  }
  writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src'] },
      null,
      2,
    ),
  );
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }));
  const config = options.operations
    ? { preset: 'hoc', include: ['src/**/*.ts'], domains: ['src/domains/*', 'src/spine/operations/*'] }
    : { preset: 'hoc', include: ['src/**/*.ts'] };
  writeFileSync(path.join(root, 'plumbline.config.json'), JSON.stringify(config, null, 2));
  return { files: written.sort(), violations };
}

const OPERATION_IMPORTS = [
  { line: "import { defineOperation } from '@plumbline-kit/runtime';", callee: 'defineOperation' },
  { line: "import { defineOperation as declare } from '@plumbline-kit/runtime';", callee: 'declare' },
  { line: "import * as runtime from '@plumbline-kit/runtime';", callee: 'runtime.defineOperation' },
] as const;

/** The operation a spine file declares, or the call an api file makes; derived from positions only (no randomness). */
function operationCode(
  file: { layer: Layer; name: string },
  index: number,
  planned: ReadonlyArray<{ layer: Layer }>,
  operationIds: readonly string[],
): { imports: string[]; code: string } {
  const layerIndex = index - planned.findIndex((entry) => entry.layer === file.layer);
  if (file.layer === 'spine') {
    const id = operationIds[layerIndex] as string;
    const form = OPERATION_IMPORTS[layerIndex % OPERATION_IMPORTS.length] as (typeof OPERATION_IMPORTS)[number];
    const critical = layerIndex % 4 === 0;
    const spec = critical
      ? [
          '',
          '  critical: true,',
          '  spec: {',
          "    pre: [{ id: 'amount-known', check: ({ input }) => Number.isFinite(input.amount) }],",
          "    post: [{ id: 'decided', check: ({ output }) => output !== undefined }],",
          "    forbidden: [{ id: 'negative-allowed', check: ({ input, output }) => input.amount < 0 && output === 'allow' }],",
          '  },',
          `  invariants: [{ id: 'inv.${id}', severity: 'high', condition: ({ input }) => input.amount >= 0, remediation: 'reject the input' }],`,
        ].join('\n')
      : '';
    return {
      imports: [form.line],
      code: `\nexport const ${file.name}Operation = ${form.callee}({\n  id: '${id}',\n  owner: '${id.split('.')[0]}',${spec}\n  handler: (input: ${file.name}Input) => evaluate${file.name}(input),\n});\n`,
    };
  }
  if (file.layer === 'api' && operationIds.length > 0) {
    const id = operationIds[layerIndex % operationIds.length] as string;
    return {
      imports: [],
      code: `\nexport function execute${file.name}(registry: { execute(id: string, input: unknown): unknown }, input: unknown): unknown {\n  return registry.execute('${id}', input);\n}\n`,
    };
  }
  return { imports: [], code: '' };
}

function importLine(fromRel: string, to: { rel: string; name: string }): string {
  let specifier = path.posix.relative(path.posix.dirname(fromRel), to.rel).replace(/\.ts$/, '.js');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return `import { ${to.name}Value } from '${specifier}';`;
}

/** About 40 lines of ordinary code: types, a pure function, a class with methods (shared by the bench corpora). */
export function moduleBody(name: string, random: SeededRandom): string {
  const threshold = random.int(1, 100);
  return `export interface ${name}Input {
  id: string;
  amount: number;
  tags: readonly string[];
}

export const ${name}Value = ${threshold};

export function evaluate${name}(input: ${name}Input): 'allow' | 'deny' | 'review' {
  if (input.amount > ${threshold} * 10) return 'deny';
  const weighted = input.tags.reduce((sum, tag) => sum + tag.length, 0) / Math.max(1, input.tags.length);
  if (weighted > ${threshold % 7} && input.amount > ${threshold}) return 'review';
  return 'allow';
}

export class ${name}Service {
  private readonly seen = new Map<string, number>();

  record(input: ${name}Input): number {
    const count = (this.seen.get(input.id) ?? 0) + 1;
    this.seen.set(input.id, count);
    return count;
  }

  summary(): Array<{ id: string; count: number }> {
    return [...this.seen.entries()]
      .map(([id, count]) => ({ id, count }))
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  }
}
`;
}
