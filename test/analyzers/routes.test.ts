import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../analyzers/index.js';
import { loadConfig } from '../../config/load.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { projectsRemovedAfterAll } from '../helpers/suite-projects.js';
import { analyze, brief } from './operations-project.js';

const { temp } = projectsRemovedAfterAll();

const ROUTE_RULES = new Set([
  'plumbline/entry-point-without-operation',
  'plumbline/entry-point-several-operations',
  'plumbline/entry-point-duplicate',
  'plumbline/entry-point-outside-entry-layer',
  'plumbline/operation-unreached-by-entry-points',
]);

async function routesOf(root: string) {
  const run = await analyze(root);
  return { manifest: run.routes, findings: run.findings.filter((finding) => ROUTE_RULES.has(finding.ruleId)) };
}

/** `METHOD path -> ops` per entry point, the manifest's order. */
const table = (manifest: Awaited<ReturnType<typeof routesOf>>['manifest']) =>
  manifest?.entryPoints.map((entry) => `${entry.method} ${entry.path} -> ${entry.operations.join(',') || (entry.exempt ? 'exempt' : '-')}`);

function copyOf(fixture: string) {
  const project = temp(path.join(REPO_ROOT, 'fixtures', fixture));
  return {
    ...project,
    edit(file: string, change: (text: string) => string) {
      const target = path.join(project.root, file);
      const before = readFileSync(target, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing: the test no longer matches the fixture`);
      writeFileSync(target, after);
    },
  };
}

/** A small project of one framework: `http` holds the routes, `spine` declares and executes the operations. */
function project(files: Record<string, string>, routes: object = { entryLayers: ['http'] }) {
  const made = temp();
  made.write(
    'plumbline.config.json',
    JSON.stringify({
      include: ['src/**/*.ts'],
      exclude: [],
      layers: {
        http: { paths: ['src/http/**'], mayImport: ['spine', 'drivers'] },
        spine: { paths: ['src/spine/**'], mayImport: ['drivers'] },
        drivers: { paths: ['src/drivers/**'], mayImport: [] },
      },
      routes,
    }),
  );
  made.write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  made.write('src/spine/spine.ts', 'export const spine = { execute(id: string, input?: unknown): unknown { return { id, input }; } };\n');
  for (const [file, text] of Object.entries(files)) made.write(file, text);
  return made;
}

describe('routes analyzer: the example backend', () => {
  it("maps every route of hoc-app's route table to exactly one operation, and reports nothing", async () => {
    const config = await loadConfig({ configFile: path.join(REPO_ROOT, 'fixtures/hoc-app/plumbline.config.ts') });
    const run = await runAnalyzers(config, { cache: false });
    expect(run.routes?.entryPoints).toHaveLength(16);
    expect(run.routes?.entryPoints.every((entry) => entry.operations.length === 1 && entry.file === 'src/api/routes.ts')).toBe(true);
    expect(run.routes?.entryPoints[0]).toMatchObject({
      method: 'POST',
      path: '/audit-log/purge',
      operations: ['logs.purgeExpired'],
      line: 43,
    });
    expect(run.routes?.operations.filter((operation) => operation.entryPoints === 0)).toEqual([]);
    expect(run.findings.filter((finding) => ROUTE_RULES.has(finding.ruleId))).toEqual([]);
  });
});

describe('routes analyzer: Express', () => {
  it('joins router prefixes across files and follows handlers through helpers; the clean fixture has no finding', async () => {
    const { manifest, findings } = await routesOf(copyOf('routes-express').root);
    expect(table(manifest)).toEqual([
      'POST /api/orders -> orders.place',
      'GET /api/orders/:id -> orders.get',
      'POST /api/orders/:id/cancel -> orders.cancel',
      'POST /api/payments/capture -> payments.capture',
      'GET /healthz -> exempt',
    ]);
    expect(findings).toEqual([]);
  });

  it('finds a route that reaches a driver through a helper instead of an operation, at the route', async () => {
    const made = copyOf('routes-express');
    made.edit('src/http/helpers/respond.ts', (text) =>
      text
        .replace("import { spine } from '../../spine/spine.js';", "import { findOrder } from '../../drivers/order-store.js';")
        .replace("res.json(spine.execute('orders.get', { id }));", 'res.json(findOrder(id) ?? null);'),
    );
    const { findings } = await routesOf(made.root);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/entry-point-without-operation', severity: 'error', file: 'src/http/routers/orders.ts', line: 11 },
    ]);
    expect(findings[0]!.message).toBe(
      'GET /api/orders/:id executes no operation, so it bypasses the operation registry: make its handler execute one registered operation, or list it in routes.exempt with a reason.',
    );
  });

  it('finds a route with no operation, a duplicate route, an unreached critical operation and a route outside the entry layers', async () => {
    const made = copyOf('routes-express');
    made.edit('src/http/routers/orders.ts', (text) =>
      text.replace(
        "ordersRouter.post('/:id/cancel', (req, res) => {\n  res.json(spine.execute('orders.cancel', { id: req.params.id }));\n});",
        "ordersRouter.delete('/:id', (req, res) => {\n  res.sendStatus(204);\n});",
      ),
    );
    made.edit('src/http/app.ts', (text) =>
      text
        .replace(
          "app.get('/healthz'",
          "app.post('/api/orders', (req, res) => res.json(spine.execute('orders.place', req.body)));\n\napp.get('/healthz'",
        )
        .replace("import express from 'express';", "import express from 'express';\nimport { spine } from '../spine/spine.js';"),
    );
    made.write(
      'src/drivers/admin.ts',
      "import { Router } from 'express';\n\nexport const admin = Router();\nadmin.get('/admin/orders', (_req, res) => res.json([]));\n",
    );
    const { findings } = await routesOf(made.root);
    expect(findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'plumbline/entry-point-outside-entry-layer src/drivers/admin.ts:4',
      'plumbline/entry-point-without-operation src/drivers/admin.ts:4',
      'plumbline/entry-point-duplicate src/http/routers/orders.ts:7',
      'plumbline/entry-point-without-operation src/http/routers/orders.ts:13',
      'plumbline/operation-unreached-by-entry-points src/spine/operations/orders/cancel-order.ts:5',
    ]);
    const duplicate = findings.find((finding) => finding.ruleId === 'plumbline/entry-point-duplicate');
    expect(duplicate?.message).toBe(
      'POST /api/orders is registered twice: src/http/app.ts:12 registers it too, and only one of them can serve it.',
    );
    expect(findings.find((finding) => finding.ruleId === 'plumbline/entry-point-outside-entry-layer')?.message).toBe(
      "GET /admin/orders is an entry point in layer 'drivers'; entry points belong in 'http'.",
    );
  });

  it('finds a route that executes two operations, unless the config allows any number', async () => {
    const files = {
      'src/http/app.ts':
        "import express from 'express';\nimport { spine } from '../spine/spine.js';\nconst app = express();\napp.post('/checkout', (req, res) => {\n  spine.execute('orders.place', req.body);\n  res.json(spine.execute('payments.capture', req.body));\n});\n",
    };
    const strict = await routesOf(project(files).root);
    expect(strict.findings.map(brief)).toEqual([
      { ruleId: 'plumbline/entry-point-several-operations', severity: 'error', file: 'src/http/app.ts', line: 4 },
    ]);
    expect(strict.findings[0]!.message).toContain('executes 2 operations (`orders.place`, `payments.capture`)');
    const lenient = await routesOf(project(files, { entryLayers: ['http'], operationsPerRoute: 'any' }).root);
    expect(lenient.findings).toEqual([]);
  });

  it('does not take an HTTP client call for a route, in any layer', async () => {
    const made = project({
      'src/drivers/catalog.ts':
        "import axios from 'axios';\nconst options = { timeout: 1000 };\nexport const listProducts = () => axios.get('/products', options);\nexport const client = axios.create();\nexport const post = (body: unknown) => client.post('/orders', body);\n",
      'src/http/app.ts':
        "import express from 'express';\nimport { spine } from '../spine/spine.js';\nconst app = express();\napp.get('/products', (_req, res) => res.json(spine.execute('catalog.list')));\n",
    });
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['GET /products -> catalog.list']);
    expect(findings).toEqual([]);
  });
});

describe('routes analyzer: NestJS', () => {
  it('reads @Controller prefixes, method decorators and message patterns; the clean fixture has no finding', async () => {
    const { manifest, findings } = await routesOf(copyOf('routes-nestjs').root);
    expect(table(manifest)).toEqual([
      'GET /health -> exempt',
      'POST /orders -> orders.place',
      'GET /orders/:id -> orders.get',
      'message warehouse.packed -> orders.ship',
    ]);
    expect(findings).toEqual([]);
  });

  it('finds a handler with no operation and a duplicate route', async () => {
    const made = copyOf('routes-nestjs');
    made.edit('src/orders/orders.controller.ts', (text) =>
      text.replace(
        "  @Get(':id')\n  findOne(@Param('id') id: string) {\n    return this.spine.execute('orders.get', { id });\n  }",
        "  @Get(':id')\n  findOne(@Param('id') id: string) {\n    return this.spine.execute('orders.get', { id });\n  }\n\n  @Get(':id')\n  peek(@Param('id') id: string) {\n    return { id };\n  }",
      ),
    );
    const { findings } = await routesOf(made.root);
    expect(findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'plumbline/entry-point-duplicate src/orders/orders.controller.ts:18',
      'plumbline/entry-point-without-operation src/orders/orders.controller.ts:18',
    ]);
  });
});

describe('routes analyzer: Fastify, Hono, Koa, node:http and configured consumers', () => {
  it('Fastify: plugin prefixes from register(), shorthand and route({ method, url, handler })', async () => {
    const made = project({
      'src/http/orders.ts':
        "import type { FastifyInstance } from 'fastify';\nimport { spine } from '../spine/spine.js';\nexport async function orderRoutes(app: FastifyInstance) {\n  app.get('/:id', async (request) => spine.execute('orders.get', request.params));\n  app.route({ method: ['POST'], url: '/', handler: async (request) => spine.execute('orders.place', request.body) });\n  app.delete('/:id', async () => ({ deleted: true }));\n}\n",
      'src/http/server.ts':
        "import Fastify from 'fastify';\nimport { orderRoutes } from './orders.js';\nconst app = Fastify();\napp.register(orderRoutes, { prefix: '/v1/orders' });\n",
    });
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['POST /v1/orders -> orders.place', 'DELETE /v1/orders/:id -> -', 'GET /v1/orders/:id -> orders.get']);
    expect(manifest?.entryPoints.every((entry) => entry.framework === 'fastify')).toBe(true);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/entry-point-without-operation', severity: 'error', file: 'src/http/orders.ts', line: 6 },
    ]);
  });

  it('Hono: app.route() prefixes a sub-app', async () => {
    const made = project({
      'src/http/orders.ts':
        "import { Hono } from 'hono';\nimport { spine } from '../spine/spine.js';\nexport const orders = new Hono();\norders.get('/:id', (c) => c.json(spine.execute('orders.get', c.req.param('id'))));\norders.post('/', (c) => c.json({ ok: true }));\n",
      'src/http/app.ts':
        "import { Hono } from 'hono';\nimport { orders } from './orders.js';\nconst app = new Hono();\napp.route('/orders', orders);\n",
    });
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['POST /orders -> -', 'GET /orders/:id -> orders.get']);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/entry-point-without-operation', severity: 'error', file: 'src/http/orders.ts', line: 5 },
    ]);
  });

  it("Koa: a router's own prefix and nested routers mounted with use(prefix, child.routes())", async () => {
    const made = project({
      'src/http/orders.ts':
        "import Router from '@koa/router';\nimport { spine } from '../spine/spine.js';\nexport const orders = new Router({ prefix: '/orders' });\norders.get('/:id', (ctx) => { ctx.body = spine.execute('orders.get', ctx.params); });\n",
      'src/http/api.ts':
        "import Router from '@koa/router';\nimport { orders } from './orders.js';\nconst api = new Router();\napi.use('/api', orders.routes());\napi.get('/api/orders/:id', (ctx) => { ctx.body = {}; });\n",
    });
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['GET /api/orders/:id -> -', 'GET /api/orders/:id -> orders.get']);
    expect(manifest?.entryPoints.map((entry) => entry.framework)).toEqual(['koa', 'koa']);
    expect(findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'plumbline/entry-point-without-operation src/http/api.ts:5',
      'plumbline/entry-point-duplicate src/http/orders.ts:4',
    ]);
  });

  it('node:http: a bare server is the entry point when no route is declared, and is judged like one', async () => {
    const made = project({
      'src/http/server.ts':
        "import { createServer } from 'node:http';\nimport { readAll } from '../drivers/store.js';\nexport const server = createServer((_req, res) => { res.end(JSON.stringify(readAll())); });\n",
      'src/drivers/store.ts': 'export const readAll = () => [];\n',
    });
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['* * -> -']);
    expect(findings.map(brief)).toEqual([
      { ruleId: 'plumbline/entry-point-without-operation', severity: 'error', file: 'src/http/server.ts', line: 3 },
    ]);
  });

  it('configured consumers and jobs are entry points too', async () => {
    const made = project(
      {
        'src/http/workers.ts':
          "import { spine } from '../spine/spine.js';\ndeclare const queue: { process(name: string, fn: (job: unknown) => unknown): void };\nqueue.process('invoices', (job) => spine.execute('billing.invoice', job));\nqueue.process('emails', async () => undefined);\n",
      },
      { entryLayers: ['http'], entryCalls: [{ call: 'queue.process', kind: 'queue' }] },
    );
    const { manifest, findings } = await routesOf(made.root);
    expect(table(manifest)).toEqual(['queue emails -> -', 'queue invoices -> billing.invoice']);
    expect(findings.map((finding) => finding.message)).toEqual([
      'queue `emails` executes no operation, so it bypasses the operation registry: make its handler execute one registered operation, or list it in routes.exempt with a reason.',
    ]);
  });

  it('is off when routes is not configured', async () => {
    const made = project({
      'src/http/app.ts': "import express from 'express';\nconst app = express();\napp.get('/x', (_req, res) => res.end());\n",
    });
    const config = JSON.parse(readFileSync(path.join(made.root, 'plumbline.config.json'), 'utf8')) as Record<string, unknown>;
    delete config['routes'];
    writeFileSync(path.join(made.root, 'plumbline.config.json'), JSON.stringify(config));
    const { manifest, findings } = await routesOf(made.root);
    expect(manifest).toBeUndefined();
    expect(findings).toEqual([]);
  });
});
