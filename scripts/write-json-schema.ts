import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../core/package-info.js';
import { writeFileAtomic } from '../report/write-evidence.js';
import { replayContractJsonSchema } from '@plumbline-kit/runtime';
import { configJsonSchema } from './config-json-schema.js';

const target = path.join(PACKAGE_ROOT, 'dist', 'plumbline.config.schema.json');
mkdirSync(path.dirname(target), { recursive: true });
writeFileAtomic(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
writeFileAtomic(path.join(PACKAGE_ROOT, 'dist', 'replay-contract.schema.json'), `${JSON.stringify(replayContractJsonSchema(), null, 2)}\n`);
