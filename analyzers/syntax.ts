import ts from 'typescript';

/** Small readers of TypeScript syntax that every extractor needs. */

/** Strips what does not change the value: parentheses, `!`, `as`, `satisfies`, `<T>x`. */
export function unwrap(node: ts.Expression): ts.Expression;
export function unwrap(node: ts.Node): ts.Node;
export function unwrap(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** `a.name` and `a['name']` give `name`; anything else undefined. */
export function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return ts.isIdentifier(node.name) ? node.name.text : undefined;
  if (ts.isElementAccessExpression(node)) return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
  return undefined;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

export function hasExportModifier(statement: ts.Node): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false)
  );
}

export function hasDefaultModifier(statement: ts.Node): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false)
  );
}

/** 1-based line and column of a node's first token. */
export function positionOf(sourceFile: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return { line: line + 1, column: character + 1 };
}

/** A node's text on one line, shortened for messages. */
export function snippetOf(sourceFile: ts.SourceFile, node: ts.Node, max = 60): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function stripAwait(node: ts.Expression): ts.Expression {
  let current = unwrap(node);
  while (ts.isAwaitExpression(current)) current = unwrap(current.expression);
  return current;
}

/** The called name: `f()` → 'f', `a.b.c()` → 'c'. */
export function calledName(callee: ts.Expression): string | undefined {
  const node = stripAwait(callee);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isPrivateIdentifier(node.name)) return node.name.text;
  return memberName(node);
}

/** The callee's trailing chain of plain names: `this.#uow.commit` → this, uow, commit. */
export function memberChain(callee: ts.Expression): string[] {
  const node = stripAwait(callee);
  if (ts.isIdentifier(node)) return [node.text];
  if (node.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return [];
  const name = calledName(node);
  if (name === undefined) return [];
  return [...memberChain(node.expression), name.replace(/^#/, '')];
}
