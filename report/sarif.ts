import type * as Sarif from 'sarif';
import type { Evidence, Finding, RuleDescriptor } from '../core/contracts.js';
import { stableStringify } from '../core/stable-json.js';

const LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', note: 'note' };

/** SARIF 2.1.0 log of every finding; file paths are relative to %SRCROOT% (the project root). */
export function buildSarif(evidence: Evidence): Sarif.Log {
  const descriptors = new Map<string, RuleDescriptor>();
  for (const gate of evidence.gates) for (const rule of gate.rules) descriptors.set(rule.id, rule);
  for (const gate of evidence.gates) {
    for (const finding of gate.findings) {
      if (!descriptors.has(finding.ruleId)) {
        descriptors.set(finding.ruleId, { id: finding.ruleId, description: finding.ruleId, docsUrl: finding.docsUrl });
      }
    }
  }
  const ruleIds = [...descriptors.keys()].sort();
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const rule = descriptors.get(id) as RuleDescriptor;
    return {
      id,
      shortDescription: { text: rule.description },
      ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
    };
  });
  const results: Sarif.Result[] = evidence.gates.flatMap((gate) =>
    gate.findings.map((finding) => toResult(finding, gate.id, ruleIds.indexOf(finding.ruleId))),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plumbline',
            version: evidence.tool.version,
            informationUri: 'https://github.com/plumbline/plumbline',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The project root (the folder of plumbline.config).' } } },
        invocations: [{ executionSuccessful: evidence.gates.every((gate) => gate.status !== 'error') }],
        results,
      },
    ],
  };
}

function toResult(finding: Finding, gateId: string, ruleIndex: number): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    properties: { gate: gateId },
    // Only when a committed baseline was applied: SARIF 2.1.0 §3.27.24 (unchanged = known debt, absent = fixed).
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
  };
  if (finding.file) {
    const location: Sarif.PhysicalLocation = { artifactLocation: { uri: encodeUri(finding.file), uriBaseId: '%SRCROOT%' } };
    if (finding.line > 0) {
      location.region = {
        startLine: finding.line,
        ...(finding.column > 0 ? { startColumn: finding.column } : {}),
        ...(finding.endLine ? { endLine: finding.endLine } : {}),
        ...(finding.endColumn ? { endColumn: finding.endColumn } : {}),
      };
    }
    result.locations = [{ physicalLocation: location }];
  }
  return result;
}

function encodeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function renderSarif(evidence: Evidence): string {
  return `${stableStringify(buildSarif(evidence), 2)}\n`;
}
