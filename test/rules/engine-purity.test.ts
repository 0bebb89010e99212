import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import { callerOf, enginePurity, IO_MODULES } from '../../rules/engine-purity.js';
import { resolveConfig } from '../../config/resolve.js';
import { invalidCases, validCases } from '../helpers/rule-tester.js';
import { inProject, ruleProjectConfig } from '../helpers/rule-project.js';

const engines = (extra: Record<string, unknown> = {}) => ({
  plumbline: { config: ruleProjectConfig({ engines: { layers: ['core'], ...extra } }) },
});
const settings = engines();
// The rule-project's http layer is the only one that may import core.
const caller = "its caller in layer 'http'";
const ruleTester = new RuleTester();

const core = inProject('src/core/decide.ts');
const http = inProject('src/http/handler.ts');
const db = inProject('src/db/store.ts');

/** Every ambient effect the rule knows, one per line. */
const AMBIENT_CODE = [
  'export const a = Date.now();',
  'export const b = new Date();',
  'export const c = Date();',
  'export const d = performance.now();',
  'export const e = Math.random();',
  'export const f = crypto.randomUUID();',
  'export const g = crypto.getRandomValues(new Uint8Array(4));',
  'export const h = crypto.randomBytes(8);',
  'export const i = process.env.LIMIT;',
  "export const j = process.env['LIMIT'];",
  'export const { LIMIT } = process.env;',
  'export const k = process.hrtime.bigint();',
  'export const l = process.argv[2];',
  'setTimeout(() => undefined, 10);',
  'setInterval(() => undefined, 10);',
  'setImmediate(() => undefined);',
  'queueMicrotask(() => undefined);',
  "export const m = fetch('https://example.com');",
].join('\n');

/** Every form of import of an I/O module. */
const IMPORT_CODE = [
  "import fs from 'node:fs';",
  "import { readFile } from 'fs/promises';",
  "import Database from 'better-sqlite3';",
  "import 'pg';",
  "export * from 'node:net';",
  "const axios = await import('axios');",
  "const cp = require('child_process');",
  "import os = require('os');",
  "import { S3Client } from '@aws-sdk/client-s3';",
  "import { pgTable } from 'drizzle-orm/pg-core';",
  "export { request } from 'node:http';",
].join('\n');

