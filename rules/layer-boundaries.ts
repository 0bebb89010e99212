import path from 'node:path';
import type { ResolvedLayer } from '../config/resolve.js';
import { toProjectPath } from '../config/project-paths.js';
import { judgeImport } from '../core/layer-matcher.js';
import { createRule } from './create-rule.js';
import { describeLayer } from './describe-layer.js';
import { visitImportSources, type ImportSource } from './import-sources.js';
import { getModuleResolver } from '../config/module-resolution.js';
import { getProjectContext } from './project-context.js';

type Options = [{ reportUnassigned?: boolean }];
type MessageIds = 'forbiddenImport' | 'typeOnlyImport' | 'unassignedFile' | 'invalidConfig';

function allowedList(layer: ResolvedLayer): string {
  const values = layer.mayImport.filter((name) => name !== layer.name);
  const types = layer.mayImportTypes.filter((name) => !values.includes(name));
  const parts: string[] = [];
  parts.push(values.length > 0 ? `It may import ${values.map((n) => `'${n}'`).join(', ')}` : 'It may import no other layer');
  if (types.length > 0) parts.push(`and types from ${types.map((n) => `'${n}'`).join(', ')}`);
  return `${parts.join(' ')}.`;
}

export const layerBoundaries = createRule<Options, MessageIds>({
  name: 'layer-boundaries',
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce the layer model: a layer imports only the layers its `mayImport` lists (types only from `mayImportTypes`)',
      recommended: true,
      rationale:
        'A layered backend stays changeable only while dependencies point one way: the gateway calls the API, the API calls the spine, ' +
        'the spine calls engines and drivers, everything may use models. One shortcut (an API route calling a driver) skips the spine, ' +
        'and with it transactions, invariants and audit. The rule reads the layer model from plumbline.config, resolves every import the ' +
        'way TypeScript does (relative paths, tsconfig `paths`, package `imports`/`exports`), and reports an import whose target layer ' +
        "is not in `mayImport`. `mayImportTypes` allows type-only imports (`import type`, `export type`, `import('x').T`) where values " +
        'are not allowed. Source files that fall in no layer are reported once, so a new folder cannot escape the model unnoticed.',
      examples: {
        valid: [
          {
            file: 'src/api/policies.ts',
            code: "import { execute } from '../spine/executor.js';\nimport type { Policy } from '@models/policy.js';",
          },
          {
            file: 'src/domains/logs/engines/chain.ts',
            code: "// engines may take types from drivers\nimport type { Hasher } from '../drivers/sha256-hasher.js';",
          },
        ],
        invalid: [
          {
            file: 'src/api/policies.ts',
            code: "// api may import spine and models, not drivers\nimport { PolicyRepository } from '../domains/policies/drivers/policy-repository.js';",
          },
          {
            file: 'src/domains/logs/engines/chain.ts',
            code: "// a value from a driver: only types are allowed\nimport { sha256Hex } from '../drivers/sha256-hasher.js';",
          },
          {
            file: 'src/utils/dates.ts',
            code: '// in no layer: reported once at line 1\nexport const day = (iso: string) => iso.slice(0, 10);',
          },
        ],
      },
    },
    messages: {
      forbiddenImport: "Layer {{from}} may not import layer {{to}} ('{{specifier}}' -> {{target}}). {{allowed}}",
      typeOnlyImport:
        "Layer {{from}} may import only types from layer {{to}}: '{{specifier}}' brings values in. Use `import type`, or move the " +
        'value to a layer {{fromName}} may import.',
      unassignedFile:
        "File {{file}} is in no layer: it matches none of the layer globs in {{config}}. Add it to a layer's `paths`, or to `exclude`.",
      invalidConfig: '{{message}}',
    },
    schema: [
      {
        type: 'object',
        properties: {
          reportUnassigned: {
            type: 'boolean',
            description: 'Report files that match no layer (the config field `unassigned: "off"` turns this off too).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ reportUnassigned: true }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    if (project.kind === 'none') return {};
    if (project.kind === 'invalid') {
      return {
        Program(node) {
          context.report({ node, loc: { line: 1, column: 0 }, messageId: 'invalidConfig', data: { message: project.message } });
        },
      };
    }
    const { matcher, file } = project;
    if (!matcher.isSource(file)) return {};
    const config = matcher.config;
    const fromLayer = matcher.layerOf(file);

    if (!fromLayer) {
      if (options.reportUnassigned === false || config.unassigned === 'off') return {};
      return {
        Program() {
          context.report({
            loc: { line: 1, column: 0 },
            messageId: 'unassignedFile',
            data: {
              file: toProjectPath(config.root, file) ?? file,
              config: config.configFile ? path.basename(config.configFile) : 'the Plumbline config',
            },
          });
        },
      };
    }

    const resolver = getModuleResolver(config);
    const check = (source: ImportSource) => {
      const resolved = resolver.resolve(source.specifier, file);
      if (resolved.kind !== 'file') return;
      const toLayer = matcher.layerOf(resolved.path);
      if (!toLayer) return;
      const typeOnly = source.typeOnly || (source.inlineTypeOnly && !resolver.verbatimModuleSyntax);
      const verdict = judgeImport(fromLayer, toLayer, typeOnly);
      if (verdict === 'allowed') return;
      if (verdict === 'values-where-types-only') {
        context.report({
          node: source.node,
          messageId: 'typeOnlyImport',
          data: {
            from: describeLayer(fromLayer),
            fromName: `'${fromLayer.name}'`,
            to: describeLayer(toLayer),
            specifier: source.specifier,
          },
        });
        return;
      }
      context.report({
        node: source.node,
        messageId: 'forbiddenImport',
        data: {
          from: describeLayer(fromLayer),
          to: describeLayer(toLayer),
          specifier: source.specifier,
          target: toProjectPath(config.root, resolved.path) ?? resolved.path,
          allowed: allowedList(fromLayer),
        },
      });
    };
    return visitImportSources(check);
  },
});
