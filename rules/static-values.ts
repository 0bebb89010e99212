import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';

/**
 * What the rules read from syntax without evaluating anything: the text of a
 * string written literally, and property names written statically. One copy
 * for every rule, so `a['b']`, `` a[`b`] `` and `{ 'b': x }` read alike everywhere.
 */

/** A string literal or a template literal without substitutions; anything else gives undefined. */
export function staticString(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.name`, `a['name']` and `` a[`name`] `` give `name`; another computed member gives undefined. */
export function staticMemberName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed) return member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
  return staticString(member.property);
}

/** `{ name: x }`, `{ 'name': x }` and `{ ['name']: x }` give `name`; another computed key gives undefined. */
export function staticKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return staticString(property.key);
}
