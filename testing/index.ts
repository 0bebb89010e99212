/** plumbline/testing — helpers for the application's own tests. */
export { fixedClock, type FixedClock } from './clock.js';
export { seededRandom, type SeededRandom } from './random.js';
