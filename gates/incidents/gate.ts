import { incidentsSettings } from '../../config/gate-settings/incidents.js';
import type { GateSettingsConfig } from '../../config/gate-settings/common.js';
import type { Gate } from '../runner/gate-contract.js';
import { incidentRuleDescriptors } from './rules.js';

export const incidentsGate: Gate<GateSettingsConfig> = {
  id: 'incidents',
  title: 'Incident guardrails',
  description:
    'Reads the incident records and fails when an incident names no invariant, an invariant no defineOperation declares (a resolved incident whose guardrail was removed), a test file or test that does not exist, or an owner that is not a domain.',
  settings: incidentsSettings.schema,
  rules: incidentRuleDescriptors(),
  async run(ctx) {
    // Loaded here: the analyzers (ts-morph) take a while to load.
    const { checkIncidents } = await import('./check-incidents.js');
    return checkIncidents(ctx);
  },
};
