import ts from 'typescript';
import type { ROUTE_FRAMEWORKS } from '../../config/schema.js';
import { matchExtraCall, parseExtraCalls, type ExtraCallPattern } from '../../core/transaction-vocabulary.js';
import { FunctionUnits, type Unit } from '../function-units.js';
import type { CallRef } from '../module-facts.js';
import { readModuleBindings, type ModuleBindings } from '../module-bindings.js';
import { OPERATION_ID_PATTERN } from '../operations/facts.js';
import { hasExportModifier, memberChain, memberName, positionOf, propertyNameText, snippetOf, stripAwait, unwrap } from '../syntax.js';
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
export function createRouteExtractor(settings: RouteExtractSettings): (sourceFile: ts.SourceFile) => RouteFileFacts {
  const patterns = parseExtraCalls(settings.entryCalls.map((entry) => entry.call));
  const kinds = new Map(settings.entryCalls.map((entry) => [entry.call, entry.kind]));
  return (sourceFile) => new RouteReader(sourceFile, settings, patterns, kinds).read();
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
    private readonly sourceFile: ts.SourceFile,
    private readonly settings: RouteExtractSettings,
    private readonly patterns: readonly ExtraCallPattern[],
    private readonly patternKinds: ReadonlyMap<string, EntryKind>,
  ) {
    this.module = readModuleBindings(sourceFile);
    this.units = new FunctionUnits(sourceFile, this.module);
    this.frameworks = new Set(settings.frameworks);
    // Type-only imports count: a Fastify plugin often imports nothing but `FastifyInstance`.
    const specifiers = new Set(
      sourceFile.statements.flatMap((statement) =>
        ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) ? [statement.moduleSpecifier.text] : [],
      ),
    );
    this.fileFramework = FRAMEWORK_MODULES.find(([specifier]) => specifiers.has(specifier))?.[1];
  }

  read(): RouteFileFacts {
    this.collectTopRouters();
    const functions: RouteFunction[] = [];
    for (const unit of this.units.all()) {
      const body = this.readBodies(unit, unit.bodies, true);
      const at = unit.at === this.sourceFile ? { line: 1, column: 1 } : positionOf(this.sourceFile, unit.at);
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
    for (const statement of this.sourceFile.statements) {
      if (!ts.isVariableStatement(statement) || !hasExportModifier(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && !known.has(declaration.name.text)) {
          exports.push({ exported: declaration.name.text, local: declaration.name.text });
        }
      }
    }
    return exports;
  }

  private collectTopRouters(): void {
    for (const statement of this.sourceFile.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const made = this.routerFactory(declaration.initializer);
        if (made === undefined) continue;
        this.topRouters.set(declaration.name.text, made.framework);
        this.routers.set(declaration.name.text, made.prefix);
      }
    }
  }

  /** The framework and prefix of `express()`, `Router()`, `new Hono()`, `new Router({ prefix })`, `Fastify()`... */
  private routerFactory(node: ts.Expression): { framework: RouteFramework; prefix: string } | undefined {
    const value = stripAwait(node);
    if (!ts.isCallExpression(value) && !ts.isNewExpression(value)) return undefined;
    const callee = unwrap(value.expression);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    if (name === undefined) return undefined;
    const framework = name === 'Router' && ts.isNewExpression(value) ? 'koa' : ROUTER_FACTORIES[name];
    if (framework === undefined) return undefined;
    const options = value.arguments?.[0] ? unwrap(value.arguments[0]) : undefined;
    const prefix = options && ts.isObjectLiteralExpression(options) ? (this.stringProperty(options, 'prefix') ?? '') : '';
    return { framework, prefix };
  }

  /** Walks a unit (or an inline handler) for what it executes and calls, and registers the routes and mounts met on the way. */
  private readBodies(unit: Unit, bodies: readonly ts.Node[], register: boolean): { calls: CallRef[]; executes: ExecutedId[] } {
    const calls: CallRef[] = [];
    const executes: ExecutedId[] = [];
    const localRouters = new Map<string, RouteFramework>();
    const visit = (node: ts.Node): void => {
      if (register && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && unit.at !== this.sourceFile) {
        const made = this.routerFactory(node.initializer);
        if (made) {
          localRouters.set(node.name.text, made.framework);
          this.routers.set(unit.name, made.prefix);
        }
      }
      if (ts.isCallExpression(node)) {
        const executed = this.executedId(node);
        if (executed) executes.push(executed);
        const call = this.units.callRef(node, unit);
        if (call) calls.push(call);
        if (register) this.inspectCall(node, unit, localRouters);
      } else if (register && ts.isObjectLiteralExpression(node) && this.frameworks.has('route-table')) {
        this.inspectRouteObject(node, unit, localRouters);
      }
      ts.forEachChild(node, visit);
    };
    for (const body of bodies) visit(body);
    return { calls, executes };
  }

  private executedId(call: ts.CallExpression): ExecutedId | undefined {
    const method = memberName(unwrap(call.expression));
    if (method === undefined || !this.settings.executeMethods.includes(method)) return undefined;
    const first = call.arguments[0];
    if (!first || !ts.isStringLiteralLike(first) || !OPERATION_ID_PATTERN.test(first.text)) return undefined;
    return { id: first.text, ...positionOf(this.sourceFile, first) };
  }

  private inspectCall(call: ts.CallExpression, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): void {
    const callee = unwrap(call.expression);
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
      const name = first && ts.isStringLiteralLike(first) ? first.text : null;
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
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = memberName(callee);
    if (method === undefined) return;
    const receiver = this.receiver(callee.expression, unit, localRouters);
    if (!receiver) return;
    if (HTTP_METHODS.has(method)) this.inspectShorthand(call, method, receiver, unit);
    else if (method === 'use' || method === 'route' || method === 'register') this.inspectMount(call, method, receiver, unit, localRouters);
  }

  /** `router.get('/x', ...handlers)` in Express, Fastify, Hono and Koa alike. */
  private inspectShorthand(call: ts.CallExpression, method: string, receiver: Receiver, unit: Unit): void {
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
    call: ts.CallExpression,
    method: string,
    receiver: Receiver,
    unit: Unit,
    localRouters: ReadonlyMap<string, RouteFramework>,
  ): void {
    const args = [...call.arguments];
    let prefix = '';
    if (method === 'register') {
      const options = args[1] ? unwrap(args[1]) : undefined;
      if (options && ts.isObjectLiteralExpression(options)) prefix = this.stringProperty(options, 'prefix') ?? '';
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
      if (child) this.mounts.push({ parent: receiver.router, prefix, child, ...positionOf(this.sourceFile, argument) });
    }
  }

  private mountedChild(
    argument: ts.Expression,
    unit: Unit,
    localRouters: ReadonlyMap<string, RouteFramework>,
  ): CallRef['target'] | undefined {
    let node = stripAwait(argument);
    // `child.routes()` (Koa), `buildRouter()`: the router is what the call is made on, or the function that makes it.
    if (ts.isCallExpression(node)) {
      const callee = unwrap(node.expression);
      node =
        ts.isPropertyAccessExpression(callee) && ['routes', 'middleware'].includes(memberName(callee) ?? '') ? callee.expression : callee;
    }
    if (ts.isIdentifier(node) && (this.topRouters.has(node.text) || localRouters.has(node.text))) {
      return { local: this.topRouters.has(node.text) ? node.text : unit.name };
    }
    return this.units.referenceOf(node, unit);
  }

  /** A route table entry (`{ method: 'POST', path: '/x', handler: create }`), or Fastify's `route({ method, url, handler })`. */
  private inspectRouteObject(object: ts.ObjectLiteralExpression, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): void {
    const values = new Map<string, ts.Expression>();
    for (const property of object.properties) {
      const key = property.name ? propertyNameText(property.name) : undefined;
      if (key === undefined) continue;
      if (ts.isPropertyAssignment(property)) values.set(key, property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) values.set(key, property.name);
      else if (ts.isMethodDeclaration(property) && key === 'handler') values.set(key, property as unknown as ts.Expression);
    }
    const handler = values.get('handler');
    const pathNode = values.get('path') ?? values.get('url');
    const methodNode = values.get('method');
    if (!handler || !pathNode || !methodNode) return;
    const path = this.literal(pathNode);
    if (path === undefined || !(path.startsWith('/') || path === '*')) return;
    const methods = this.methodsOf(methodNode);
    if (methods.length === 0) return;
    const handlers = ts.isMethodDeclaration(handler as ts.Node)
      ? [this.inlineHandler(handler as unknown as ts.MethodDeclaration, unit)]
      : this.handlers([handler], unit);
    if (handlers.length === 0) return;
    const parent = object.parent;
    let router: RouterRef | null = null;
    let known = false;
    let framework: RouteFramework = 'route-table';
    if (
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(unwrap(parent.expression)) &&
      memberName(unwrap(parent.expression)) === 'route'
    ) {
      const receiver = this.receiver((unwrap(parent.expression) as ts.PropertyAccessExpression).expression, unit, localRouters);
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

  private methodsOf(node: ts.Expression): string[] {
    const value = unwrap(node);
    const texts = ts.isArrayLiteralExpression(value) ? value.elements.map((element) => this.literal(element)) : [this.literal(value)];
    if (texts.some((text) => text === undefined || !HTTP_METHODS.has(text.toLowerCase()))) return [];
    return texts.map((text) => (text === undefined ? '' : text.toLowerCase() === 'all' ? '*' : text.toUpperCase()));
  }

  /** NestJS: `@Controller('orders')` classes and their `@Get(':id')`, `@MessagePattern(...)`, `@Cron(...)` methods. */
  private readControllers(): void {
    for (const statement of this.sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const controller = decorator(statement, 'Controller');
      const prefix = controller ? this.controllerPrefix(controller) : '';
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.name) continue;
        const name = propertyNameText(member.name);
        if (name === undefined) continue;
        const handler: Handler = { reference: { local: `${statement.name.text}.${name}` }, text: `${statement.name.text}.${name}` };
        for (const found of ts.getDecorators(member) ?? []) {
          const call = unwrap(found.expression);
          if (!ts.isCallExpression(call)) continue;
          const callee = unwrap(call.expression);
          const decoratorName = ts.isIdentifier(callee) ? callee.text : undefined;
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

  private controllerPrefix(controller: ts.CallExpression): string {
    const argument = controller.arguments[0] ? unwrap(controller.arguments[0]) : undefined;
    if (!argument) return '';
    if (ts.isObjectLiteralExpression(argument)) return this.stringProperty(argument, 'path') ?? '';
    return this.literal(argument) ?? '';
  }

  private addRoute(
    at: ts.Node,
    what: Pick<RouteFact, 'kind' | 'framework' | 'method' | 'path' | 'pathText'>,
    router: RouterRef | null,
    knownRouter: boolean,
    handlers: Handler[],
  ): void {
    this.routes.push({ ...what, router, knownRouter, handlers, ...positionOf(this.sourceFile, at) });
  }

  /** Which router a call is made on: a router variable of this file, one a unit makes or takes, a member of a class, or an import. */
  private receiver(node: ts.Expression, unit: Unit, localRouters: ReadonlyMap<string, RouteFramework>): Receiver | undefined {
    const value = unwrap(node);
    if (ts.isIdentifier(value)) {
      const top = this.topRouters.get(value.text);
      if (top) return { router: { key: value.text }, made: top };
      const local = localRouters.get(value.text);
      if (local) return { router: { key: unit.name }, made: local };
      if (unit.params.has(value.text)) return { router: this.unitRouter(unit.name) };
      const binding = this.module.bindings.get(value.text);
      if (binding) return { router: { binding } };
      return unit.at === this.sourceFile ? undefined : { router: this.unitRouter(unit.name) };
    }
    if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword && unit.className !== undefined) {
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
  private handlers(args: Iterable<ts.Expression>, unit: Unit): Handler[] {
    const handlers: Handler[] = [];
    for (const argument of args) {
      const value = unwrap(argument);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) handlers.push(this.inlineHandler(value, unit));
      else if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) {
        const reference = this.units.referenceOf(value, unit);
        if (reference) handlers.push({ reference, text: this.snippet(value) });
        else handlers.push({ unknown: this.snippet(value) });
      } else if (ts.isArrayLiteralExpression(value)) {
        handlers.push(...this.handlers(value.elements, unit));
      }
    }
    return handlers;
  }

  private inlineHandler(fn: ts.FunctionLikeDeclaration, unit: Unit): Handler {
    return { inline: this.readBodies(unit, fn.body ? [fn.body] : [], false) };
  }

  private literal(node: ts.Node): string | undefined {
    const value = unwrap(node);
    return ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value) ? value.text : undefined;
  }

  private stringProperty(object: ts.ObjectLiteralExpression, name: string): string | undefined {
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return this.literal(property.initializer);
    }
    return undefined;
  }

  private snippet(node: ts.Node): string {
    return snippetOf(this.sourceFile, node, 60);
  }
}

function decorator(declaration: ts.ClassDeclaration, name: string): ts.CallExpression | undefined {
  for (const found of ts.getDecorators(declaration) ?? []) {
    const call = unwrap(found.expression);
    if (ts.isCallExpression(call) && ts.isIdentifier(unwrap(call.expression)) && (unwrap(call.expression) as ts.Identifier).text === name)
      return call;
  }
  return undefined;
}
