import { layerBoundaries } from './layer-boundaries.js';
import { noBannedFiles } from './no-banned-files.js';

/** Every Plumbline ESLint rule by its short name. */
export const rules = {
  'layer-boundaries': layerBoundaries,
  'no-banned-files': noBannedFiles,
};

export type RuleName = keyof typeof rules;
