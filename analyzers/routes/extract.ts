import type { ArrowFunctionExpression, CallExpression, Class, Function as FunctionNode, ObjectExpression } from 'oxc-parser';
import type { ROUTE_FRAMEWORKS } from '../../config/schema.js';
import { matchExtraCall, parseExtraCalls, type ExtraCallPattern } from '../../core/transaction-vocabulary.js';
import { FunctionUnits, type Unit } from '../function-units.js';
import type { CallRef } from '../module-facts.js';
import { readModuleBindings, type ModuleBindings } from '../module-bindings.js';
import { OPERATION_ID_PATTERN } from '../operations/facts.js';
import {
  isFunctionLike,
  isPropertyAccess,
  isPropertyAssignment,
  memberChain,
  memberName,
  propertyKeyText,
  snippetOf,
  stringText,
  stripAwait,
  topLevel,
  unwrap,
  walk,
  type Node,
  type ParsedFile,
} from '../syntax.js';
import { joinRoutePath } from './route-path.js';
import type { EntryKind, ExecutedId, Handler, Mount, RouteFact, RouteFileFacts, RouteFunction, RouterRef } from './facts.js';

export type RouteFramework = (typeof ROUTE_FRAMEWORKS)[number];

export interface RouteExtractSettings {
  /** Method names that execute an operation by id (`spine.execute('a.b', …)`). */
  executeMethods: readonly string[];
  frameworks: readonly RouteFramework[];
  /** More entry points: calls such as `queue.process` whose function arguments handle a message or a job. */
  entryCalls: ReadonlyArray<{ call: string; kind: EntryKind }>;
}

/** Reads a file's entry points from its syntax tree: no type checker, no other file. */
export function createRouteExtractor(settings: RouteExtractSettings): (file: ParsedFile) => RouteFileFacts {
  const patterns = parseExtraCalls(settings.entryCalls.map((entry) => entry.call));
  const kinds = new Map(settings.entryCalls.map((entry) => [entry.call, entry.kind]));
  return (file) => new RouteReader(file, settings, patterns, kinds).read();
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);
const NEST_ENTRIES: Record<string, EntryKind> = {
  MessagePattern: 'message',
  EventPattern: 'message',
  Cron: 'schedule',
  Interval: 'schedule',
};
const HTTP_MODULES = new Set(['http', 'node:http', 'https', 'node:https', 'http2', 'node:http2']);

/** Calls that make a router, by the name called (or constructed), and the framework they belong to. */
const ROUTER_FACTORIES: Record<string, RouteFramework> = {
  express: 'express',
  Router: 'express',
  fastify: 'fastify',
  Fastify: 'fastify',
  Hono: 'hono',
  OpenAPIHono: 'hono',
};

/** Packages whose import tells which framework a file's routes belong to. */
const FRAMEWORK_MODULES: Array<[string, RouteFramework]> = [
  ['express', 'express'],
  ['fastify', 'fastify'],
  ['hono', 'hono'],
  ['@koa/router', 'koa'],
  ['koa-router', 'koa'],
  ['@nestjs/common', 'nestjs'],
];

interface Receiver {
  router: RouterRef;
  /** Made by a router factory in this file: its framework. */
  made?: RouteFramework;
}

class RouteReader {
  private readonly module: ModuleBindings;
  private readonly units: FunctionUnits;
  private readonly frameworks: ReadonlySet<RouteFramework>;
  private readonly routes: RouteFact[] = [];
  private readonly mounts: Mount[] = [];
  /** Router keys with the prefix their factory gives them; top-level router variables and the units that make or take one. */
  private readonly routers = new Map<string, string>();
  /** Top-level variables made by a router factory, and the framework of each. */
  private readonly topRouters = new Map<string, RouteFramework>();
  private readonly fileFramework: RouteFramework | undefined;

  constructor(
    private readonly file: ParsedFile,
    private readonly settings: RouteExtractSettings,
    private readonly patterns: readonly ExtraCallPattern[],
    private readonly patternKinds: ReadonlyMap<string, EntryKind>,
  ) {
    this.module = readModuleBindings(file);
    this.units = new FunctionUnits(file, this.module);
    this.frameworks = new Set(settings.frameworks);
    // Type-only imports count: a Fastify plugin often imports nothing but `FastifyInstance`.
    const specifiers = new Set(
      file.program.body.flatMap((statement: Node) => (statement.type === 'ImportDeclaration' ? [statement.source.value] : [])),
    );
    this.fileFramework = FRAMEWORK_MODULES.find(([specifier]) => specifiers.has(specifier))?.[1];
  }

