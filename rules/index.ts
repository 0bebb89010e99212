import { barrelHygiene } from './barrel-hygiene.js';
import { domainEntry } from './domain-entry.js';
import { enginePurity } from './engine-purity.js';
import { layerBoundaries } from './layer-boundaries.js';
import { noBannedFiles } from './no-banned-files.js';
import { operationOwnership } from './operation-ownership.js';
import { specCompleteness } from './spec-completeness.js';
import { transactionBoundaries } from './transaction-boundaries.js';

/** Every Plumbline ESLint rule by its short name. */
export const rules = {
  'barrel-hygiene': barrelHygiene,
  'domain-entry': domainEntry,
  'engine-purity': enginePurity,
  'layer-boundaries': layerBoundaries,
  'no-banned-files': noBannedFiles,
  'operation-ownership': operationOwnership,
  'spec-completeness': specCompleteness,
  'transaction-boundaries': transactionBoundaries,
};

export type RuleName = keyof typeof rules;
