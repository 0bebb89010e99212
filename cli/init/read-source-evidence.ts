import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'oxc-parser';
import ts from 'typescript';
import { ParsedFile } from '../../analyzers/parsed-file.js';
import { parseOptionsFor } from '../../analyzers/parser.js';
import { createTransactionExtractor } from '../../analyzers/transactions/extract.js';
import { AMBIENT_EFFECTS } from '../../core/effect-vocabulary.js';
import type { FileEvidence } from '../../config/layout-detection/source-evidence.js';
import type { TransactionStep } from '../../core/transaction-vocabulary.js';

/** Globals whose use is an effect though no rule names them: logging writes somewhere. */
const EFFECT_GLOBALS = new Set(['console']);

/**
 * Reads what init judges layers by from each file's syntax: its transaction steps (the transactions
 * analyzer's own extractor, so init and the checks agree on what a transaction is), its imports and the
 * ambient effects it reads. A file that cannot be read gives no evidence.
 */
export function readSourceEvidence(root: string, files: readonly string[], options: { flushCommits: boolean }): FileEvidence[] {
  const extract = createTransactionExtractor({ flushCommits: options.flushCommits, extraCalls: [] });
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      return [];
    }
    const kind = /\.[cm]?tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    // The extractor reads oxc's tree, as the analyzers do; a recovered tree still gives evidence here.
    const facts = extract(new ParsedFile(text, parseSync(file, text, parseOptionsFor(file)).program));
    const sites = facts.functions.flatMap((unit) => unit.sites);
    const steps = [...new Set(sites.map((site) => site.kind))].sort() as TransactionStep[];
    const { imports, ambientEffects } = readImportsAndEffects(sourceFile);
    return [{ file, transactionSteps: steps, runsCallerWork: sites.some((site) => site.wrapsCallerWork), imports, ambientEffects }];
  });
}

/** The file's value imports and the ambient effects it reads (global names the file does not declare itself are assumed global). */
function readImportsAndEffects(sourceFile: ts.SourceFile): { imports: string[]; ambientEffects: string[] } {
  const imports = new Set<string>();
  const effects = new Set<string>();
  /** Local name -> the path it stands for: `import { v4 } from 'uuid'` makes `v4` stand for `uuid.v4`. */
  const imported = new Map<string, string>();
  const note = (chain: string) => {
    for (let cut = chain.length; cut > 0; cut = chain.lastIndexOf('.', cut - 1)) {
      const key = chain.slice(0, cut);
      if (AMBIENT_EFFECTS.has(key) || EFFECT_GLOBALS.has(key)) {
        effects.add(key);
        return;
      }
    }
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      const module = statement.moduleSpecifier.text.replace(/^node:/, '');
      imports.add(statement.moduleSpecifier.text);
      const bindings = clause?.namedBindings;
      if (clause?.name) imported.set(clause.name.text, module);
      if (bindings && ts.isNamespaceImport(bindings)) imported.set(bindings.name.text, module);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) imported.set(element.name.text, `${module}.${(element.propertyName ?? element.name).text}`);
        }
      }
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const specifier = statement.moduleSpecifier;
      if (specifier && ts.isStringLiteral(specifier)) imports.add(specifier.text);
    }
  }
  const chainOf = (node: ts.Expression): string | undefined => {
    if (ts.isIdentifier(node)) return imported.get(node.text) ?? node.text;
    if (ts.isPropertyAccessExpression(node)) {
      const head = chainOf(node.expression);
      return head === undefined ? undefined : `${head}.${node.name.text}`;
    }
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const [argument] = node.arguments;
      const dynamic = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const required = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if ((dynamic || required) && argument && ts.isStringLiteral(argument)) imports.add(argument.text);
    }
    const isNewDate = ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date';
    if (isNewDate && (node.arguments?.length ?? 0) === 0) {
      effects.add('new Date()');
    }
    // The outermost member chain only: `process.env.X` is read once, as `process.env`.
    const parent = parentOf(node);
    const isInner = parent !== undefined && ts.isPropertyAccessExpression(parent) && parent.expression === node;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) && !isInner && isValueUse(node)) {
      const chain = chainOf(node);
      if (chain !== undefined) note(chain);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { imports: [...imports].sort(), ambientEffects: [...effects].sort() };
}

/** An identifier read as a value: not a declaration's name, a property name, an import binding or a type. */
function isValueUse(node: ts.Identifier | ts.PropertyAccessExpression): boolean {
  const parent = node.parent;
  if (ts.isIdentifier(node)) {
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
    if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) {
      return false;
    }
    const binding = ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent);
    if (binding || ts.isExportSpecifier(parent)) return false;
  }
  for (let current: ts.Node | undefined = node; current !== undefined; current = parentOf(current)) {
    if (ts.isTypeNode(current) && !ts.isExpressionWithTypeArguments(current)) return false;
  }
  return true;
}

/** A node's parent: the source file has none, whatever the compiler's types say. */
function parentOf(node: ts.Node): ts.Node | undefined {
  return node.parent;
}
