import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../config/package-info.js';
import { UserConfigSchema } from '../config/schema.js';
import { writeFileAtomic } from '../report/write-evidence.js';

/** JSON Schema of plumbline.config, generated from the zod schema, for editors (`$schema`). */
export function configJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(UserConfigSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Plumbline config',
  };
}

const target = path.join(PACKAGE_ROOT, 'dist', 'plumbline.config.schema.json');
mkdirSync(path.dirname(target), { recursive: true });
writeFileAtomic(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
