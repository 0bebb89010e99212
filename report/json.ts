import { stableStringify } from '../core/stable-json.js';
import type { Evidence } from '../core/contracts.js';

export function renderJson(evidence: Evidence): string {
  return `${stableStringify(evidence, 2)}\n`;
}
