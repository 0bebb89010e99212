import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { toProjectPath } from '../config/project-paths.js';
import { createRule } from './create-rule.js';
import { getProjectContext } from './project-context.js';
import { IMPORT_BINDING } from './scope-kinds.js';

type Options = [{ allowTypeDeclarations?: boolean }];
type MessageIds = 'notOnlyReExports';

/** Words for the statements a barrel may not run, by node type. */
const statementWords: Partial<Record<AST_NODE_TYPES, string>> = {
  [AST_NODE_TYPES.ExpressionStatement]: 'an expression statement',
  [AST_NODE_TYPES.IfStatement]: 'an if statement',
  [AST_NODE_TYPES.SwitchStatement]: 'a switch statement',
  [AST_NODE_TYPES.ForStatement]: 'a for loop',
  [AST_NODE_TYPES.ForInStatement]: 'a for-in loop',
  [AST_NODE_TYPES.ForOfStatement]: 'a for-of loop',
  [AST_NODE_TYPES.WhileStatement]: 'a while loop',
  [AST_NODE_TYPES.DoWhileStatement]: 'a do-while loop',
  [AST_NODE_TYPES.TryStatement]: 'a try statement',
  [AST_NODE_TYPES.ThrowStatement]: 'a throw statement',
  [AST_NODE_TYPES.BlockStatement]: 'a block',
  [AST_NODE_TYPES.LabeledStatement]: 'a labeled statement',
  [AST_NODE_TYPES.WithStatement]: 'a with statement',
  [AST_NODE_TYPES.ReturnStatement]: 'a return statement',
  [AST_NODE_TYPES.BreakStatement]: 'a break statement',
  [AST_NODE_TYPES.ContinueStatement]: 'a continue statement',
  [AST_NODE_TYPES.DebuggerStatement]: 'a debugger statement',
};

function code(name: string): string {
  return `\`${name}\``;
}

function namesIn(pattern: TSESTree.Node | null | undefined, into: string[] = []): string[] {
  if (!pattern) return into;
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      into.push(pattern.name);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) namesIn(property.type === AST_NODE_TYPES.Property ? property.value : property, into);
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) namesIn(element, into);
      break;
    case AST_NODE_TYPES.RestElement:
      namesIn(pattern.argument, into);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      namesIn(pattern.left, into);
      break;
    default:
      break;
  }
  return into;
}

function describeVariables(node: TSESTree.VariableDeclaration): string {
  const names = node.declarations.flatMap((declarator) => namesIn(declarator.id));
  const constant = node.kind === 'const';
  if (names.length === 0) return constant ? 'a const' : 'a variable';
  if (names.length === 1) return `${constant ? 'a const' : 'a variable'} ${code(names[0] ?? '')}`;
  return `${constant ? 'consts' : 'variables'} ${names.map(code).join(', ')}`;
}

function describeModule(node: TSESTree.TSModuleDeclaration): string {
  if (node.kind === 'global') return 'a global augmentation (`declare global`)';
  if (node.id.type === AST_NODE_TYPES.Literal) return `a module augmentation (\`declare module '${node.id.value}'\`)`;
  const name = node.id.type === AST_NODE_TYPES.Identifier ? node.id.name : qualifiedName(node.id);
  return `a namespace ${code(name)}`;
}

function qualifiedName(node: TSESTree.EntityName): string {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.TSQualifiedName) return `${qualifiedName(node.left)}.${node.right.name}`;
  return 'this';
}

/** What a declaration in a barrel is, in words; undefined for type declarations the options allow. */
function describeDeclaration(node: TSESTree.Node, allowTypes: boolean, prefix = ''): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.TSDeclareFunction:
      return node.id ? `a ${prefix}function ${code(node.id.name)}` : `a ${prefix}function`;
    case AST_NODE_TYPES.ClassDeclaration:
      return node.id ? `a ${prefix}class ${code(node.id.name)}` : `a ${prefix}class`;
    case AST_NODE_TYPES.VariableDeclaration:
      return describeVariables(node);
    case AST_NODE_TYPES.TSEnumDeclaration:
      return `an enum ${code(node.id.name)}`;
    case AST_NODE_TYPES.TSModuleDeclaration:
      return describeModule(node);
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
      return `an import alias ${code(node.id.name)}`;
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
      return allowTypes ? undefined : `a type alias ${code(node.id.name)}`;
    case AST_NODE_TYPES.TSInterfaceDeclaration:
      return allowTypes ? undefined : `an interface ${code(node.id.name)}`;
    default:
      return undefined;
  }
}

/** Most problems a finding lists by name; the rest are counted. */
const LISTED_PROBLEMS = 3;

/** A statement of a barrel that is not a re-export, in words that follow "but it". */
interface BarrelProblem {
  node: TSESTree.Node;
  what: string;
}

