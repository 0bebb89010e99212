import { stableStringify } from '../config/stable-json.js';
import type { Evidence } from '../config/contracts.js';

export function renderJson(evidence: Evidence): string {
  return `${stableStringify(evidence, 2)}\n`;
}
