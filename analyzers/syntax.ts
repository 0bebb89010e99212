import type { ArrowFunctionExpression, Function as FunctionNode, Node, Program } from 'oxc-parser';
import { visitorKeys } from 'oxc-parser';
import type { ParsedFile } from './parsed-file.js';

/** Small readers of oxc's TS-ESTree syntax that every extractor needs. */

export type { Node, ParsedFile };

/** Keys that hold only types: no call, object or declaration the extractors look for can sit below them. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements']);
const CHILD_KEYS = new Map(Object.entries(visitorKeys).map(([type, keys]) => [type, keys.filter((key) => !TYPE_KEYS.has(key))]));

/**
 * Visits a node and everything below it, parents first and in source order, as
 * `ts.forEachChild` did; sets each child's `parent` on the way (oxc does not).
 */
export function walk(node: Node, enter: (node: Node) => void): void {
  enter(node);
  const keys = CHILD_KEYS.get(node.type);
  if (keys === undefined) return;
  const record = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const child = record[key];
    if (child === null || child === undefined) continue;
    if (Array.isArray(child)) {
      for (const item of child as Array<Node | null>) {
        if (item === null) continue;
        item.parent = node;
        walk(item, enter);
      }
    } else {
      (child as Node).parent = node;
      walk(child as Node, enter);
    }
  }
}

/** Strips what does not change the value: parentheses, `!`, `as`, `satisfies`, `<T>x`, an optional chain's wrapper. */
export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'ParenthesizedExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

export function isIdentifier(node: Node | null | undefined): node is Extract<Node, { type: 'Identifier' }> {
  return node?.type === 'Identifier';
}

/** The text of a string literal or a template without substitutions (TypeScript's StringLiteralLike). */
export function stringText(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.name` and `a['name']` give `name`; anything else (`a.#x` too) undefined. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return stringText(node.property);
}

/** Whether a node is `a.b` (not `a[b]`): TypeScript's PropertyAccessExpression. */
export function isPropertyAccess(node: Node): node is Extract<Node, { type: 'MemberExpression'; computed: false }> {
  return node.type === 'MemberExpression' && !node.computed;
}

/** The name of a property key: an identifier, a string or number, or a computed string; `#x` and other computed keys undefined. */
export function keyText(key: Node, computed: boolean): string | undefined {
  if (computed) return stringText(key);
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return typeof key.value === 'string' || typeof key.value === 'number' ? String(key.value) : undefined;
  return undefined;
}

/** The key of an object member or a class member, as propertyNameText did. */
export function propertyKeyText(member: Node): string | undefined {
  if (member.type === 'Property' || member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') {
    return keyText(member.key, member.computed);
  }
  if (
    member.type === 'AccessorProperty' ||
    member.type === 'TSAbstractMethodDefinition' ||
    member.type === 'TSAbstractPropertyDefinition' ||
    member.type === 'TSAbstractAccessorProperty'
  ) {
    return keyText(member.key, member.computed);
  }
  return undefined;
}

/** `{ a: b }`, not a method, an accessor or a shorthand: TypeScript's PropertyAssignment. */
export function isPropertyAssignment(node: Node): node is Extract<Node, { type: 'Property' }> {
  return node.type === 'Property' && node.kind === 'init' && !node.method && !node.shorthand;
}

export function isFunctionLike(node: Node): node is FunctionNode | ArrowFunctionExpression {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression';
}

/** A node's text on one line, shortened for messages. */
export function snippetOf(file: ParsedFile, node: Node, max = 60): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function stripAwait(node: Node): Node {
  let current = unwrap(node);
  while (current.type === 'AwaitExpression') current = unwrap(current.argument);
  return current;
}

/** The called name: `f()` → 'f', `a.b.c()` → 'c', `this.#x()` → '#x'. */
export function calledName(callee: Node): string | undefined {
  const node = stripAwait(callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.property.type === 'PrivateIdentifier') return `#${node.property.name}`;
  return memberName(node);
}

/** The callee's trailing chain of plain names: `this.#uow.commit` → this, uow, commit. */
export function memberChain(callee: Node): string[] {
  const node = stripAwait(callee);
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type !== 'MemberExpression') return [];
  const name = calledName(node);
  if (name === undefined) return [];
  return [...memberChain(node.object), name.replace(/^#/, '')];
}

/** A top-level statement with its `export` wrapper taken off: TypeScript kept `export` as a modifier. */
export interface TopLevel {
  node: Node;
  /** The statement as written, `export` included: where TypeScript's node started. */
  at: Node;
  exported: boolean;
  isDefault: boolean;
}

export function topLevel(program: Program): TopLevel[] {
  return program.body.map((statement: Node) => {
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration) {
      return { node: statement.declaration, at: statement, exported: true, isDefault: false };
    }
    if (
      statement.type === 'ExportDefaultDeclaration' &&
      (statement.declaration.type === 'FunctionDeclaration' ||
        statement.declaration.type === 'ClassDeclaration' ||
        statement.declaration.type === 'TSDeclareFunction')
    ) {
      return { node: statement.declaration, at: statement, exported: true, isDefault: true };
    }
    return { node: statement, at: statement, exported: false, isDefault: false };
  });
}
