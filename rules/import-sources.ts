import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { staticString } from './static-values.js';

/** One module reference in a file: where it is written and whether only types cross it. */
export interface ImportSource {
  specifier: string;
  node: TSESTree.Node;
  typeOnly: boolean;
  /** Inline `import { type A }`: type-only unless verbatimModuleSyntax keeps the import. */
  inlineTypeOnly: boolean;
}

export type ImportSourceListener = (source: ImportSource) => void;

/**
 * ESLint visitors that report every static module reference: import/export
 * declarations, `import()` and `require()` with a literal, `import x = require()`
 * and `import('x').T` type references.
 */
export function visitImportSources(onSource: ImportSourceListener) {
  const emit = (sourceNode: TSESTree.Node | null | undefined, typeOnly: boolean, inlineTypeOnly = false) => {
    const specifier = staticString(sourceNode);
    if (specifier !== undefined && sourceNode) onSource({ specifier, node: sourceNode, typeOnly, inlineTypeOnly });
  };

  return {
    ImportDeclaration(node: TSESTree.ImportDeclaration) {
      const inline =
        node.specifiers.length > 0 && node.specifiers.every((s) => s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind === 'type');
      emit(node.source, node.importKind === 'type', inline);
    },
    ExportNamedDeclaration(node: TSESTree.ExportNamedDeclaration) {
      if (!node.source) return;
      const inline = node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type');
      emit(node.source, node.exportKind === 'type', inline);
    },
    ExportAllDeclaration(node: TSESTree.ExportAllDeclaration) {
      emit(node.source, node.exportKind === 'type');
    },
    ImportExpression(node: TSESTree.ImportExpression) {
      emit(node.source, false);
    },
    CallExpression(node: TSESTree.CallExpression) {
      if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require' && node.arguments.length === 1) {
        emit(node.arguments[0], false);
      }
    },
    TSImportEqualsDeclaration(node: TSESTree.TSImportEqualsDeclaration) {
      if (node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
        emit(node.moduleReference.expression, node.importKind === 'type');
      }
    },
    TSImportType(node: TSESTree.TSImportType) {
      emit(node.source, true);
    },
  };
}
