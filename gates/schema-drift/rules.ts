import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { dataAccessRules } from '../shared/database/access-findings.js';
import { SCHEMA_DRIFT_RULES } from './compare-schema.js';

/** Reaching the database and loading the contracts: the same rules as data-quality's, under this gate's id. */
export const schemaDriftAccessRules = dataAccessRules('schema-drift', shippedDocsUrl('schema-drift-gate.md'));

/** Every rule of the gate: the schema comparison's and the database access's. */
export const SCHEMA_DRIFT_GATE_RULES: RuleDescriptor[] = [...SCHEMA_DRIFT_RULES, ...schemaDriftAccessRules.descriptors()];
