import path from 'node:path';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import ASTUtils from '@typescript-eslint/utils/ast-utils';
import type { ResolvedConfig } from '../config/resolve.js';
import { getModuleResolver } from '../config/module-resolution.js';
import { staticKeyName, staticMemberName, staticString } from './static-values.js';
import { IMPORT_BINDING, VARIABLE_DEFINITION } from './scope-kinds.js';

/** The exported name of the declaring function in the runtime module. */
const DEFINE_OPERATION = 'defineOperation';

/** Default of the `runtimeModules` option of the operation rules. */
export const DEFAULT_RUNTIME_MODULES: readonly string[] = ['@plumbline-kit/runtime'];

/** JSON schema of the `runtimeModules` option, shared by the operation rules. */
export const runtimeModulesSchema = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description:
    'Modules that export `defineOperation`: the runtime and any project module re-exporting it. A package or alias is matched by its ' +
    'text; an entry starting with `.` is a path from the project root, matched by the file it resolves to.',
} as const;

/** One `defineOperation(...)` call of the linted file. */
export interface OperationDeclaration {
  call: TSESTree.CallExpression;
  /** The declaration object when the first argument is an object literal. */
  object: TSESTree.ObjectExpression | undefined;
}

export type PropertyLookup =
  | { kind: 'value'; property: TSESTree.Property; value: TSESTree.Node }
  /** Absent as written, but a spread before or after it may bring it. */
  | { kind: 'spread'; spread: TSESTree.SpreadElement }
  | { kind: 'absent' };

/** What a local name reads from a module: `import * as rt` is `[]`, `rt.defineOperation` is `[defineOperation]`. */
interface ModuleBinding {
  specifier: string;
  path: string[];
}

/** Aliases of aliases (`const a = op; const b = a`) are followed this deep; cycles end there. */
const MAX_ALIAS_DEPTH = 8;

/**
 * Visits every call of `defineOperation` from a runtime module in the file:
 * named imports with or without an alias, namespace imports (`rt.defineOperation`),
 * `import rt = require(...)`, and top-level-style `const` aliases
 * (`const op = rt.defineOperation`, `const { defineOperation: op } = rt`).
 * Names are resolved through scopes, so a local function or parameter that
 * shadows the import is not the runtime's.
 */
