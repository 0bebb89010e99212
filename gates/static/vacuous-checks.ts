import type { Finding, RuleDescriptor } from '../../core/contracts.js';
import { globMatcher } from '../../core/glob-match.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { Mode } from '../../config/schema.js';
import { shippedDocsUrl } from '../../core/docs-link.js';
import { atLine, ruleCatalog } from '../../core/rule-catalog.js';
import { escapeRegExp } from '../../core/escape-regexp.js';
import { lineMatching, readLines } from '../../core/text-lines.js';

/** Explained in the baseline docs (its "No vacuous passes" section), under the full rule id. */
const vacuityRules = ruleCatalog('plumbline', shippedDocsUrl('baseline.md'), {
  'empty-layer': {
    description: 'A layer whose path globs match no source file: its rules check nothing, so they pass vacuously.',
    section: 'plumbline-empty-layer',
  },
  'nothing-checked': {
    description: 'The include globs match no source file: the static gate checked nothing.',
    section: 'plumbline-nothing-checked',
  },
  'no-pure-layer': {
    description: 'No layer is pure and the config does not say so: engine-purity checks nothing.',
    section: 'plumbline-no-pure-layer',
  },
});

export const VACUITY_RULES: RuleDescriptor[] = vacuityRules.descriptors();

/**
 * No gate passes vacuously: a layer whose globs match no source file (a typo, a
 * moved folder) makes every rule about it pass without looking at anything.
 * Reported as a warning, an error in strict mode, at the layer's line in the config.
 */
export function vacuityFindings(config: ResolvedConfig, files: readonly string[], mode: Mode): Finding[] {
  const severity = mode === 'strict' ? 'error' : 'warning';
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? config.configFile) : '';
  const configLines = readLines(config.configFile);
  const at = (pattern: RegExp) => atLine(configFile, lineMatching(configLines, pattern));
  if (files.length === 0) {
    const message = `include (${config.include.join(', ')}) matches no source file: the static gate checked nothing`;
    return [vacuityRules.finding('nothing-checked', severity, message, at(/^\s*include\s*:/))];
  }
  const findings: Finding[] = [];
  if (config.engines.layers.length === 0 && !config.pureLayersDeclared) {
    const message =
      'engine-purity checks nothing: no layer is pure (none is named engines, domain or entities, and the config names none). ' +
      'Mark the layer that decides with pure: true, or set engines: { layers: [] } to say no layer is pure';
    findings.push(vacuityRules.finding('no-pure-layer', 'warning', message, at(/^\s*layers\s*:/)));
  }
  const projectPaths = files.map((file) => toProjectPath(config.root, file)).filter((file): file is string => file !== undefined);
  for (const layer of config.layers) {
    const test = globMatcher(layer.paths);
    if (projectPaths.some((file) => test(file))) continue;
    const message =
      `layer '${layer.name}' (${layer.paths.join(', ')}) matches no source file: ` +
      'its rules pass without checking anything; fix its paths or remove it';
    const layerKey = new RegExp(`^\\s*['"]?${escapeRegExp(layer.name)}['"]?\\s*:`);
    findings.push(vacuityRules.finding('empty-layer', severity, message, at(layerKey)));
  }
  return findings;
}
