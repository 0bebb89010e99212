import { architectureGate } from '../architecture/gate.js';
import { invariantsGate } from '../invariants/gate.js';
import { shadowGate } from '../shadow/gate.js';
import { replayGate } from '../replay/gate.js';
import { propertyGate } from '../property/gate.js';
import { drillsGate } from '../drills/gate.js';
import { mutationGate } from '../mutation/gate.js';
import { staticGate } from '../static/gate.js';
import { dataQualityGate } from '../data-quality/gate.js';
import { schemaDriftGate } from '../schema-drift/gate.js';
import { incidentsGate } from '../incidents/gate.js';
import { createDocsGate } from '../docs/gate.js';
import type { AnyGate } from './gate-contract.js';

/** The pack's last gate: the assurance docs describe every gate of the pack. */
export const docsGate: AnyGate = createDocsGate(() => builtinGates);

/** Every gate of the pack, in the order the pack runs them. */
export const builtinGates: readonly AnyGate[] = [
  staticGate,
  architectureGate,
  invariantsGate,
  shadowGate,
  // Static and fast: incident records against the declared invariants and the tests.
  incidentsGate,
  propertyGate,
  drillsGate,
  mutationGate,
  schemaDriftGate,
  dataQualityGate,
  replayGate,
  // Last: the docs it checks describe every gate above.
  docsGate,
];

/** The typed artifact details the HTML report tabulates, by gate (report/ may not load gates/, so it is handed these). */
export const HTML_DETAIL_READERS = {
  mutation: mutationGate.details,
  invariants: invariantsGate.details,
  replay: replayGate.details,
};