  read(): RouteFileFacts {
    this.collectTopRouters();
    const functions: RouteFunction[] = [];
    for (const unit of this.units.all()) {
      const body = this.readBodies(unit, unit.bodies, true);
      const at = unit.at === this.file.program ? { line: 1, column: 1 } : this.file.position(unit.at.start);
      functions.push({ name: unit.name, ...body, ...at });
    }
    if (this.frameworks.has('nestjs')) this.readControllers();
    return {
      functions,
      exports: this.exports(),
      reExports: this.module.reExports,
      starExports: this.module.starExports,
      routes: this.routes,
      routers: [...this.routers].map(([key, prefix]) => ({ key, prefix })),
      mounts: this.mounts,
    };
  }

  /** Exported names of functions and of values alike: a router is a value. */
  private exports(): RouteFileFacts['exports'] {
    const exports = [...this.units.exports];
    const known = new Set(exports.map((entry) => entry.exported));
    for (const { node: statement, exported } of topLevel(this.file.program)) {
      if (statement.type !== 'VariableDeclaration' || !exported) continue;
      for (const declaration of statement.declarations) {
        if (declaration.id.type === 'Identifier' && !known.has(declaration.id.name)) {
          exports.push({ exported: declaration.id.name, local: declaration.id.name });
        }
      }
    }
    return exports;
  }

