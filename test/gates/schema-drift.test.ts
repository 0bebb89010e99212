import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compareSchema } from '../../gates/schema-drift/compare-schema.js';
import { modelFromDrizzle } from '../../gates/schema-drift/model-from-drizzle.js';
import { modelFromKysely } from '../../gates/schema-drift/model-from-kysely.js';
import { dataProject, keys, schemaDriftFindings } from '../helpers/data-gates.js';

const DRIZZLE_SQLITE = `import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name'),
  karma: real('karma').notNull().default(0),
}, (t) => [index('users_by_name').on(t.displayName)]);

export const posts = sqliteTable('posts', {
  authorId: integer('author_id').notNull().references(() => users.id),
  slug: text('slug').notNull(),
  status: text('status').notNull().default('draft'),
}, (t) => ({
  pk: primaryKey({ columns: [t.authorId, t.slug] }),
  byStatus: uniqueIndex('posts_by_status').on(t.status, t.slug),
}));
`;

const SQLITE_DDL = `
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT, karma REAL NOT NULL DEFAULT 0);
CREATE INDEX users_by_name ON users (display_name);
CREATE TABLE posts (author_id INTEGER NOT NULL REFERENCES users (id), slug TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'draft', PRIMARY KEY (author_id, slug));
CREATE UNIQUE INDEX posts_by_status ON posts (status, slug);
`;

