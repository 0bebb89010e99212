import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { oncePerConfig } from '../config/per-config.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { createRule } from './create-rule.js';
import { visitImportSources, type ImportSource } from './import-sources.js';
import { getModuleResolver } from '../config/module-resolution.js';
import { getProjectContext } from './project-context.js';
import { staticKeyName, staticMemberName } from './static-values.js';
import { GLOBAL_SCOPE, IMPORT_BINDING } from './scope-kinds.js';
import { AMBIENT_EFFECTS, IO_MODULES, matchesModule, withoutNodePrefix, type AmbientKind } from '../core/effect-vocabulary.js';

export { AMBIENT_EFFECTS, IO_MODULES } from '../core/effect-vocabulary.js';

/** Names of the global object: `globalThis.fetch` is `fetch`. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global']);

/**
 * Imports that name an ambient object: `import { randomUUID } from 'node:crypto'`
 * is `crypto.randomUUID`. Paths start with the module name without `node:`.
 */
const MODULE_ALIASES: ReadonlyArray<{ from: readonly string[]; to: readonly string[] }> = [
  { from: ['crypto', 'webcrypto'], to: ['crypto'] },
  { from: ['perf_hooks', 'performance'], to: ['performance'] },
  { from: ['timers'], to: [] },
];

const MESSAGE_IDS: Record<AmbientKind, MessageIds> = {
  clock: 'readsClock',
  randomness: 'drawsRandomness',
  processState: 'readsProcessState',
  scheduling: 'schedulesWork',
  network: 'doesNetworkIo',
};

type MessageIds = 'ioImport' | 'readsClock' | 'drawsRandomness' | 'readsProcessState' | 'schedulesWork' | 'doesNetworkIo' | 'forbiddenCall';

interface EnginePolicy {
  isForbiddenModule(specifier: string): boolean;
  /** `engines.extraForbiddenCalls` as dotted paths, global object names dropped. */
  extraCalls: ReadonlySet<string>;
}

const getEnginePolicy = oncePerConfig((config: ResolvedConfig): EnginePolicy => {
  const { forbiddenModules, extraForbiddenModules, allowedModules, extraForbiddenCalls } = config.engines;
  const forbidden = [...(forbiddenModules ?? IO_MODULES), ...extraForbiddenModules];
  return {
    isForbiddenModule: (specifier) =>
      forbidden.some((entry) => matchesModule(specifier, entry)) && !allowedModules.some((entry) => matchesModule(specifier, entry)),
    extraCalls: new Set(extraForbiddenCalls.map((call) => withoutGlobalObject(call.split('.')).join('.')).filter((call) => call !== '')),
  };
});

/**
 * Who hands a pure layer its inputs, in the config's own words: the transaction owners
 * that may import it (hoc: the spine), else every layer that may import it.
 */
export function callerOf(config: ResolvedConfig, pureLayer: string): string {
  const importers = config.layers
    .filter((layer) => layer.name !== pureLayer && layer.mayImport.includes(pureLayer))
    .map((layer) => layer.name);
  const owners = importers.filter((name) => config.transactions.owners.includes(name));
  const callers = owners.length > 0 ? owners : importers;
  if (callers.length === 0) return 'its caller';
  const named = callers.map((name) => `'${name}'`);
  if (callers.length === 1) return `its caller in layer ${named[0] ?? ''}`;
  return `its caller (layer ${named.slice(0, -1).join(', ')} or ${named[named.length - 1] ?? ''})`;
}

function withoutGlobalObject(names: string[]): string[] {
  let start = 0;
  while (start < names.length && GLOBAL_OBJECTS.has(names[start] ?? '')) start += 1;
  return names.slice(start);
}

/** One step of a member path: its name and the expression that evaluates to the path so far. */
interface PathStep {
  name: string;
  node: TSESTree.Node;
}

/** Climbs over wrappers that keep the value: `x!`, `x as T`, `<T>x`, `x satisfies T`, `a?.b`. */
function outermost(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    switch (parent.type) {
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        current = parent;
        continue;
      default:
        return current;
    }
  }
}