function describeProblems(problems: readonly BarrelProblem[]): string {
  const listed = problems.slice(0, LISTED_PROBLEMS).map((problem) => problem.what);
  const rest = problems.length - listed.length;
  const last = rest > 0 ? `${rest} more statement${rest === 1 ? '' : 's'}` : listed.pop();
  return listed.length === 0 ? (last ?? '') : `${listed.join(', ')} and ${last ?? ''}`;
}

/** True when a statement passes on another module's exports: `export ... from`, or `export import x = require()`. */
function isReExportFrom(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) return true;
  if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) return false;
  if (statement.source !== null) return true;
  const declaration = statement.declaration;
  return (
    declaration?.type === AST_NODE_TYPES.TSImportEqualsDeclaration &&
    declaration.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference
  );
}

/** A use of an imported binding that only passes it on: `export { a }`, `export default a`, or a type position. */
function isPlainReExport(reference: TSESLint.Scope.Reference): boolean {
  const identifier = reference.identifier;
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.ExportSpecifier && parent.local === identifier) return parent.parent.source === null;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration || parent.type === AST_NODE_TYPES.TSExportAssignment) return true;
  if (!reference.isValueReference) return true;
  // `typeof a` in a type only reads the binding's type.
  for (let node: TSESTree.Node = parent; node.type !== AST_NODE_TYPES.Program; node = node.parent) {
    if (node.type === AST_NODE_TYPES.TSTypeQuery) return true;
  }
  return false;
}

/** A reference that exports an imported binding as it is: `export { a }`, `export default a`, `export = a`. */
function exportsBinding(reference: TSESLint.Scope.Reference): boolean {
  const parent = reference.identifier.parent;
  if (parent.type === AST_NODE_TYPES.ExportSpecifier) return parent.local === reference.identifier;
  return parent.type === AST_NODE_TYPES.ExportDefaultDeclaration || parent.type === AST_NODE_TYPES.TSExportAssignment;
}