  private collectTopRouters(): void {
    for (const { node: statement } of topLevel(this.file.program)) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declaration of statement.declarations) {
        if (declaration.id.type !== 'Identifier' || !declaration.init) continue;
        const made = this.routerFactory(declaration.init);
        if (made === undefined) continue;
        this.topRouters.set(declaration.id.name, made.framework);
        this.routers.set(declaration.id.name, made.prefix);
      }
    }
  }

  /** The framework and prefix of `express()`, `Router()`, `new Hono()`, `new Router({ prefix })`, `Fastify()`... */
  private routerFactory(node: Node): { framework: RouteFramework; prefix: string } | undefined {
    const value = stripAwait(node);
    if (value.type !== 'CallExpression' && value.type !== 'NewExpression') return undefined;
    const callee = unwrap(value.callee);
    const name = callee.type === 'Identifier' ? callee.name : memberName(callee);
    if (name === undefined) return undefined;
    const framework = name === 'Router' && value.type === 'NewExpression' ? 'koa' : ROUTER_FACTORIES[name];
    if (framework === undefined) return undefined;
    const options = value.arguments[0] ? unwrap(value.arguments[0]) : undefined;
    const prefix = options?.type === 'ObjectExpression' ? (this.stringProperty(options, 'prefix') ?? '') : '';
    return { framework, prefix };
  }

  /** Walks a unit (or an inline handler) for what it executes and calls, and registers the routes and mounts met on the way. */
  private readBodies(unit: Unit, bodies: readonly Node[], register: boolean): { calls: CallRef[]; executes: ExecutedId[] } {
    const calls: CallRef[] = [];
    const executes: ExecutedId[] = [];
    const localRouters = new Map<string, RouteFramework>();
    const visit = (node: Node): void => {
      if (register && node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && unit.at !== this.file.program) {
        const made = this.routerFactory(node.init);
        if (made) {
          localRouters.set(node.id.name, made.framework);
          this.routers.set(unit.name, made.prefix);
        }
      }
      if (node.type === 'CallExpression') {
        const executed = this.executedId(node);
        if (executed) executes.push(executed);
        const call = this.units.callRef(node, unit);
        if (call) calls.push(call);
        if (register) this.inspectCall(node, unit, localRouters);
      } else if (register && node.type === 'ObjectExpression' && this.frameworks.has('route-table')) {
        this.inspectRouteObject(node, unit, localRouters);
      }
    };
    for (const body of bodies) walk(body, visit);
    return { calls, executes };
  }

  private executedId(call: CallExpression): ExecutedId | undefined {
    const method = memberName(unwrap(call.callee));
    if (method === undefined || !this.settings.executeMethods.includes(method)) return undefined;
    const first = call.arguments[0];
    const id = stringText(first);
    if (!first || id === undefined || !OPERATION_ID_PATTERN.test(id)) return undefined;
    return { id, ...this.file.position(first.start) };
  }

  private inspectCall(call: CallExpression, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): void {
    const callee = unwrap(call.callee);
    if (this.frameworks.has('node:http')) {
      const binding = this.module.bindingOf(callee);
      if (binding && HTTP_MODULES.has(binding.specifier) && binding.path.at(-1) === 'createServer') {
        const handlers = this.handlers(call.arguments, unit);
        if (handlers.length > 0)
          this.addRoute(call, { kind: 'server', framework: 'node:http', method: '*', path: null, pathText: '*' }, null, false, handlers);
        return;
      }
    }
    const pattern = this.patterns.length > 0 ? matchExtraCall(memberChain(callee), this.patterns) : undefined;
    if (pattern) {
      const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      const name = stringText(first) ?? null;
      const kind = this.patternKinds.get(pattern.pattern) ?? 'command';
      const handlers = this.handlers(call.arguments, unit);
      if (handlers.length > 0) {
        this.addRoute(
          call,
          { kind, framework: pattern.pattern, method: kind, path: name, pathText: first ? this.snippet(first) : '' },
          null,
          false,
          handlers,
        );
      }
      return;
    }
    if (!isPropertyAccess(callee)) return;
    const method = memberName(callee);
    if (method === undefined) return;
    const receiver = this.receiver(callee.object, unit, localRouters);
    if (!receiver) return;
    if (HTTP_METHODS.has(method)) this.inspectShorthand(call, method, receiver, unit);
    else if (method === 'use' || method === 'route' || method === 'register') this.inspectMount(call, method, receiver, unit, localRouters);
  }

  /** `router.get('/x', ...handlers)` in Express, Fastify, Hono and Koa alike. */
  private inspectShorthand(call: CallExpression, method: string, receiver: Receiver, unit: Unit): void {
    const framework = this.frameworkOf(receiver);
    if (!this.frameworks.has(framework)) return;
    const [first, ...rest] = call.arguments;
    if (!first) return;
    const path = this.literal(first);
    // A literal path must look like one; a computed path counts only on a router this file made.
    if (path === undefined ? receiver.made === undefined : !(path.startsWith('/') || path === '*')) return;
    const handlers = this.handlers(rest, unit);
    if (handlers.length === 0) return;
    const upper = method === 'del' ? 'DELETE' : method === 'all' ? '*' : method.toUpperCase();
    const what = { kind: 'http' as const, framework, method: upper, path: path ?? null, pathText: this.snippet(first) };
    this.addRoute(call, what, receiver.router, receiver.made !== undefined, handlers);
  }

  /** `app.use('/x', router)`, `router.use('/x', child.routes())`, `app.route('/x', child)`, `app.register(plugin, { prefix })`. */
  private inspectMount(
    call: CallExpression,
    method: string,
    receiver: Receiver,
    unit: Unit,
    localRouters: ReadonlyMap<string, RouteFramework>,
  ): void {
    const args = [...call.arguments];
    let prefix = '';
    if (method === 'register') {
      const options = args[1] ? unwrap(args[1]) : undefined;
      if (options?.type === 'ObjectExpression') prefix = this.stringProperty(options, 'prefix') ?? '';
      args.splice(1);
    } else {
      const first = args[0] ? this.literal(args[0]) : undefined;
      if (first !== undefined) {
        if (!first.startsWith('/')) return;
        prefix = first;
        args.shift();
      }
    }
    for (const argument of args) {
      const child = this.mountedChild(argument, unit, localRouters);
      if (child) this.mounts.push({ parent: receiver.router, prefix, child, ...this.file.position(argument.start) });
    }
  }

  private mountedChild(argument: Node, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): CallRef['target'] | undefined {
    let node = stripAwait(argument);
    // `child.routes()` (Koa), `buildRouter()`: the router is what the call is made on, or the function that makes it.
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      node = isPropertyAccess(callee) && ['routes', 'middleware'].includes(memberName(callee) ?? '') ? callee.object : callee;
    }
    if (node.type === 'Identifier' && (this.topRouters.has(node.name) || localRouters.has(node.name))) {
      return { local: this.topRouters.has(node.name) ? node.name : unit.name };
    }
    return this.units.referenceOf(node, unit);
  }

  /** A route table entry (`{ method: 'POST', path: '/x', handler: create }`), or Fastify's `route({ method, url, handler })`. */
  private inspectRouteObject(object: ObjectExpression, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): void {
    const values = new Map<string, Node>();
    for (const property of object.properties) {
      if (property.type !== 'Property') continue;
      const key = propertyKeyText(property);
      if (key === undefined || property.kind !== 'init') continue;
      // A value or a shorthand's name; a method only as the handler (its body is walked).
      if (!property.method) values.set(key, property.value);
      else if (key === 'handler') values.set(key, property);
    }
    const handler = values.get('handler');
    const pathNode = values.get('path') ?? values.get('url');
    const methodNode = values.get('method');
    if (!handler || !pathNode || !methodNode) return;
    const path = this.literal(pathNode);
    if (path === undefined || !(path.startsWith('/') || path === '*')) return;
    const methods = this.methodsOf(methodNode);
    if (methods.length === 0) return;
    const handlers =
      handler.type === 'Property' && handler.method
        ? [this.inlineHandler(handler.value as FunctionNode, unit)]
        : this.handlers([handler], unit);
    if (handlers.length === 0) return;
    const parent = object.parent;
    let router: RouterRef | null = null;
    let known = false;
    let framework: RouteFramework = 'route-table';
    // Parents are set by walk(), which met the call before the object in it.
    const callee = parent?.type === 'CallExpression' ? unwrap(parent.callee) : undefined;
    if (callee && isPropertyAccess(callee) && memberName(callee) === 'route') {
      const receiver = this.receiver(callee.object, unit, localRouters);
      if (receiver) {
        router = receiver.router;
        known = receiver.made !== undefined;
        framework = receiver.made ?? this.fileFramework ?? 'fastify';
      }
    }
    for (const method of methods) {
      this.addRoute(object, { kind: 'http', framework, method, path, pathText: this.snippet(pathNode) }, router, known, handlers);
    }
  }

  private methodsOf(node: Node): string[] {
    const value = unwrap(node);
    const texts =
      value.type === 'ArrayExpression'
        ? value.elements.map((element) => (element ? this.literal(element) : undefined))
        : [this.literal(value)];
    if (texts.some((text) => text === undefined || !HTTP_METHODS.has(text.toLowerCase()))) return [];
    return texts.map((text) => (text === undefined ? '' : text.toLowerCase() === 'all' ? '*' : text.toUpperCase()));
  }

  /** NestJS: `@Controller('orders')` classes and their `@Get(':id')`, `@MessagePattern(...)`, `@Cron(...)` methods. */
  private readControllers(): void {
    for (const { node: statement } of topLevel(this.file.program)) {
      if (statement.type !== 'ClassDeclaration' || !statement.id) continue;
      const className = statement.id.name;
      const controller = decorator(statement, 'Controller');
      const prefix = controller ? this.controllerPrefix(controller) : '';
      for (const member of statement.body.body) {
        const isMethod = (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') && member.kind === 'method';
        if (!isMethod) continue;
        const name = propertyKeyText(member);
        if (name === undefined) continue;
        const handler: Handler = { reference: { local: `${className}.${name}` }, text: `${className}.${name}` };
        for (const found of member.decorators) {
          const call = unwrap(found.expression);
          if (call.type !== 'CallExpression') continue;
          const callee = unwrap(call.callee);
          const decoratorName = callee.type === 'Identifier' ? callee.name : undefined;
          if (decoratorName === undefined) continue;
          const argument = call.arguments[0];
          if (controller && NEST_METHODS.has(decoratorName)) {
            const own = argument === undefined ? '' : this.literal(argument);
            const path = own === undefined ? null : joinRoutePath(prefix, own);
            const method = decoratorName === 'All' ? '*' : decoratorName.toUpperCase();
            this.addRoute(
              found,
              { kind: 'http', framework: 'nestjs', method, path, pathText: argument ? this.snippet(argument) : `'${prefix}'` },
              null,
              true,
              [handler],
            );
          } else if (NEST_ENTRIES[decoratorName] !== undefined) {
            const kind = NEST_ENTRIES[decoratorName];
            const path = argument === undefined ? null : (this.literal(argument) ?? null);
            this.addRoute(
              found,
              { kind, framework: 'nestjs', method: kind, path, pathText: argument ? this.snippet(argument) : '' },
              null,
              true,
              [handler],
            );
          }
        }
      }
    }
  }

  private controllerPrefix(controller: CallExpression): string {
    const argument = controller.arguments[0] ? unwrap(controller.arguments[0]) : undefined;
    if (!argument) return '';
    if (argument.type === 'ObjectExpression') return this.stringProperty(argument, 'path') ?? '';
    return this.literal(argument) ?? '';
  }

  private addRoute(
    at: Node,
    what: Pick<RouteFact, 'kind' | 'framework' | 'method' | 'path' | 'pathText'>,
    router: RouterRef | null,
    knownRouter: boolean,
    handlers: Handler[],
  ): void {
    this.routes.push({ ...what, router, knownRouter, handlers, ...this.file.position(at.start) });
  }

  /** Which router a call is made on: a router variable of this file, one a unit makes or takes, a member of a class, or an import. */
  private receiver(node: Node, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): Receiver | undefined {
    const value = unwrap(node);
    if (value.type === 'Identifier') {
      const top = this.topRouters.get(value.name);
      if (top) return { router: { key: value.name }, made: top };
      const local = localRouters.get(value.name);
      if (local) return { router: { key: unit.name }, made: local };
      if (unit.params.has(value.name)) return { router: this.unitRouter(unit.name) };
      const binding = this.module.bindings.get(value.name);
      if (binding) return { router: { binding } };
      return unit.at === this.file.program ? undefined : { router: this.unitRouter(unit.name) };
    }
    if (isPropertyAccess(value) && value.object.type === 'ThisExpression' && unit.className !== undefined) {
      return { router: this.unitRouter(unit.className) };
    }
    return undefined;
  }

  /** A unit that registers routes on a router it is given (a Fastify plugin, an Express `register(app)`) is mounted as a router. */
  private unitRouter(key: string): RouterRef {
    if (!this.routers.has(key)) this.routers.set(key, '');
    return { key };
  }

  /** The receiver's own framework, else the one the file imports; a plain router call is Express's shape. */
  private frameworkOf(receiver: Receiver): RouteFramework {
    return receiver.made ?? this.fileFramework ?? 'express';
  }

  /** Handlers among a call's arguments: functions written in place or named by reference; middleware factories (`auth()`) are not. */
  private handlers(args: Iterable<Node | null>, unit: Unit): Handler[] {
    const handlers: Handler[] = [];
    for (const argument of args) {
      if (argument === null) continue;
      const value = unwrap(argument);
      if (isFunctionLike(value)) handlers.push(this.inlineHandler(value, unit));
      else if (value.type === 'Identifier' || value.type === 'MemberExpression') {
        const reference = this.units.referenceOf(value, unit);
        if (reference) handlers.push({ reference, text: this.snippet(value) });
        else handlers.push({ unknown: this.snippet(value) });
      } else if (value.type === 'ArrayExpression') {
        handlers.push(...this.handlers(value.elements, unit));
      }
    }
    return handlers;
  }

  private inlineHandler(fn: FunctionNode | ArrowFunctionExpression, unit: Unit): Handler {
    return { inline: this.readBodies(unit, fn.body ? [fn.body] : [], false) };
  }

  private literal(node: Node): string | undefined {
    return stringText(unwrap(node));
  }

  private stringProperty(object: ObjectExpression, name: string): string | undefined {
    for (const property of object.properties) {
      if (isPropertyAssignment(property) && propertyKeyText(property) === name) return this.literal(property.value);
    }
    return undefined;
  }

  private snippet(node: Node): string {
    return snippetOf(this.file, node, 60);
  }
}

function decorator(declaration: Class, name: string): CallExpression | undefined {
  for (const found of declaration.decorators) {
    const call = unwrap(found.expression);
    if (call.type !== 'CallExpression') continue;
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier' && callee.name === name) return call;
  }
  return undefined;
}
