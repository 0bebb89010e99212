import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { createRule } from './create-rule.js';
import {
  codeSnippet,
  DEFAULT_RUNTIME_MODULES,
  findProperty,
  literalOperationId,
  runtimeModulesSchema,
  visitOperationDeclarations,
  type OperationDeclaration,
  type PropertyLookup,
} from './operation-declarations.js';
import { getProjectContext } from './project-context.js';

type Options = [{ runtimeModules?: string[]; requireInvariants?: boolean }];
type MessageIds =
  | 'missingSpec'
  | 'noPreconditions'
  | 'noPostconditions'
  | 'noForbiddenStates'
  | 'noInvariants'
  | 'criticalNotStatic'
  | 'specNotStatic'
  | 'partNotStatic';

/** The lists a critical operation's spec must fill, with the finding for each when it is missing or empty. */
const SPEC_PARTS = [
  { name: 'pre', messageId: 'noPreconditions' },
  { name: 'post', messageId: 'noPostconditions' },
  { name: 'forbidden', messageId: 'noForbiddenStates' },
] as const;

type ListState = { kind: 'filled' } | { kind: 'empty' } | { kind: 'unknown'; node: TSESTree.Node };

/** Whether an array literal has entries; a spread inside it cannot be counted (as the analyzers count). */
function listState(lookup: PropertyLookup): ListState {
  if (lookup.kind === 'absent') return { kind: 'empty' };
  if (lookup.kind === 'spread') return { kind: 'unknown', node: lookup.spread };
  const value = lookup.value;
  if (value.type !== AST_NODE_TYPES.ArrayExpression || value.elements.some((element) => element?.type === AST_NODE_TYPES.SpreadElement)) {
    return { kind: 'unknown', node: value };
  }
  return value.elements.some((element) => element !== null) ? { kind: 'filled' } : { kind: 'empty' };
}

