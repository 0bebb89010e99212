import { z } from 'zod';
import { UserConfigSchema } from '../config/schema.js';

/** JSON Schema of plumbline.config, generated from the zod schema, for editors (`$schema`). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(UserConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    title: 'Plumbline config',
  };
}