export const barrelHygiene = createRule<Options, MessageIds>({
  name: 'barrel-hygiene',
  meta: {
    type: 'problem',
    docs: {
      description: 'Keep barrel files (files that re-export, among the `barrels` globs of the config, e.g. `index.ts`) to re-exports only',
      recommended: true,
      rationale:
        'A barrel is the public face of a folder: it says what the folder offers by re-exporting it. Once a barrel holds a helper, a constant or a side-effect import, importing the folder runs code nobody looks for, the helper cannot be imported without everything the barrel re-exports, and import cycles appear through the barrel. A file is a barrel because it re-exports (`export ... from`, or an imported name exported as it is), not because of its name: among the files whose project-relative path matches a `barrels` glob of plumbline.config (default `**/index.ts`), the rule checks those that re-export, and leaves an `index.ts` that re-exports nothing (a DI container, a router, a server entry) alone as the ordinary module it is. A barrel that is not only re-exports gets one finding, at its first offending statement, naming what it holds: declarations (functions, classes, variables, enums, namespaces, `declare module`/`declare global`), statements that run at import time, `export default` of an expression, side-effect imports, and value imports used for anything but passing them on. `export ... from`, `import type`, imports that are only re-exported, and type aliases and interfaces (unless `allowTypeDeclarations` is false) are accepted.',
      examples: {
        valid: [
          {
            file: 'src/domains/policies/index.ts',
            code: "export { evaluateThresholds } from './engines/threshold.js';\nexport type { ThresholdOutcome } from './engines/threshold.js';\nexport * as conflict from './engines/conflict.js';",
          },
          {
            file: 'src/domains/logs/index.ts',
            code: "import { sha256Hex } from './drivers/sha256-hasher.js';\nexport { sha256Hex, sha256Hex as defaultHasher };\nexport type Hex = ReturnType<typeof sha256Hex>;",
          },
          {
            file: 'src/http/index.ts',
            code: "// re-exports nothing: a router module that happens to be called index.ts\nimport { Router } from 'express';\nexport const router = Router();\nrouter.get('/health', (_req, res) => res.send('ok'));",
          },
        ],
        invalid: [
          {
            file: 'src/domains/policies/index.ts',
            code: "export { compare } from './engines/threshold.js';\n// logic in a barrel: move it to a module\nexport function isStrict(level: number) {\n  return level > 2;\n}",
          },
          {
            file: 'src/domains/logs/index.ts',
            code: "export * from './drivers/sha256-hasher.js';\n// runs on every import of the domain\nimport './drivers/register-hasher.js';",
          },
          {
            file: 'src/domains/incidents/index.ts',
            code: "import { transitionIncident } from './engines/lifecycle.js';\nexport { transitionIncident };\n// the import is used, not only re-exported\nexport const transition = transitionIncident;",
          },
        ],
      },
    },
    messages: {
      notOnlyReExports:
        'Barrel file {{file}} re-exports, so it may only re-export, but it {{what}}. Move that code to a module and re-export it.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allowTypeDeclarations: {
            type: 'boolean',
            description: 'Accept type aliases and interfaces declared in a barrel (they emit no code).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowTypeDeclarations: true }],
  },
  create(context, [options]) {
    const project = getProjectContext(context);
    // An invalid config is reported once, by layer-boundaries.
    if (project.kind !== 'ok') return {};
    const { matcher, file } = project;
    if (!matcher.isSource(file) || !matcher.isBarrel(file)) return {};
    const allowTypes = options.allowTypeDeclarations !== false;
    const barrel = toProjectPath(matcher.config.root, file) ?? file;
    const sourceCode = context.sourceCode;

    const importBindingNamed = (identifier: TSESTree.Identifier) => {
      const variable = sourceCode.getScope(identifier).set.get(identifier.name);
      return variable?.defs.some((def) => def.type === IMPORT_BINDING) ?? false;
    };

    /** Whether the file passes on another module's exports: what makes it a barrel. */
    const reExports = (program: TSESTree.Program) =>
      program.body.some(isReExportFrom) ||
      program.body.some(
        (statement) =>
          (statement.type === AST_NODE_TYPES.ImportDeclaration || statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) &&
          sourceCode.getDeclaredVariables(statement).some((variable) => variable.references.some(exportsBinding)),
      );

    return {
      Program(program) {
        if (!reExports(program)) return;
        const problems: BarrelProblem[] = [];
        const add = (node: TSESTree.Node, what: string) => problems.push({ node, what });

        const checkImport = (node: TSESTree.ImportDeclaration | TSESTree.TSImportEqualsDeclaration) => {
          if (node.importKind === 'type') return;
          if (node.type === AST_NODE_TYPES.ImportDeclaration && node.specifiers.length === 0) {
            add(node, `has a side-effect import ('${node.source.value}')`);
            return;
          }
          const names = sourceCode
            .getDeclaredVariables(node)
            .filter((variable) => variable.references.some((reference) => !isPlainReExport(reference)))
            .map((variable) => variable.name);
          const imports = `${names.length === 1 ? 'the import' : 'the imports'} ${names.map(code).join(', ')}`;
          if (names.length > 0) add(node, `uses ${imports} for more than a re-export`);
        };

        const checkDefaultExport = (node: TSESTree.ExportDefaultDeclaration | TSESTree.TSExportAssignment) => {
          const value = node.type === AST_NODE_TYPES.ExportDefaultDeclaration ? node.declaration : node.expression;
          if (value.type === AST_NODE_TYPES.Identifier && importBindingNamed(value)) return;
          const what = describeDeclaration(value, allowTypes, 'default-exported ');
          if (what) add(node, `declares ${what}`);
          else if (value.type !== AST_NODE_TYPES.TSInterfaceDeclaration) add(node, 'default-exports an expression');
        };

        // Overloads and their implementation are one function: named once.
        const namedFunctions = new Set<string>();
        const declared = (node: TSESTree.Node, declaration: TSESTree.Node) => {
          if (
            (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.TSDeclareFunction) &&
            declaration.id
          ) {
            if (namedFunctions.has(declaration.id.name)) return;
            namedFunctions.add(declaration.id.name);
          }
          const what = describeDeclaration(declaration, allowTypes);
          if (what) add(node, `declares ${what}`);
        };

        for (const statement of program.body) {
          switch (statement.type) {
            case AST_NODE_TYPES.ExportAllDeclaration:
            case AST_NODE_TYPES.EmptyStatement:
              break;
            case AST_NODE_TYPES.ImportDeclaration:
              checkImport(statement);
              break;
            case AST_NODE_TYPES.TSImportEqualsDeclaration:
              if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) checkImport(statement);
              else declared(statement, statement);
              break;
            case AST_NODE_TYPES.ExportNamedDeclaration:
              if (statement.declaration && !isReExportFrom(statement)) declared(statement, statement.declaration);
              break;
            case AST_NODE_TYPES.ExportDefaultDeclaration:
            case AST_NODE_TYPES.TSExportAssignment:
              checkDefaultExport(statement);
              break;
            case AST_NODE_TYPES.TSNamespaceExportDeclaration:
              add(statement, `declares a global namespace ${code(statement.id.name)}`);
              break;
            case AST_NODE_TYPES.ExpressionStatement:
              // typescript-estree leaves `directive` undefined on a plain statement; other ESTree producers (oxlint) say null.
              if ((statement.directive as string | null | undefined) == null) {
                add(statement, 'runs an expression statement at import time');
              }
              break;
            default: {
              const what = statementWords[statement.type];
              if (what) add(statement, `runs ${what} at import time`);
              else declared(statement, statement);
            }
          }
        }
        const first = problems[0];
        if (!first) return;
        context.report({ node: first.node, messageId: 'notOnlyReExports', data: { file: barrel, what: describeProblems(problems) } });
      },
    };
  },
});
