/* eslint-disable @typescript-eslint/no-unsafe-enum-assignment -- these literals are the enum members' values */
import type { TSESLint } from '@typescript-eslint/utils';

// The scope manager's enum members, typed as such. The enums as values live in @typescript-eslint/utils/ts-eslint,
// which loads eslint: the oxlint host need not have it.
export const IMPORT_BINDING = 'ImportBinding' as typeof TSESLint.Scope.DefinitionType.ImportBinding;
export const VARIABLE_DEFINITION = 'Variable' as typeof TSESLint.Scope.DefinitionType.Variable;
export const GLOBAL_SCOPE = 'global' as typeof TSESLint.Scope.ScopeType.global;
