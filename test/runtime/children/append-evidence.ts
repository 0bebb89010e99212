/**
 * Child process for the JSON Lines test: appends `count` events to one file,
 * concurrently with a sibling process doing the same.
 * Usage: node --import jiti/register append-evidence.ts <file> <writer> <count>
 */
import { jsonLinesSink } from '../../../runtime/index.js';

const [file, writer, count] = process.argv.slice(2);
if (!file || !writer || !count) throw new Error('usage: append-evidence.ts <file> <writer> <count>');
const sink = jsonLinesSink(file);
// A long message makes each line bigger than a typical buffer chunk, so interleaving would show.
const padding = 'x'.repeat(2000);
for (let index = 0; index < Number(count); index++) {
  sink.record({ kind: 'shadow', operationId: `writer.${writer}`, outcome: 'match', message: `${index}:${padding}` });
}