export const specCompleteness = createRule<Options, MessageIds>({
  name: 'spec-completeness',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require every critical operation (`critical: true`) to declare a `spec` with non-empty `pre`, `post` and `forbidden` lists',
      recommended: true,
      rationale:
        'Marking an operation critical is a promise: before it runs these conditions hold, after it ran these hold, and these states it ' +
        'never produces. A critical operation whose spec lost its `forbidden` list still runs and still passes its tests, but the one ' +
        'check that would have caught a closed incident reopening, or an allow despite a deny rule, is gone, and nobody notices until ' +
        'production does. The rule reads each `defineOperation` declaration (recognised like operation-ownership: aliases, namespace ' +
        'imports, `runtimeModules`) and, when it is critical, reports a missing `spec` and each missing or empty part separately, so the ' +
        'message says exactly what to add. It fails closed: a `critical` flag that is not a literal `true`/`false` is treated as ' +
        'critical and reported, and a spec or list that is not written inline (a variable, a spread) is reported as not checkable, since ' +
        'a spec that cannot be read cannot be shown complete. With `requireInvariants`, a critical operation also needs a non-empty ' +
        "`invariants` list. This is the in-editor form of the analyzers' project-wide `spec-incomplete` finding.",
      examples: {
        valid: [
          {
            file: 'src/spine/operations/incidents/transition-incident.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\nexport const transition = defineOperation({\n  id: 'incidents.transition', owner: 'incidents', critical: true,\n  spec: { pre: [knownTarget], post: [statusIsTarget], forbidden: [leaveClosed] },\n  handler,\n});",
          },
          {
            file: 'src/spine/operations/policies/get-policy.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\n// not critical: no spec needed\nexport const getPolicy = defineOperation({ id: 'policies.get', owner: 'policies', handler });",
          },
        ],
        invalid: [
          {
            file: 'src/spine/operations/incidents/transition-incident.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\nexport const transition = defineOperation({\n  id: 'incidents.transition', owner: 'incidents', critical: true,\n  spec: { pre: [knownTarget], post: [] },\n  handler,\n});",
          },
          {
            file: 'src/spine/operations/policies/evaluate-metric.ts',
            code: "import { defineOperation } from '@plumbline-kit/runtime';\n// not a literal: treated as critical, and reported\nexport const evaluate = defineOperation({ id: 'policies.evaluate', owner: 'policies', critical: isCritical, spec, handler });",
          },
        ],
      },
    },
    messages: {
      missingSpec: 'Critical {{operation}} has no `spec`: declare `spec.pre`, `spec.post` and `spec.forbidden`, each non-empty.',
      noPreconditions: 'Critical {{operation}} has no `pre` conditions in its spec: name what must hold before it runs.',
      noPostconditions: 'Critical {{operation}} has no `post` conditions in its spec: name what must hold once it has run.',
      noForbiddenStates: 'Critical {{operation}} has no `forbidden` states in its spec: name the states it must never produce.',
      noInvariants: 'Critical {{operation}} has no `invariants` (`requireInvariants` is on): name the business rules it must keep.',
      criticalNotStatic:
        'The {{operation}} takes its critical flag from `{{code}}`, which is not a boolean literal: it is treated as critical, but ' +
        'cannot be checked statically. Write `critical: true` or `critical: false`.',
      specNotStatic:
        'Critical {{operation}} has a spec that is not an object literal (`{{code}}`): its completeness cannot be checked statically. ' +
        'Write the spec inline.',
      partNotStatic:
        'Critical {{operation}}: `{{part}}` is not an array literal (`{{code}}`), so whether it is empty cannot be checked statically. ' +
        'List its entries inline.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          runtimeModules: runtimeModulesSchema,
          requireInvariants: {
            type: 'boolean',
            description: 'Also require a non-empty `invariants` list on every critical operation.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ runtimeModules: [...DEFAULT_RUNTIME_MODULES], requireInvariants: false }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    if (!matcher.isSource(file)) return {};
    const sourceCode = context.sourceCode;
    const runtimeModules = options.runtimeModules ?? DEFAULT_RUNTIME_MODULES;

    const reportUnknown = (operation: string, part: string, node: TSESTree.Node) => {
      context.report({ node, messageId: 'partNotStatic', data: { operation, part, code: codeSnippet(sourceCode, node) } });
    };

    const check = (declaration: OperationDeclaration) => {
      // A declaration that is not an object literal is reported by operation-ownership.
      const object = declaration.object;
      if (!object) return;
      const id = literalOperationId(declaration);
      const operation = id === undefined ? 'operation' : `operation '${id}'`;

      const critical = findProperty(object, 'critical');
      if (critical.kind === 'absent') return;
      // Where the critical flag is written: findings about the whole operation point there.
      let anchor: TSESTree.Node;
      if (critical.kind === 'value' && critical.value.type === AST_NODE_TYPES.Literal && typeof critical.value.value === 'boolean') {
        if (!critical.value.value) return;
        anchor = critical.property;
      } else {
        // Fail closed: a flag that cannot be read counts as critical.
        const node = critical.kind === 'spread' ? critical.spread : critical.value;
        anchor = critical.kind === 'spread' ? critical.spread : critical.property;
        context.report({ node, messageId: 'criticalNotStatic', data: { operation, code: codeSnippet(sourceCode, node) } });
      }

      const spec = findProperty(object, 'spec');
      if (spec.kind === 'absent') {
        context.report({ node: anchor, messageId: 'missingSpec', data: { operation } });
      } else if (spec.kind === 'spread' || spec.value.type !== AST_NODE_TYPES.ObjectExpression) {
        const node = spec.kind === 'spread' ? spec.spread : spec.value;
        context.report({ node, messageId: 'specNotStatic', data: { operation, code: codeSnippet(sourceCode, node) } });
      } else {
        const specObject = spec.value;
        for (const part of SPEC_PARTS) {
          const lookup = findProperty(specObject, part.name);
          const state = listState(lookup);
          if (state.kind === 'unknown') reportUnknown(operation, `spec.${part.name}`, state.node);
          else if (state.kind === 'empty') {
            context.report({
              node: lookup.kind === 'value' ? lookup.property : spec.property,
              messageId: part.messageId,
              data: { operation },
            });
          }
        }
      }

      if (options.requireInvariants === true) {
        const invariants = findProperty(object, 'invariants');
        const state = listState(invariants);
        if (state.kind === 'unknown') reportUnknown(operation, 'invariants', state.node);
        else if (state.kind === 'empty') {
          context.report({
            node: invariants.kind === 'value' ? invariants.property : anchor,
            messageId: 'noInvariants',
            data: { operation },
          });
        }
      }
    };

    return visitOperationDeclarations(context, { config: matcher.config, file, runtimeModules }, check);
  },
});
