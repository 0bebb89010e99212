import { readFileSync } from 'node:fs';
import type { Finding, RuleDescriptor } from '../../config/contracts.js';
import { globMatcher } from '../../core/glob-match.js';
import { toProjectPath } from '../../config/project-paths.js';
import type { ResolvedConfig } from '../../config/resolve.js';
import type { Mode } from '../../config/schema.js';
import { shippedDocsUrl } from '../../config/docs-link.js';

const DOCS = shippedDocsUrl('baseline.md');

export const VACUITY_RULES: RuleDescriptor[] = [
  { id: 'plumbline/empty-layer', description: "A layer whose path globs match no source file: its rules check nothing, so they pass vacuously.", docsUrl: `${DOCS}#plumbline-empty-layer` },
  { id: 'plumbline/nothing-checked', description: 'The include globs match no source file: the static gate checked nothing.', docsUrl: `${DOCS}#plumbline-nothing-checked` },
  {
    id: 'plumbline/no-pure-layer',
    description: 'No layer is pure and the config does not say so: engine-purity checks nothing.',
    docsUrl: `${DOCS}#plumbline-no-pure-layer`,
  },
];

/**
 * No gate passes vacuously: a layer whose globs match no source file (a typo, a
 * moved folder) makes every rule about it pass without looking at anything.
 * Reported as a warning, an error in strict mode, at the layer's line in the config.
 */
export function vacuityFindings(config: ResolvedConfig, files: readonly string[], mode: Mode): Finding[] {
  const severity = mode === 'strict' ? 'error' : 'warning';
  const configFile = config.configFile ? (toProjectPath(config.root, config.configFile) ?? config.configFile) : '';
  const configText = readText(config.configFile);
  const at = (pattern: RegExp) => {
    const index = configText.split('\n').findIndex((line) => pattern.test(line));
    return { file: configFile, line: index >= 0 ? index + 1 : 0, column: index >= 0 ? 1 : 0 };
  };
  if (files.length === 0) {
    return [
      {
        ruleId: 'plumbline/nothing-checked',
        severity,
        message: `include (${config.include.join(', ')}) matches no source file: the static gate checked nothing`,
        ...at(/^\s*include\s*:/),
        docsUrl: `${DOCS}#plumbline-nothing-checked`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (config.engines.layers.length === 0 && !config.pureLayersDeclared) {
    findings.push({
      ruleId: 'plumbline/no-pure-layer',
      severity: 'warning',
      message:
        "engine-purity checks nothing: no layer is pure (none is named engines, domain or entities, and the config names none). Mark the layer that decides with pure: true, or set engines: { layers: [] } to say no layer is pure",
      ...at(/^\s*layers\s*:/),
      docsUrl: `${DOCS}#plumbline-no-pure-layer`,
    });
  }
  const projectPaths = files.map((file) => toProjectPath(config.root, file)).filter((file): file is string => file !== undefined);
  for (const layer of config.layers) {
    const test = globMatcher(layer.paths);
    if (projectPaths.some((file) => test(file))) continue;
    const name = layer.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    findings.push({
      ruleId: 'plumbline/empty-layer',
      severity,
      message: `layer '${layer.name}' (${layer.paths.join(', ')}) matches no source file: its rules pass without checking anything; fix its paths or remove it`,
      ...at(new RegExp(`^\\s*['"]?${name}['"]?\\s*:`)),
      docsUrl: `${DOCS}#plumbline-empty-layer`,
    });
  }
  return findings;
}

function readText(file: string | undefined): string {
  if (!file) return '';
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
