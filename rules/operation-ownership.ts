import type { TSESTree } from '@typescript-eslint/utils';
import { toProjectPath } from '../config/project-paths.js';
import { createRule } from './create-rule.js';
import {
  codeSnippet,
  DEFAULT_RUNTIME_MODULES,
  findProperty,
  literalOperationId,
  runtimeModulesSchema,
  stringLiteralOf,
  visitOperationDeclarations,
  type OperationDeclaration,
} from './operation-declarations.js';
import { getProjectContext } from './project-context.js';

type Options = [{ runtimeModules?: string[]; idPrefixMatchesOwner?: boolean }];
type MessageIds =
  'missingOwner' | 'ownerNotStatic' | 'ownerMismatch' | 'noDomain' | 'noDomainsConfigured' | 'idPrefixMismatch' | 'declarationNotStatic';

/** `<prefix>.<name>`: the prefix is everything before the first dot. */
const PREFIXED_ID = /^([^.]+)\.(.+)$/;

/** `Operation 'policies.evaluate'` when the id is a literal. */
function operationLabel(declaration: OperationDeclaration): string {
  const id = literalOperationId(declaration);
  return id === undefined ? 'Operation' : `Operation '${id}'`;
}

export const operationOwnership = createRule<Options, MessageIds>({
  name: 'operation-ownership',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require every operation declared with `defineOperation` to name as its `owner` (a string literal) the domain whose folder ' +
        'declares it, and its id to start with that owner',
      recommended: true,
      rationale:
        'An operation has one owner: the domain that answers for its rules, its spec and its incidents. When the owner is only a string ' +
        "someone typed, it drifts: an operation moved from controls to policies keeps `owner: 'controls'`, and the evidence, the spec " +
        'registry and the people paged all point at the wrong domain. The rule makes the folder the single source of truth. For each ' +
        'call of `defineOperation` from `@plumbline-kit/runtime` (named import, alias, namespace import, a `const` alias, or a module listed ' +
        "in `runtimeModules` that re-exports it), it finds the file's domain from the `domains` globs of plumbline.config and reports an " +
        'owner that is missing, is not a string literal (it cannot be checked without running the code), or names another domain. A file ' +
        'that declares an operation but lies in no domain is reported too. With `idPrefixMatchesOwner` (default on), an id written as ' +
        '`<prefix>.<name>` must start with its owner, so `controls.evaluate` cannot be owned by policies. A declaration that is not an ' +
        'object literal is reported, since nothing in it can be checked. Project-wide facts (an owner that is no configured domain, ' +
        "duplicate ids) are the analyzers' business.",
      examples: {
        valid: [
          {
            file: 'src/spine/operations/policies/evaluate-metric.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\nexport const evaluateMetric = defineOperation({ id: 'policies.evaluate', owner: 'policies', handler });",
          },
          {
            file: 'src/spine/operations/incidents/open-incident.ts',
            code: "import * as rt from '@plumbline-kit/runtime';\nexport const openIncident = rt.defineOperation({ id: 'incidents.open', owner: 'incidents', handler });",
          },
        ],
        invalid: [
          {
            file: 'src/spine/operations/policies/evaluate-metric.ts',
            code: "import { defineOperation as op } from '@plumbline-kit/runtime';\n// lives in the policies folder, claims controls\nexport const evaluateMetric = op({ id: 'policies.evaluate', owner: 'controls', handler });",
          },
          {
            file: 'src/spine/operations/incidents/open-incident.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\nconst OWNER = 'incidents';\n// a variable: cannot be checked statically\nexport const openIncident = defineOperation({ id: 'incidents.open', owner: OWNER, handler });",
          },
          {
            file: 'src/spine/operations/logs/purge.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\n// the id says retention, the owner says logs\nexport const purge = defineOperation({ id: 'retention.purge', owner: 'logs', handler });",
          },
        ],
      },
    },
    messages: {
      missingOwner: "{{operation}} declares no `owner`: add `owner: '{{domain}}'`, the domain whose folder declares it.",
      ownerNotStatic:
        '{{operation}} takes its owner from `{{code}}`, which is not a string literal: its owner cannot be checked statically. Write ' +
        "`owner: '{{domain}}'`.",
      ownerMismatch:
        "{{operation}} declares owner '{{owner}}' but lives in domain '{{domain}}' ({{file}}). An operation has one owner: the domain " +
        'whose folder declares it.',
      noDomain:
        '{{operation}} is declared in {{file}}, which lies in no domain of the config: move it under a domain folder or add the folder ' +
        'to `domains`.',
      noDomainsConfigured:
        '{{operation}} is declared in {{file}}, but the config has no `domains`, so its owner cannot be checked: set `domains` (e.g. ' +
        '["src/domains/*"]).',
      idPrefixMismatch:
        "Operation id '{{id}}' starts with '{{prefix}}' but the operation is owned by '{{owner}}': name it '{{owner}}.{{name}}', so the " +
        'id says which domain owns it.',
      declarationNotStatic:
        'Operation declaration `{{code}}` is not an object literal: its owner cannot be checked statically. Write the declaration ' +
        'inline: `defineOperation({ id, owner, ... })`.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          runtimeModules: runtimeModulesSchema,
          idPrefixMatchesOwner: {
            type: 'boolean',
            description: 'Report an id written as `<prefix>.<name>` whose prefix is not the owner.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ runtimeModules: [...DEFAULT_RUNTIME_MODULES], idPrefixMatchesOwner: true }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    if (!matcher.isSource(file)) return {};
    const config = matcher.config;
    const domain = matcher.domainOf(file);
    const projectFile = toProjectPath(config.root, file) ?? file;
    const runtimeModules = options.runtimeModules ?? DEFAULT_RUNTIME_MODULES;

    const checkIdPrefix = (object: TSESTree.ObjectExpression, owner: string) => {
      const id = findProperty(object, 'id');
      if (id.kind !== 'value') return;
      const text = stringLiteralOf(id.value);
      const parts = text === undefined ? null : PREFIXED_ID.exec(text);
      if (!parts || parts[1] === owner) return;
      context.report({ node: id.value, messageId: 'idPrefixMismatch', data: { id: text, prefix: parts[1], owner, name: parts[2] } });
    };

    const check = (declaration: OperationDeclaration) => {
      const operation = operationLabel(declaration);
      const { call, object } = declaration;
      if (!object) {
        const argument = call.arguments[0];
        const code = argument ? codeSnippet(context.sourceCode, argument) : '(no argument)';
        context.report({ node: argument ?? call, messageId: 'declarationNotStatic', data: { code } });
        return;
      }
      const owner = findProperty(object, 'owner');
      const ownerText = owner.kind === 'value' ? stringLiteralOf(owner.value) : undefined;
      if (domain === undefined) {
        // Nothing to compare the owner with: where the file should be is the one finding.
        const messageId = config.domains.length === 0 ? 'noDomainsConfigured' : 'noDomain';
        context.report({ node: call.callee, messageId, data: { operation, file: projectFile } });
      } else if (owner.kind === 'absent') {
        context.report({ node: call.callee, messageId: 'missingOwner', data: { operation, domain } });
      } else if (owner.kind === 'spread' || ownerText === undefined) {
        const node = owner.kind === 'spread' ? owner.spread : owner.value;
        context.report({ node, messageId: 'ownerNotStatic', data: { operation, code: codeSnippet(context.sourceCode, node), domain } });
      } else if (ownerText !== domain) {
        context.report({ node: owner.value, messageId: 'ownerMismatch', data: { operation, owner: ownerText, domain, file: projectFile } });
      }
      if (ownerText !== undefined && options.idPrefixMatchesOwner !== false) checkIdPrefix(object, ownerText);
    };

    return visitOperationDeclarations(context, { config, file, runtimeModules }, check);
  },
});