ruleTester.run('engine-purity', enginePurity, {
  valid: validCases(settings, [
    { name: 'ambient effects outside an engine layer (http)', filename: http, code: AMBIENT_CODE },
    { name: 'ambient effects outside an engine layer (db)', filename: db, code: AMBIENT_CODE },
    { name: 'I/O imports outside an engine layer', filename: db, code: IMPORT_CODE },
    {
      name: 'nothing is reported while engines.layers is empty',
      filename: core,
      code: `${IMPORT_CODE}\n${AMBIENT_CODE}`,
      settings: { plumbline: { config: ruleProjectConfig() } },
    },
    { name: 'files outside include are not checked', filename: inProject('test/decide.test.ts'), code: AMBIENT_CODE },
    {
      name: 'pure Date and Math calls',
      filename: core,
      code: [
        'export const at = (iso: string) => new Date(iso);',
        'export const ms = (iso: string) => Date.parse(iso);',
        'export const utc = Date.UTC(2026, 0, 1);',
        'export const copy = (d: Date) => new Date(d.getTime());',
        'export const top = Math.max(1, 2) + Math.min(3, 4) + Math.floor(1.5);',
        'export const isDate = (x: unknown) => x instanceof Date;',
      ].join('\n'),
    },
    {
      name: 'shadowed globals are inputs, not ambient effects',
      filename: core,
      code: [
        'type Clock = { now(): number };',
        'export function a(Date: Clock) { return Date.now(); }',
        'export function b(clock: Clock, now: () => number) { return clock.now() + now(); }',
        'const fetch = (url: string) => url.length;',
        "export const c = fetch('x');",
        'export function d(setTimeout: (run: () => void) => void) { setTimeout(() => undefined); }',
        'export function e(process: { env: Record<string, string> }) { return process.env.LIMIT; }',
        'export function f(crypto: { randomUUID(): string }, Math: { random(): number }) { return crypto.randomUUID() + Math.random(); }',
        'export function g() { const performance = { now: () => 1 }; return performance.now(); }',
        "import { random as Math2 } from '../types/order.js';",
      ].join('\n'),
    },
    {
      name: 'project imports named like globals are not the globals',
      filename: core,
      code: "import { Math, fetch } from './math.js';\nexport const r = Math.random() + fetch();",
    },
    {
      name: 'members and keys that share a global name',
      filename: core,
      code: [
        'export class Poller { fetch() { return 1; } run() { return this.fetch(); } }',
        'export const deps = { setTimeout: 1, fetch: 2, Date: { now: () => 3 } };',
        'export const t = deps.Date.now() + deps.fetch;',
      ].join('\n'),
    },
    {
      name: 'type positions read no value',
      filename: core,
      code: [
        'export type Timer = ReturnType<typeof setTimeout>;',
        'export type Fetch = typeof fetch;',
        'export type Env = typeof process.env;',
        'export type Now = typeof Date.now;',
        'export let when: Date | undefined;',
      ].join('\n'),
    },
    {
      name: 'type-only imports of I/O modules',
      filename: core,
      code: [
        "import type { Stats } from 'node:fs';",
        "export type { Database } from 'better-sqlite3';",
        "export type Socket = import('node:net').Socket;",
        "import { type Agent } from 'node:http';",
        'export const size = (s: Stats, a?: Agent) => s.size + (a ? 1 : 0);',
      ].join('\n'),
    },
    {
      name: 'relative imports are never matched against the module list',
      filename: core,
      code: "import { fs } from './fs.js';\nimport { pg } from '../types/pg.js';\nexport const both = [fs, pg];",
    },
    {
      name: 'packages not on the list, and names that only start like one',
      filename: core,
      code: "import { z } from 'zod';\nimport format from 'pg-format';\nimport watch from 'fsevents';\nimport { createHash } from 'node:crypto';\nexport const all = [z, format, watch, createHash('sha256')];",
    },
    {
      name: 'forbiddenModules replaces the built-in list',
      filename: core,
      code: "import fs from 'node:fs';\nexport const read = fs.readFileSync;",
      settings: engines({ forbiddenModules: ['lodash'] }),
    },
    {
      name: 'allowedModules wins over the list (node: prefix normalised)',
      filename: core,
      code: "import os from 'os';\nimport { EOL } from 'node:os';\nexport const eol = [os.EOL, EOL];",
      settings: engines({ allowedModules: ['node:os'] }),
    },
    {
      name: 'extraForbiddenCalls does not reach injected objects or other names of the module',
      filename: core,
      code: "import { customAlphabet } from 'nanoid';\nexport const f = (uuid: { v4(): string }) => uuid.v4();\nexport const id = customAlphabet('abc', 4);",
      settings: engines({ extraForbiddenCalls: ['uuid.v4', 'nanoid'] }),
    },
    {
      name: 'a typeof guard reads no effect by itself',
      filename: core,
      code: "export const onServer = typeof window === 'undefined' && typeof process !== 'undefined';",
    },
    {
      name: 'what the rule does not consider an effect',
      filename: core,
      code: 'export const stop = (handle: number) => clearTimeout(handle);\nexport const g = globalThis;\nexport const c = globalThis.structuredClone({ a: 1 });',
    },
    {
      name: 'name-based uuids are pure, and so are id helpers that draw nothing',
      filename: core,
      code: "import { v5, validate } from 'uuid';\nexport const id = (name: string) => v5(name, v5.URL);\nexport const ok = validate;",
    },
    {
      name: "a value object that checks an id handed in with uuid's validate(): importing uuid is no effect",
      filename: core,
      code: "import { validate } from 'uuid';\nexport class Uuid {\n  constructor(readonly value: string) {\n    if (!validate(value)) throw new Error(value);\n  }\n}",
    },
  ]),
  invalid: invalidCases(settings, [
    {
      name: 'the same value object drawing its own id with v4() draws randomness',
      filename: core,
      code: "import { v4, validate } from 'uuid';\nexport class Uuid {\n  readonly value = v4();\n  ok = () => validate(this.value);\n}",
      errors: [{ messageId: 'drawsRandomness', line: 3, column: 20, data: { layer: 'core', caller, code: 'uuid.v4()' } }],
    },
    {
      name: 'id generators draw randomness',
      filename: core,
      code: [
        "import { v4 as uuidv4, v7 } from 'uuid';",
        "import * as uuid from 'uuid';",
        "import { nanoid } from 'nanoid';",
        "import { createId } from '@paralleldrive/cuid2';",
        "import { ulid } from 'ulid';",
        "import cuid from 'cuid';",
        'export const ids = [uuidv4(), v7(), uuid.v4(), nanoid(), createId(), ulid(), cuid()];',
      ].join('\n'),
      errors: (
        [
          [21, 'uuid.v4()'],
          [31, 'uuid.v7()'],
          [37, 'uuid.v4()'],
          [48, 'nanoid.nanoid()'],
          [58, '@paralleldrive/cuid2.createId()'],
          [70, 'ulid.ulid()'],
          [78, 'cuid()'],
        ] as const
      ).map(([column, code]) => ({ messageId: 'drawsRandomness' as const, line: 7, column, data: { layer: 'core', caller, code } })),
    },
    {
      name: 'database and cache clients are I/O',
      filename: core,
      code: "import { createPool } from 'slonik';\nimport Redis from 'ioredis';\nimport { MongoClient } from 'mongodb';\nimport mysql from 'mysql2/promise';\nexport const clients = [createPool, Redis, MongoClient, mysql];",
      errors: [
        { messageId: 'ioImport', line: 1, data: { layer: 'core', caller, specifier: 'slonik' } },
        { messageId: 'ioImport', line: 2, data: { layer: 'core', caller, specifier: 'ioredis' } },
        { messageId: 'ioImport', line: 3, data: { layer: 'core', caller, specifier: 'mongodb' } },
        { messageId: 'ioImport', line: 4, data: { layer: 'core', caller, specifier: 'mysql2/promise' } },
      ],
    },
    {
      name: 'every ambient effect in an engine layer',
      filename: core,
      code: AMBIENT_CODE,
      errors: [
        { messageId: 'readsClock', line: 1, column: 18, data: { layer: 'core', caller, code: 'Date.now()' } },
        { messageId: 'readsClock', line: 2, column: 18, data: { layer: 'core', caller, code: 'new Date()' } },
        { messageId: 'readsClock', line: 3, column: 18, data: { layer: 'core', caller, code: 'Date()' } },
        { messageId: 'readsClock', line: 4, column: 18, data: { layer: 'core', caller, code: 'performance.now()' } },
        { messageId: 'drawsRandomness', line: 5, column: 18, data: { layer: 'core', caller, code: 'Math.random()' } },
        { messageId: 'drawsRandomness', line: 6, column: 18, data: { layer: 'core', caller, code: 'crypto.randomUUID()' } },
        { messageId: 'drawsRandomness', line: 7, column: 18, data: { layer: 'core', caller, code: 'crypto.getRandomValues()' } },
        { messageId: 'drawsRandomness', line: 8, column: 18, data: { layer: 'core', caller, code: 'crypto.randomBytes()' } },
        { messageId: 'readsProcessState', line: 9, column: 18, data: { layer: 'core', caller, code: 'process.env' } },
        { messageId: 'readsProcessState', line: 10, column: 18, data: { layer: 'core', caller, code: 'process.env' } },
        { messageId: 'readsProcessState', line: 11, column: 26, data: { layer: 'core', caller, code: 'process.env' } },
        { messageId: 'readsClock', line: 12, column: 18, data: { layer: 'core', caller, code: 'process.hrtime' } },
        { messageId: 'readsProcessState', line: 13, column: 18, data: { layer: 'core', caller, code: 'process.argv' } },
        { messageId: 'schedulesWork', line: 14, column: 1, data: { layer: 'core', caller, code: 'setTimeout()' } },
        { messageId: 'schedulesWork', line: 15, column: 1, data: { layer: 'core', caller, code: 'setInterval()' } },
        { messageId: 'schedulesWork', line: 16, column: 1, data: { layer: 'core', caller, code: 'setImmediate()' } },
        { messageId: 'schedulesWork', line: 17, column: 1, data: { layer: 'core', caller, code: 'queueMicrotask()' } },
        { messageId: 'doesNetworkIo', line: 18, column: 18, data: { layer: 'core', caller, code: 'fetch()' } },
      ],
    },
    {
      name: 'every form of import of an I/O module',
      filename: core,
      code: IMPORT_CODE,
      errors: [
        { messageId: 'ioImport', line: 1, column: 16, data: { layer: 'core', caller, specifier: 'node:fs' } },
        { messageId: 'ioImport', line: 2, column: 26, data: { layer: 'core', caller, specifier: 'fs/promises' } },
        { messageId: 'ioImport', line: 3, column: 22, data: { layer: 'core', caller, specifier: 'better-sqlite3' } },
        { messageId: 'ioImport', line: 4, column: 8, data: { layer: 'core', caller, specifier: 'pg' } },
        { messageId: 'ioImport', line: 5, column: 15, data: { layer: 'core', caller, specifier: 'node:net' } },
        { messageId: 'ioImport', line: 6, column: 28, data: { layer: 'core', caller, specifier: 'axios' } },
        { messageId: 'ioImport', line: 7, column: 20, data: { layer: 'core', caller, specifier: 'child_process' } },
        { messageId: 'ioImport', line: 8, column: 21, data: { layer: 'core', caller, specifier: 'os' } },
        { messageId: 'ioImport', line: 9, column: 26, data: { layer: 'core', caller, specifier: '@aws-sdk/client-s3' } },
        { messageId: 'ioImport', line: 10, column: 25, data: { layer: 'core', caller, specifier: 'drizzle-orm/pg-core' } },
        { messageId: 'ioImport', line: 11, column: 25, data: { layer: 'core', caller, specifier: 'node:http' } },
      ],
    },
    {
      name: 'globalThis and window forms',
      filename: core,
      code: [
        "export const a = globalThis.fetch('x');",
        'globalThis.setTimeout(() => undefined);',
        'export const b = window.Date.now();',
        'export const c = globalThis.process.env.LIMIT;',
        "export const d = (globalThis as any).fetch('x');",
        'export const e = new globalThis.Date();',
        'export const f = globalThis.crypto?.randomUUID();',
        "export const g = globalThis['Math']['random']();",
      ].join('\n'),
      errors: [
        { messageId: 'doesNetworkIo', line: 1, column: 18, data: { layer: 'core', caller, code: 'fetch()' } },
        { messageId: 'schedulesWork', line: 2, column: 1, data: { layer: 'core', caller, code: 'setTimeout()' } },
        { messageId: 'readsClock', line: 3, column: 18, data: { layer: 'core', caller, code: 'Date.now()' } },
        { messageId: 'readsProcessState', line: 4, column: 18, data: { layer: 'core', caller, code: 'process.env' } },
        { messageId: 'doesNetworkIo', line: 5, column: 18, data: { layer: 'core', caller, code: 'fetch()' } },
        { messageId: 'readsClock', line: 6, column: 18, data: { layer: 'core', caller, code: 'new Date()' } },
        { messageId: 'drawsRandomness', line: 7, column: 18, data: { layer: 'core', caller, code: 'crypto.randomUUID()' } },
        { messageId: 'drawsRandomness', line: 8, column: 18, data: { layer: 'core', caller, code: 'Math.random()' } },
      ],
    },
    {
      name: 'reads without a call, and destructuring',
      filename: core,
      code: [
        'export const clock = Date.now;',
        'const { now } = Date;',
        'const { env } = process;',
        'const { fetch: get } = globalThis;',
        'export const all = [now, env, get];',
      ].join('\n'),
      errors: [
        { messageId: 'readsClock', line: 1, column: 22, data: { layer: 'core', caller, code: 'Date.now' } },
        { messageId: 'readsClock', line: 2, column: 9, data: { layer: 'core', caller, code: 'Date.now' } },
        { messageId: 'readsProcessState', line: 3, column: 9, data: { layer: 'core', caller, code: 'process.env' } },
        { messageId: 'doesNetworkIo', line: 4, column: 9, data: { layer: 'core', caller, code: 'fetch' } },
      ],
    },
    {
      name: 'effects deep inside functions, classes and default parameters',
      filename: core,
      code: [
        'export class Sampler {',
        '  pick<T>(items: T[], at = Date.now()): T | undefined {',
        '    return items[Math.floor(Math.random() * items.length)];',
        '  }',
        '}',
      ].join('\n'),
      errors: [
        { messageId: 'readsClock', line: 2, column: 28 },
        { messageId: 'drawsRandomness', line: 3, column: 29 },
      ],
    },
    {
      name: '`new Date` without parentheses reads the clock too',
      filename: core,
      code: 'export const today = new Date;',
      errors: [{ messageId: 'readsClock', line: 1, column: 22, data: { layer: 'core', caller, code: 'new Date()' } }],
    },
    {
      name: 'globals declared in the ESLint config are still globals',
      filename: core,
      code: "export const res = fetch('x');",
      languageOptions: { globals: { fetch: 'readonly' } },
      errors: [{ messageId: 'doesNetworkIo', line: 1, column: 20 }],
    },
    {
      name: 'randomness imported from node:crypto',
      filename: core,
      code: "import crypto, { randomUUID } from 'node:crypto';\nexport const a = randomUUID();\nexport const b = crypto.randomBytes(8);",
      errors: [
        { messageId: 'drawsRandomness', line: 2, column: 18, data: { layer: 'core', caller, code: 'crypto.randomUUID()' } },
        { messageId: 'drawsRandomness', line: 3, column: 18, data: { layer: 'core', caller, code: 'crypto.randomBytes()' } },
      ],
    },
    {
      name: 'an I/O import and the effect it brings are both reported',
      filename: core,
      code: "import { performance } from 'node:perf_hooks';\nexport const t = performance.now();",
      errors: [
        { messageId: 'ioImport', line: 1, column: 29 },
        { messageId: 'readsClock', line: 2, column: 18, data: { layer: 'core', caller, code: 'performance.now()' } },
      ],
    },
    {
      name: 'inline type specifiers still load the module under verbatimModuleSyntax',
      filename: core,
      code: "import { type Stats } from 'node:fs';\nexport const size = (s: Stats) => s.size;",
      settings: { plumbline: { config: ruleProjectConfig({ tsconfig: '../../../tsconfig.json', engines: { layers: ['core'] } }) } },
      errors: [{ messageId: 'ioImport', line: 1, column: 28 }],
    },
    {
      name: 'forbiddenModules replaces the list',
      filename: core,
      code: "import fs from 'node:fs';\nimport merge from 'lodash/merge';\nexport const all = [fs, merge];",
      settings: engines({ forbiddenModules: ['lodash'] }),
      errors: [{ messageId: 'ioImport', line: 2, column: 19, data: { layer: 'core', caller, specifier: 'lodash/merge' } }],
    },
    {
      name: 'extraForbiddenModules adds to the list (scope wildcard)',
      filename: core,
      code: "import fs from 'node:fs';\nimport { Storage } from '@google-cloud/storage';\nexport const all = [fs, Storage];",
      settings: engines({ extraForbiddenModules: ['@google-cloud/*'] }),
      errors: [
        { messageId: 'ioImport', line: 1, column: 16 },
        { messageId: 'ioImport', line: 2, column: 25, data: { layer: 'core', caller, specifier: '@google-cloud/storage' } },
      ],
    },
    {
      name: 'allowedModules exempts only what it names',
      filename: core,
      code: "import os from 'os';\nimport fs from 'fs';\nexport const all = [os, fs];",
      settings: engines({ allowedModules: ['node:os'] }),
      errors: [{ messageId: 'ioImport', line: 2, column: 16, data: { layer: 'core', caller, specifier: 'fs' } }],
    },
    {
      name: 'extraForbiddenCalls matches imported and global member paths',
      filename: core,
      code: [
        "import { v4 } from 'house-ids';",
        "import * as ids from 'house-ids';",
        "import { make } from 'maker';",
        'export const all = [v4(), ids.v4(), make(), ulid.monotonic()];',
      ].join('\n'),
      settings: engines({ extraForbiddenCalls: ['house-ids.v4', 'make', 'globalThis.ulid.monotonic'] }),
      errors: [
        { messageId: 'forbiddenCall', line: 4, column: 21, data: { layer: 'core', caller, code: 'house-ids.v4()' } },
        { messageId: 'forbiddenCall', line: 4, column: 27, data: { layer: 'core', caller, code: 'house-ids.v4()' } },
        { messageId: 'forbiddenCall', line: 4, column: 37, data: { layer: 'core', caller, code: 'make()' } },
        { messageId: 'forbiddenCall', line: 4, column: 45, data: { layer: 'core', caller, code: 'ulid.monotonic()' } },
      ],
    },
  ]),
});

