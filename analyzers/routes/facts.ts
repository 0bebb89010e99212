import { z } from 'zod';
import { BindingSchema, CallRefSchema, ReExportSchema } from '../module-facts.js';

/**
 * What one file tells about entry points, read from its syntax alone: the routes
 * it registers (framework calls, route tables, NestJS decorators), the routers it
 * mounts under a prefix, the servers it starts, and, for every function, the
 * operation ids it executes and the functions it calls. Prefixes and handlers in
 * other files are joined later, across files.
 */

const position = { line: z.number().int().positive(), column: z.number().int().positive() };

export const ExecutedIdSchema = z.object({ id: z.string(), ...position }).strict();

/** A function's calls and the operation ids it executes by literal. */
const BodyFacts = { calls: z.array(CallRefSchema), executes: z.array(ExecutedIdSchema) };

export const RouteFunctionSchema = z.object({ name: z.string(), ...BodyFacts, ...position }).strict();

/**
 * A handler written in place, one named by reference (`createPolicy`, `handlers.create`, an import),
 * or one the syntax cannot follow (a local variable, a parameter): its source text.
 */
export const HandlerSchema = z.union([
  z.object({ inline: z.object(BodyFacts).strict() }).strict(),
  z.object({ reference: CallRefSchema.shape.target, text: z.string() }).strict(),
  z.object({ unknown: z.string() }).strict(),
]);

/** Which router a route or mount is registered on: one of this file's (`key`) or an imported one. */
export const RouterRefSchema = z.union([z.object({ key: z.string() }).strict(), z.object({ binding: BindingSchema }).strict()]);

export const EntryKindSchema = z.enum(['http', 'message', 'schedule', 'queue', 'command', 'server']);

export const RouteFactSchema = z
  .object({
    kind: EntryKindSchema,
    /** express, fastify, hono, koa, nestjs, route-table, node:http, or the configured call pattern. */
    framework: z.string(),
    /** Upper-case HTTP method, `*` for any; for other kinds, the kind. */
    method: z.string(),
    /** The literal path (or queue, schedule, message pattern); null when the source computes it. */
    path: z.string().nullable(),
    /** The path's source text, for messages when it is not a literal. */
    pathText: z.string(),
    /** null: the route needs no router (NestJS controllers, route tables, servers). */
    router: RouterRefSchema.nullable(),
    /** The receiver was made by a router factory in this file (`express()`, `Router()`, `new Hono()`...). */
    knownRouter: z.boolean(),
    handlers: z.array(HandlerSchema),
    ...position,
  })
  .strict();

export const MountSchema = z
  .object({
    parent: RouterRefSchema,
    prefix: z.string(),
    /** What is mounted: a router variable, or a function that builds or registers one. */
    child: CallRefSchema.shape.target,
    ...position,
  })
  .strict();

export const RouteFileFactsSchema = z
  .object({
    functions: z.array(RouteFunctionSchema),
    /** Local names exported under a name, values as well as functions (routers are values). */
    exports: z.array(z.object({ exported: z.string(), local: z.string() }).strict()),
    reExports: z.array(ReExportSchema),
    starExports: z.array(z.string()),
    routes: z.array(RouteFactSchema),
    /** Router keys this file defines, with the prefix their factory gives them (`new Router({ prefix })`). */
    routers: z.array(z.object({ key: z.string(), prefix: z.string() }).strict()),
    mounts: z.array(MountSchema),
  })
  .strict();

export type ExecutedId = z.infer<typeof ExecutedIdSchema>;
export type RouteFunction = z.infer<typeof RouteFunctionSchema>;
export type Handler = z.infer<typeof HandlerSchema>;
export type RouterRef = z.infer<typeof RouterRefSchema>;
export type EntryKind = z.infer<typeof EntryKindSchema>;
export type RouteFact = z.infer<typeof RouteFactSchema>;
export type Mount = z.infer<typeof MountSchema>;
export type RouteFileFacts = z.infer<typeof RouteFileFactsSchema>;

/** Bump when extraction changes what it records or how (its parser): caches written by older versions then miss. */
export const ROUTES_ANALYZER_VERSION = 2;