export function visitOperationDeclarations(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  target: { config: ResolvedConfig; file: string; runtimeModules: readonly string[] },
  onDeclaration: (declaration: OperationDeclaration) => void,
): TSESLint.RuleListener {
  const sourceCode = context.sourceCode;
  const isRuntimeModule = runtimeModuleTest(target.config, target.file, target.runtimeModules);
  let importsRuntime = false;

  const bindingOfIdentifier = (identifier: TSESTree.Identifier, depth: number): ModuleBinding | undefined => {
    const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return undefined;
    if (def.type === IMPORT_BINDING) return importBinding(def.node);
    if (def.type !== VARIABLE_DEFINITION || def.parent.kind !== 'const' || !def.node.init) return undefined;
    const source = bindingOfExpression(def.node.init, depth + 1);
    if (!source) return undefined;
    if (def.node.id.type === AST_NODE_TYPES.Identifier) return source;
    // `const { defineOperation: op } = rt`: the property read off the source.
    const property = def.node.id.type === AST_NODE_TYPES.ObjectPattern ? patternPropertyOf(def.node.id, identifier.name) : undefined;
    return property === undefined ? undefined : { specifier: source.specifier, path: [...source.path, property] };
  };

  const bindingOfExpression = (node: TSESTree.Node, depth: number): ModuleBinding | undefined => {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    const expression = unwrapExpression(node);
    if (expression.type === AST_NODE_TYPES.Identifier) return bindingOfIdentifier(expression, depth);
    if (expression.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const name = staticMemberName(expression);
    const base = name === undefined ? undefined : bindingOfExpression(expression.object, depth);
    return base && name !== undefined ? { specifier: base.specifier, path: [...base.path, name] } : undefined;
  };

  return {
    Program(program) {
      // Most files import no runtime module: skip resolving their calls.
      importsRuntime = program.body.some((statement) => {
        const specifier = importedSpecifier(statement);
        return specifier !== undefined && isRuntimeModule(specifier);
      });
    },
    CallExpression(call) {
      if (!importsRuntime) return;
      const binding = bindingOfExpression(call.callee, 0);
      if (!binding || binding.path.length !== 1 || binding.path[0] !== DEFINE_OPERATION || !isRuntimeModule(binding.specifier)) return;
      const first = call.arguments[0] ? unwrapExpression(call.arguments[0]) : undefined;
      onDeclaration({ call, object: first?.type === AST_NODE_TYPES.ObjectExpression ? first : undefined });
    },
  };
}

/**
 * Tests a module specifier of the linted file against `runtimeModules`: by its
 * text, and for entries written as paths from the project root, by the file both resolve to.
 */
function runtimeModuleTest(config: ResolvedConfig, file: string, runtimeModules: readonly string[]): (specifier: string) => boolean {
  const byText = new Set(runtimeModules);
  const pathEntries = runtimeModules.filter((entry) => entry.startsWith('.'));
  if (pathEntries.length === 0) return (specifier) => byText.has(specifier);
  const resolver = getModuleResolver(config);
  // Any file name in the root will do: relative entries are resolved from the root folder.
  const anchor = path.join(config.root, 'plumbline.config.ts');
  const files = new Set(
    pathEntries.flatMap((entry) => {
      const resolved = resolver.resolve(entry, anchor);
      return resolved.kind === 'file' ? [resolved.path] : [];
    }),
  );
  return (specifier) => {
    if (byText.has(specifier)) return true;
    const resolved = resolver.resolve(specifier, file);
    return resolved.kind === 'file' && files.has(resolved.path);
  };
}

function importedSpecifier(statement: TSESTree.ProgramStatement): string | undefined {
  if (statement.type === AST_NODE_TYPES.ImportDeclaration) return statement.importKind === 'type' ? undefined : statement.source.value;
  if (
    statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
    statement.importKind !== 'type' &&
    statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference
  ) {
    return statement.moduleReference.expression.value;
  }
  return undefined;
}

/** Value imports only: a type-only import declares nothing at run time. */
function importBinding(node: TSESTree.Node): ModuleBinding | undefined {
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const specifier = importedSpecifier(node);
    return specifier === undefined ? undefined : { specifier, path: [] };
  }
  const declaration = node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type') return undefined;
  const specifier = declaration.source.value;
  if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { specifier, path: [] };
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { specifier, path: ['default'] };
  if (node.type !== AST_NODE_TYPES.ImportSpecifier || node.importKind === 'type') return undefined;
  const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
  return { specifier, path: [imported] };
}

/** The property a name is destructured from: `{ defineOperation: op }` gives `defineOperation` for `op`. */
function patternPropertyOf(pattern: TSESTree.ObjectPattern, local: string): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === local) return staticKeyName(property);
  }
  return undefined;
}

/** Strips what does not change the value: `x!`, `x as T`, `<T>x`, `x satisfies T`. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

/**
 * A property of a declaration object by name. A written property wins over a
 * spread (as the analyzers read it); without one, a spread may bring the value.
 */
export function findProperty(object: TSESTree.ObjectExpression, name: string): PropertyLookup {
  let spread: TSESTree.SpreadElement | undefined;
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) spread ??= property;
    else if (staticKeyName(property) === name) found = property;
  }
  if (found) return { kind: 'value', property: found, value: unwrapExpression(found.value) };
  return spread ? { kind: 'spread', spread } : { kind: 'absent' };
}

/** The text of a string literal (or a template literal without substitutions), else undefined. */
export function stringLiteralOf(node: TSESTree.Node): string | undefined {
  return staticString(unwrapExpression(node));
}

/** The operation id when it is written as a string literal. */
export function literalOperationId(declaration: OperationDeclaration): string | undefined {
  if (!declaration.object) return undefined;
  const id = findProperty(declaration.object, 'id');
  return id.kind === 'value' ? stringLiteralOf(id.value) : undefined;
}

const MAX_SNIPPET = 60;

/** Source text of a node on one line, shortened for messages. */
export function codeSnippet(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const text = sourceCode.getText(node).replace(/\s+/g, ' ').trim();
  return text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET - 3)}...` : text;
}