describe('IO_MODULES', () => {
  it('names node builtins, database and HTTP clients', () => {
    for (const name of ['fs', 'child_process', 'timers', 'pg', 'better-sqlite3', 'drizzle-orm', 'axios', '@aws-sdk/*']) {
      expect(IO_MODULES).toContain(name);
    }
  });
});

describe("messages name who passes inputs in, in the config's own words", () => {
  it('the transaction owner that may import the pure layer, else every layer that may', () => {
    expect(callerOf(resolveConfig({ preset: 'hoc' }, { cwd: '/project' }), 'engines')).toBe("its caller in layer 'spine'");
    const hexagonal = resolveConfig({ preset: 'hexagonal' }, { cwd: '/project' });
    expect(callerOf(hexagonal, 'domain')).toBe("its caller in layer 'application'");
    const layers = {
      api: { paths: ['src/api/**'], mayImport: ['domain'] },
      jobs: { paths: ['src/jobs/**'], mayImport: ['domain'] },
      domain: { paths: ['src/domain/**'] },
    };
    expect(callerOf(resolveConfig({ layers }, { cwd: '/project' }), 'domain')).toBe("its caller (layer 'api' or 'jobs')");
    expect(callerOf(resolveConfig({ layers: { domain: { paths: ['src/domain/**'] } } }, { cwd: '/project' }), 'domain')).toBe('its caller');
  });
});
