import type { RuleDescriptor } from '../../core/contracts.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { ruleCatalog } from '../../core/rule-catalog.js';
import { dataAccessRules } from '../shared/database/access-findings.js';

const DOCS = shippedDocsUrl('data-quality-gate.md');

/** The gate's docs explain the expectations in one table and drift in one section, so each rule links the page. */
const page = (description: string) => ({ description, section: '' });

export const dataQualityRules = ruleCatalog('data-quality', DOCS, {
  'missing-table': page('A table named by a data contract does not exist in the database.'),
  'missing-column': page('A column with expectations does not exist in the database.'),
  'null-rate': page("A column's share of NULLs exceeds maxNullRate."),
  unique: page('A column expected unique holds duplicate values.'),
  distinct: page("A column's number of distinct values is outside its bounds."),
  'accepted-values': page('A column holds values outside its accepted values.'),
  range: page('A column holds values below min or above max.'),
  'row-count': page("A table's row count is outside its bounds."),
  orphans: page('Rows whose foreign key value has no referenced row.'),
  'custom-sql': page('A custom query that must return no rows returned some, or is not one SELECT.'),
  query: page('An expectation query failed (timeout, SQL error): the expectation is not known to hold.'),
  'nothing-checked': page('The data contracts hold no expectation, so the gate checked nothing (a warning; an error in strict mode).'),
  drift: page("A column's profile moved beyond the configured tolerance from the committed snapshot (PSI, null rate, row count)."),
  snapshot: page('The data-profile snapshot is missing, corrupt, or lacks a table or column of the contracts.'),
});

export type DataQualityRuleName = Parameters<typeof dataQualityRules.finding>[0];

/** Reaching the database and loading the contracts: the same rules as schema-drift's, under this gate's id. */
export const dataQualityAccessRules = dataAccessRules('data-quality', DOCS);

export const DATA_QUALITY_RULES: RuleDescriptor[] = [...dataQualityRules.descriptors(), ...dataQualityAccessRules.descriptors()];