const KYSELY = `import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  karma: ColumnType<number, number | undefined, number>;
}

interface PostsTable {
  author_id: number;
  slug: string;
  status: 'draft' | 'published';
}

export interface Database {
  users: UsersTable;
  posts: PostsTable;
}
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>, ddl: string) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'plumbline-models-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  const db = new Database(path.join(root, 'app.sqlite'));
  db.exec(ddl);
  db.close();
  return root;
}

describe('Drizzle model source (read with ts-morph, never imported)', () => {
  it('reads tables, columns, keys, defaults, references and indexes', async () => {
    const root = project({ 'schema.ts': DRIZZLE_SQLITE }, '');
    const { model, problems } = await modelFromDrizzle(root, ['schema.ts']);
    expect(problems).toEqual([]);
    expect(model?.tables).toEqual([
      {
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', rawType: 'integer', nullable: false, default: null },
          { name: 'email', type: 'text', rawType: 'text', nullable: false, default: null },
          { name: 'display_name', type: 'text', rawType: 'text', nullable: true, default: null },
          { name: 'karma', type: 'real', rawType: 'real', nullable: false, default: '0' },
        ],
        primaryKey: ['id'],
        uniques: [['email']],
        foreignKeys: [],
        indexes: [{ name: 'users_by_name', columns: ['display_name'], unique: false }],
      },
      {
        name: 'posts',
        columns: [
          { name: 'author_id', type: 'integer', rawType: 'integer', nullable: false, default: null },
          { name: 'slug', type: 'text', rawType: 'text', nullable: false, default: null },
          { name: 'status', type: 'text', rawType: 'text', nullable: false, default: "'draft'" },
        ],
        primaryKey: ['author_id', 'slug'],
        uniques: [],
        foreignKeys: [{ columns: ['author_id'], refTable: 'users', refColumns: ['id'] }],
        indexes: [{ name: 'posts_by_status', columns: ['status', 'slug'], unique: true }],
      },
    ]);
    expect(model?.locate('users.display_name')).toEqual({ file: 'schema.ts', line: 6 });
  });

  it('matches its database with no finding, and reports drift at the Drizzle line', async () => {
    const root = project({ 'schema.ts': DRIZZLE_SQLITE }, SQLITE_DDL);
    const gates = { 'schema-drift': { models: [{ kind: 'drizzle' as const, files: ['schema.ts'] }] } };
    const clean = dataProject({}, { db: `sqlite:${path.join(root, 'app.sqlite')}` }, gates);
    dirs.push(clean.root);
    writeFileSync(path.join(clean.root, 'schema.ts'), DRIZZLE_SQLITE);
    expect(await schemaDriftFindings(clean.config)).toEqual([]);
    const drifted = new Database(path.join(root, 'app.sqlite'));
    drifted.exec(
      'DROP INDEX users_by_name; ALTER TABLE users ADD COLUMN bio TEXT; DROP INDEX posts_by_status; ALTER TABLE posts DROP COLUMN status',
    );
    drifted.close();
    const findings = await schemaDriftFindings(clean.config);
    expect(keys(findings)).toEqual([
      'schema-drift/extra-column warning schema.ts:3',
      'schema-drift/index warning schema.ts:16',
      'schema-drift/index warning schema.ts:8',
      'schema-drift/missing-column error schema.ts:13',
    ]);
    expect(findings.every((f) => f.message.startsWith('[drizzle] '))).toBe(true);
  });

  it('reports what it cannot read statically instead of guessing', async () => {
    const root = project(
      { 'schema.ts': "import { pgTable } from 'drizzle-orm/pg-core';\nconst name = 'x';\nexport const t = pgTable(name, columns);\n" },
      '',
    );
    const { problems } = await modelFromDrizzle(root, ['schema.ts']);
    expect(problems).toEqual([
      {
        file: 'schema.ts',
        line: 3,
        message: 'drizzle: a table needs a string literal name and an object literal of columns to be read statically',
      },
    ]);
  });

  it('reads pgTable types: timestamps with time zone, serials, uuid, jsonb', async () => {
    const root = project(
      {
        'pg.ts': `export const events = pgTable('events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actor: uuid('actor').notNull(),
  body: jsonb('body'),
  score: doublePrecision('score'),
});`,
      },
      '',
    );
    const { model } = await modelFromDrizzle(root, ['pg.ts']);
    expect(model?.tables[0]?.columns.map((c) => [c.name, c.type, c.nullable, c.default])).toEqual([
      ['id', 'bigint', false, undefined],
      ['at', 'timestamptz', false, 'current_timestamp'],
      ['actor', 'uuid', false, null],
      ['body', 'json', true, null],
      ['score', 'real', true, null],
    ]);
  });
});

describe('Kysely model source (the Database interface, read with ts-morph)', () => {
  it('reads tables and columns as type families, nullability from | null', async () => {
    const root = project({ 'db.ts': KYSELY }, '');
    const { model, problems } = await modelFromKysely(root, ['db.ts'], 'Database');
    expect(problems).toEqual([]);
    expect(model?.coverage).toEqual({ keys: false, indexes: false, defaults: false });
    expect(model?.tables.map((t) => [t.name, t.columns.map((c) => `${c.name}:${c.type}${c.nullable ? '?' : ''}`)])).toEqual([
      ['users', ['id:family:number', 'email:family:string', 'display_name:family:string?', 'karma:family:number']],
      ['posts', ['author_id:family:number', 'slug:family:string', 'status:family:string']],
    ]);
  });

  it('matches its database, and reports a type that no longer fits and a missing table', async () => {
    const root = project({ 'db.ts': KYSELY }, SQLITE_DDL);
    const gates = { 'schema-drift': { models: [{ kind: 'kysely' as const, files: ['db.ts'] }] } };
    const setup = dataProject({ 'db.ts': KYSELY }, { db: `sqlite:${path.join(root, 'app.sqlite')}` }, gates);
    dirs.push(setup.root);
    expect(await schemaDriftFindings(setup.config)).toEqual([]);
    const db = new Database(path.join(root, 'app.sqlite'));
    db.exec('ALTER TABLE users DROP COLUMN karma; ALTER TABLE users ADD COLUMN karma BLOB; DROP TABLE posts');
    db.close();
    expect(keys(await schemaDriftFindings(setup.config))).toEqual([
      'schema-drift/missing-table error db.ts:18',
      'schema-drift/nullability error db.ts:7',
      'schema-drift/type error db.ts:7',
    ]);
  });

  it('names a missing interface', async () => {
    const root = project({ 'db.ts': KYSELY }, '');
    const { problems } = await modelFromKysely(root, ['db.ts'], 'DB');
    expect(problems).toEqual([{ file: '', line: 0, message: "kysely: no interface or type 'DB' in db.ts" }]);
  });
});

describe('compareSchema', () => {
  it('strict makes every difference an error', async () => {
    const root = project({ 'schema.ts': DRIZZLE_SQLITE }, '');
    const { model } = await modelFromDrizzle(root, ['schema.ts']);
    const actual = {
      tables: [
        { ...model!.tables[0]!, indexes: [] },
        model!.tables[1]!,
        { name: 'extra', columns: [], primaryKey: [], uniques: [], foreignKeys: [], indexes: [] },
      ],
    };
    const loose = compareSchema(model!, actual, { ignoreTables: [], extraTables: 'warning', strict: false });
    const strict = compareSchema(model!, actual, { ignoreTables: [], extraTables: 'warning', strict: true });
    expect(loose.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(strict.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(compareSchema(model!, actual, { ignoreTables: ['extra'], extraTables: 'warning', strict: false })).toHaveLength(1);
  });
});
