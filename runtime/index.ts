/**
 * plumbline/runtime — what a guarded backend imports. Light by design: it depends
 * on zod only, never on ESLint, ts-morph, dependency-cruiser or Stryker.
 */
export { defineOperation, type OperationDefinition, type OperationDeclaration, type OperationContext } from './operation.js';
export { createOperationRegistry, type OperationRegistry } from './registry.js';
export {
  PlumblineRuntimeError,
  UnknownOperationError,
  DuplicateOperationError,
  OperationContractError,
} from './errors.js';
