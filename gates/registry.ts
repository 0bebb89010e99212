import { architectureGate } from './architecture/gate.js';
import { propertyGate } from './property/gate.js';
import { drillsGate } from './drills/gate.js';
import { mutationGate } from './mutation/gate.js';
import { staticGate } from './static/gate.js';
import type { Gate } from './types.js';

/** Every gate of the pack, in the order the pack runs them. */
export const builtinGates: readonly Gate[] = [staticGate, architectureGate, propertyGate, drillsGate, mutationGate];
