import { z } from 'zod';

/**
 * The two forms of a config field: as the user writes it (optional, since a preset
 * may supply it; with the help text that editors and docs/config.md show) and as
 * checked once the preset is applied. A field is declared once and both object
 * schemas are built from the same table, so the two cannot drift apart.
 */

/** One field's schema in each form; `undefined` where the field does not exist in that form. */
export interface FieldForms<Full extends z.ZodType | undefined, User extends z.ZodType | undefined> {
  full: Full;
  user: User;
}

type Optional<Schema extends z.ZodType> = Schema extends z.ZodOptional ? Schema : z.ZodOptional<Schema>;

/** The user's form of a schema: optional (once), with the help text. */
function userForm<Schema extends z.ZodType>(schema: Schema, doc: string | undefined): Optional<Schema> {
  const optional = schema instanceof z.ZodOptional ? schema : schema.optional();
  return (doc === undefined ? optional : optional.describe(doc)) as Optional<Schema>;
}

/**
 * A field of both forms. The user's form is `full` made optional, or `user` where it must check less
 * (a check that needs the preset's values, or a shorthand the resolver expands).
 */
export function field<Full extends z.ZodType, User extends z.ZodType = Full>(
  full: Full,
  doc?: string,
  user?: User,
): FieldForms<Full, Optional<User>> {
  return { full, user: userForm((user ?? full) as User, doc) };
}

/** A field only the user writes (the resolver consumes it). */
export function userOnly<User extends z.ZodType>(user: User, doc?: string): FieldForms<undefined, Optional<User>> {
  return { full: undefined, user: userForm(user, doc) };
}

/** A field only the resolved config holds (the resolver derives it from others). */
export function resolvedOnly<Full extends z.ZodType>(full: Full): FieldForms<Full, undefined> {
  return { full, user: undefined };
}

type FieldTable = Record<string, FieldForms<z.ZodType | undefined, z.ZodType | undefined>>;
type Form = 'full' | 'user';
export type FormShape<Table extends FieldTable, F extends Form> = {
  [K in keyof Table as Table[K][F] extends z.ZodType ? K : never]: Extract<Table[K][F], z.ZodType>;
};

/** The object shape of one form: each field that exists in it, in table order. */
export function formShape<Table extends FieldTable, F extends Form>(table: Table, form: F): FormShape<Table, F> {
  return Object.fromEntries(
    Object.entries(table).flatMap(([key, forms]) => (forms[form] === undefined ? [] : [[key, forms[form]]])),
  ) as FormShape<Table, F>;
}

/**
 * The user-facing form of a settings object: every field optional and without
 * defaults, so fields the user leaves out fall back to the preset, not to zod defaults.
 */
export function optionalFields<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, value]) => {
      const field = value as z.ZodType;
      const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
      const optional = inner instanceof z.ZodOptional ? inner : inner.optional();
      return [key, field.description ? optional.describe(field.description) : optional];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<{ [K in keyof Shape]: z.ZodOptional<Shape[K]> }>;
}