/** `a.b['c']` read outward from the identifier `a`, as far as the names are static. */
function memberPath(identifier: TSESTree.Identifier): PathStep[] {
  const steps: PathStep[] = [{ name: identifier.name, node: identifier }];
  let current: TSESTree.Node = identifier;
  for (;;) {
    const outer = outermost(current);
    const parent = outer.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== outer) return steps;
    const name = staticMemberName(parent);
    if (name === undefined) return steps;
    steps.push({ name, node: parent });
    current = parent;
  }
}

/** The object pattern a value is destructured into: `const { now } = Date`. */
function destructuringPattern(node: TSESTree.Node): TSESTree.ObjectPattern | undefined {
  const outer = outermost(node);
  const parent = outer.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === outer && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
    return parent.id;
  }
  if (
    (parent.type === AST_NODE_TYPES.AssignmentExpression || parent.type === AST_NODE_TYPES.AssignmentPattern) &&
    parent.right === outer &&
    parent.left.type === AST_NODE_TYPES.ObjectPattern
  ) {
    return parent.left;
  }
  return undefined;
}

/** `typeof fetch` in a type reads no value at run time. */
function inTypePosition(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TSTypeQuery) return true;
  }
  return false;
}

function isCallee(node: TSESTree.Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  return (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.callee === outer;
}

type Root = { kind: 'global' } | { kind: 'import'; module: string; imported: string | undefined };

/**
 * What a reference's name stands for: a global (no declaration in the file, or an
 * implicit lib/configured global) or an import. Anything declared in the file is
 * the engine's own input or helper, so it is left alone.
 */
function rootOf(reference: TSESLint.Scope.Reference): Root | undefined {
  const variable = reference.resolved;
  if (!variable) return { kind: 'global' };
  if (variable.defs.length === 0) return variable.scope.type === GLOBAL_SCOPE ? { kind: 'global' } : undefined;
  const def = variable.defs[0];
  if (def?.type !== IMPORT_BINDING || def.parent.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
  if (def.parent.importKind === 'type') return undefined;
  const specifier = def.node;
  const imported =
    specifier.type === AST_NODE_TYPES.ImportSpecifier
      ? specifier.imported.type === AST_NODE_TYPES.Identifier
        ? specifier.imported.name
        : specifier.imported.value
      : undefined;
  return { kind: 'import', module: withoutNodePrefix(def.parent.source.value), imported };
}

/** The path an import stands for, module first: `import { v4 as id } from 'uuid'; id()` is `uuid.v4`. */
function importedPath(root: { module: string; imported: string | undefined }, steps: PathStep[]): PathStep[] {
  const head = steps[0] as PathStep;
  const path = [
    { name: root.module, node: head.node },
    ...(root.imported === undefined ? [] : [{ name: root.imported, node: head.node }]),
    ...steps.slice(1),
  ];
  for (const alias of MODULE_ALIASES) {
    if (alias.from.every((name, index) => path[index]?.name === name)) {
      const at = (path[alias.from.length - 1] as PathStep).node;
      return [...alias.to.map((name) => ({ name, node: at })), ...path.slice(alias.from.length)];
    }
  }
  return path;
}

export const enginePurity = createRule<[], MessageIds>({
  name: 'engine-purity',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Keep pure layers pure: no imports of I/O modules and no reads of the clock, randomness, id generators, the environment, timers or the network in the `engines.layers`',
      recommended: true,
      rationale:
        'Engines are where the business decides: escalate or not, purge or keep, allow or deny. They stay testable, replayable and auditable only while they decide from their inputs alone: the same inputs must give the same decision, today and in a replay next year. One `Date.now()`, `Math.random()` or `process.env.THRESHOLD` inside an engine makes the decision depend on when and where it ran, and one import of `node:fs` or a database client turns a decision into an effect that no test can pin down. The rule checks the files of the pure layers: those listed in `engines.layers` of plumbline.config or marked `pure: true`; when the config names neither, the layers the architectures call pure (a layer named `engines`, hoc L5; `domain`, hexagonal and DDD; `entities`, clean architecture). The static gate warns when the rule has no pure layer to check. It reports imports of I/O modules (node builtins such as `fs`, `net`, `child_process`, `timers`; database and cache clients such as pg, mysql2, mongodb, mongoose, ioredis, redis, slonik, knex, prisma, typeorm; HTTP, cloud and broker clients), except type-only imports, and reads of ambient effects: the clock (`Date.now()`, `new Date()` without arguments, `performance.now()`), randomness (`Math.random()`, `crypto.randomUUID()`, and id generators: uuid `v1`/`v4`/`v6`/`v7`, nanoid, cuid, cuid2, ulid, short-uuid), process state (`process.env`, `process.argv`), timers (`setTimeout`...) and `fetch`, also through `globalThis`. Names declared or passed in are inputs, so a parameter called `fetch` or `now` is never reported, and pure calls such as `new Date(iso)`, `Date.parse` or `Math.max` are fine. `engines.forbiddenModules` replaces the module list, `extraForbiddenModules` adds to it, `allowedModules` exempts modules, and `extraForbiddenCalls` names more calls (e.g. `uuid.v4`).',
      examples: {
        valid: [
          {
            file: 'src/domains/incidents/engines/escalation.ts',
            code: '// the time comes in as a parameter; Date.parse is pure\nexport function overdue(openedAt: string, now: string, limitMs: number): boolean {\n  return Date.parse(now) - Date.parse(openedAt) > limitMs;\n}',
          },
          {
            file: 'src/domains/logs/engines/chain.ts',
            code: "// a type from node:fs carries no effect; an injected fetch is an input\nimport type { Stats } from 'node:fs';\nexport const describe = (stats: Stats, fetch: (url: string) => string) => fetch(`/size/${stats.size}`);",
          },
        ],
        invalid: [
          {
            file: 'src/domains/incidents/engines/escalation.ts',
            code: 'export function overdue(openedAt: string, limitMs: number): boolean {\n  return Date.now() - Date.parse(openedAt) > limitMs;\n}',
          },
          {
            file: 'src/domains/policies/engines/threshold.ts',
            code: "const limit = Number(process.env.POLICY_LIMIT ?? '100');\nexport const exceeds = (value: number) => value > limit;",
          },
          {
            file: 'src/domains/logs/engines/retention.ts',
            code: "import { readFileSync } from 'node:fs';\nexport const retainDays = () => Number(readFileSync('retention.txt', 'utf8'));",
          },
        ],
      },
    },
    messages: {
      ioImport:
        "Layer '{{layer}}' is pure, but this file imports '{{specifier}}', an I/O module: pure code decides from its inputs only. Let {{caller}} do the I/O and pass the result in.",
      readsClock:
        "Layer '{{layer}}' is pure, but this file reads the clock (`{{code}}`): pure code decides from its inputs only. Take the time as a parameter ({{caller}} passes it in).",
      drawsRandomness:
        "Layer '{{layer}}' is pure, but this file draws randomness (`{{code}}`): pure code decides from its inputs only. Take the random value or id as a parameter ({{caller}} passes it in).",
      readsProcessState:
        "Layer '{{layer}}' is pure, but this file reads process state (`{{code}}`): pure code decides from its inputs only. Take the setting as a parameter (read it once at startup; {{caller}} passes it in).",
      schedulesWork:
        "Layer '{{layer}}' is pure, but this file schedules work (`{{code}}`): pure code decides from its inputs only. Return the decision and let {{caller}} schedule it.",
      doesNetworkIo:
        "Layer '{{layer}}' is pure, but this file does network I/O (`{{code}}`): pure code decides from its inputs only. Let {{caller}} do the I/O and pass the result in.",
      forbiddenCall:
        "Layer '{{layer}}' is pure, but this file uses `{{code}}`, which engines.extraForbiddenCalls forbids: pure code decides from its inputs only. Take its result as a parameter.",
    },
    schema: [],
  },
  create(context) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    const config = matcher.config;
    if (config.engines.layers.length === 0 || !matcher.isSource(file)) return {};
    const layer = matcher.layerOf(file);
    if (!layer || !config.engines.layers.includes(layer.name)) return {};

    const policy = getEnginePolicy(config);
    const caller = callerOf(config, layer.name);
    const resolver = getModuleResolver(config);
    const sourceCode = context.sourceCode;

    const checkImport = (source: ImportSource) => {
      const typeOnly = source.typeOnly || (source.inlineTypeOnly && !resolver.verbatimModuleSyntax);
      if (typeOnly) return;
      // Only packages and builtins: a project file (relative, alias, #import) is judged by layer-boundaries.
      if (resolver.resolve(source.specifier, file).kind !== 'external') return;
      if (!policy.isForbiddenModule(source.specifier)) return;
      context.report({ node: source.node, messageId: 'ioImport', data: { layer: layer.name, caller, specifier: source.specifier } });
    };

    /** Reports the first prefix of a path that names an effect; true when one did. */
    const checkPath = (steps: PathStep[], extraOnly: boolean): boolean => {
      for (let length = 1; length <= steps.length; length += 1) {
        const node = (steps[length - 1] as PathStep).node;
        // `import { v4 } from 'uuid'` stands for `uuid.v4` as a whole, never for `uuid` alone.
        if (steps[length]?.node === node) continue;
        const key = steps
          .slice(0, length)
          .map((step) => step.name)
          .join('.');
        if (reportPath(key, node, extraOnly)) return true;
      }
      return false;
    };

    const reportPath = (key: string, node: TSESTree.Node, extraOnly: boolean): boolean => {
      const called = isCallee(node);
      const kind = extraOnly ? undefined : AMBIENT_EFFECTS.get(key);
      if (kind) {
        context.report({ node, messageId: MESSAGE_IDS[kind], data: { layer: layer.name, caller, code: called ? `${key}()` : key } });
        return true;
      }
      if (!extraOnly && key === 'Date' && isDateOfNow(node)) {
        const parent = outermost(node).parent as TSESTree.Node;
        const code = parent.type === AST_NODE_TYPES.NewExpression ? 'new Date()' : 'Date()';
        context.report({ node: parent, messageId: 'readsClock', data: { layer: layer.name, caller, code } });
        return true;
      }
      if (policy.extraCalls.has(key)) {
        context.report({ node, messageId: 'forbiddenCall', data: { layer: layer.name, code: called ? `${key}()` : key } });
        return true;
      }
      return false;
    };

    /** `const { now } = Date` reads `Date.now` just as well. */
    const checkDestructured = (source: TSESTree.Node, paths: Array<{ steps: PathStep[]; extraOnly: boolean }>) => {
      const pattern = destructuringPattern(source);
      if (!pattern) return;
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const name = staticKeyName(property);
        if (name === undefined) continue;
        paths.some(({ steps, extraOnly }) => reportPath([...steps.map((step) => step.name), name].join('.'), property, extraOnly));
      }
    };

    const checkReference = (reference: TSESLint.Scope.Reference) => {
      const identifier = reference.identifier;
      if (identifier.type !== AST_NODE_TYPES.Identifier || !reference.isValueReference || inTypePosition(identifier)) return;
      const root = rootOf(reference);
      if (!root) return;
      const written = memberPath(identifier);
      const source = (written[written.length - 1] as PathStep).node;
      if (root.kind === 'global') {
        const steps = written.slice(written.length - withoutGlobalObject(written.map((step) => step.name)).length);
        if (!checkPath(steps, false)) checkDestructured(source, [{ steps, extraOnly: false }]);
        return;
      }
      const imported = importedPath(root, written);
      if (checkPath(imported, false) || checkPath(written, true)) return;
      checkDestructured(source, [
        { steps: imported, extraOnly: false },
        { steps: written, extraOnly: true },
      ]);
    };

    return {
      ...visitImportSources(checkImport),
      'Program:exit'() {
        const scopeManager = sourceCode.scopeManager;
        if (!scopeManager) return;
        for (const scope of scopeManager.scopes) {
          for (const reference of scope.references) checkReference(reference);
        }
      },
    };
  },
});

/** `new Date()` without arguments and `Date()` read the clock; `new Date(iso)` does not. */
function isDateOfNow(node: TSESTree.Node): boolean {
  const outer = outermost(node);
  const parent = outer.parent;
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.callee === outer) return parent.arguments.length === 0;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === outer;
}
