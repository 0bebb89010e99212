import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactSecrets } from '../../../gates/shared/database/connection-url.js';
import { loadContract } from '../../../gates/shared/database/contract-load.js';
import { contractDefault, normaliseDefault } from '../../../gates/shared/database/default-expression.js';
import { quoteIdentifier, UnsafeIdentifierError } from '../../../gates/shared/database/identifiers.js';
import { introspect } from '../../../gates/shared/database/introspect.js';
import { openSession } from '../../../gates/shared/database/open-session.js';
import { canonicalType, typeSatisfies } from '../../../gates/shared/database/type-mapping.js';
import { populationStabilityIndex } from '../../../gates/data-quality/population-stability.js';
import { readProfileSnapshot, writeProfileSnapshot } from '../../../gates/data-quality/profile-file.js';
import { dataQualityGate } from '../../../gates/data-quality/gate.js';
import { schemaDriftGate } from '../../../gates/schema-drift/gate.js';
import { dataProject, dataQualityFindings, gateContext, keys, schemaDriftFindings } from '../../helpers/data-gates.js';
import { runGateAlone } from '../../../gates/runner/gate-contract.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'plumbline-db-basics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('data contracts', () => {
  it('loads YAML with the line of every table and column', async () => {
    const file = write(
      'ok.yaml',
      'tables:\n  users:\n    columns:\n      id: { type: integer, primaryKey: true }\n      email: { type: varchar(200) }\n',
    );
    const { loaded, problems } = await loadContract(dir, file);
    expect(problems).toEqual([]);
    expect(loaded?.contract.tables.users?.columns.email).toEqual({ type: 'varchar(200)', nullable: false });
    expect([...loaded!.lines.entries()]).toEqual([
      ['users', 2],
      ['users#columns', 3],
      ['users.id', 4],
      ['users.email', 5],
    ]);
  });

  it('loads a TypeScript contract written with defineDataContract from plumbline', async () => {
    const file = write(
      'contract.ts',
      "import { defineDataContract } from '@plumbline-kit/plumbline';\n\nexport default defineDataContract({\n  tables: {\n    users: {\n      columns: {\n        id: { type: 'integer', primaryKey: true },\n        email: { type: 'text', expect: { unique: true } },\n      },\n    },\n  },\n});\n",
    );
    const { loaded, problems } = await loadContract(dir, file);
    expect(problems).toEqual([]);
    expect(loaded?.lines.get('users.email')).toBe(8);
  });

  it('names each problem with its file and line', async () => {
    const file = write(
      'bad.yaml',
      'tables:\n  users:\n    columns:\n      id: { type: integer, nullable: maybe }\n    primaryKey: [uid]\n  "users; DROP TABLE x":\n    columns:\n      a: { type: text }\n',
    );
    const { loaded, problems } = await loadContract(dir, file);
    expect(loaded).toBeUndefined();
    expect(problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '4 invalid data contract at tables.users.columns.id.nullable: Invalid input: expected boolean, received string',
      '6 invalid data contract at tables.users; DROP TABLE x: an identifier holds only letters, digits and _ and does not start with a digit',
    ]);
  });

  it('checks that keys and indexes name declared columns', async () => {
    const file = write(
      'cols.yaml',
      'tables:\n  users:\n    columns:\n      id: { type: integer }\n    primaryKey: [uid]\n    indexes:\n      - { columns: [id, mail] }\n',
    );
    expect((await loadContract(dir, file)).problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      "5 invalid data contract at tables.users.primaryKey[0]: unknown column 'uid'",
      "6 invalid data contract at tables.users.indexes[0].columns[1]: unknown column 'mail'",
    ]);
  });

  it('reports invalid YAML and a duplicate key as problems, not crashes', async () => {
    expect((await loadContract(dir, write('broken.yaml', 'tables:\n  users: [\n'))).problems[0]?.message).toMatch(/^invalid YAML/);
    expect(
      (
        await loadContract(
          dir,
          write('dup.yaml', 'tables:\n  a: { columns: { x: { type: text } } }\n  a: { columns: { y: { type: text } } }\n'),
        )
      ).problems[0],
    ).toMatchObject({ line: 3 });
    expect((await loadContract(dir, path.join(dir, 'missing.yaml'))).problems[0]?.message).toMatch(/cannot read the data contract/);
  });
});

describe('connection URLs and secrets', () => {
  it('parses sqlite: relative to the root and postgres:// with a schema, masking the password', () => {
    expect(parseDatabaseUrl('sqlite:db/app.sqlite', { root: '/p' })).toEqual({
      dialect: 'sqlite',
      file: '/p/db/app.sqlite',
      display: 'sqlite:db/app.sqlite',
    });
    const pg = parseDatabaseUrl('postgres://app:p%40ss@db:5432/app?schema=billing', { root: '/p' });
    expect(pg).toMatchObject({ dialect: 'postgres', schema: 'billing', password: 'p@ss', display: 'postgres://app:***@db:5432/app' });
    expect(pg.dialect === 'postgres' && pg.url).toBe('postgres://app:p%40ss@db:5432/app');
  });

  it('reads env:NAME, and refuses unknown schemes, a bad schema name and an unset variable', () => {
    expect(parseDatabaseUrl('env:APP_DB', { root: '/p', env: { APP_DB: 'sqlite:x.db' } })).toMatchObject({ file: '/p/x.db' });
    expect(() => parseDatabaseUrl('env:APP_DB', { root: '/p', env: {} })).toThrow(
      'the environment variable APP_DB (named by env:APP_DB) is not set',
    );
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db', { root: '/p' })).toThrow("unsupported database URL 'mysql://u:***@h/db'");
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop', { root: '/p' })).toThrow('unsafe schema name');
  });

  it('redacts passwords from any message', () => {
    expect(redactSecrets('failed for postgres://u:hunter2@h/db and again hunter2', 'hunter2')).toBe(
      'failed for postgres://u:***@h/db and again ***',
    );
  });
});

describe('identifiers, types and defaults', () => {
  it('quotes safe identifiers and rejects everything else', () => {
    expect(quoteIdentifier('order_items')).toBe('"order_items"');
    for (const bad of ['a"b', 'x; DROP TABLE y', '1abc', '', 'a b', 'ü']) expect(() => quoteIdentifier(bad)).toThrow(UnsafeIdentifierError);
  });

  it('maps SQLite and PostgreSQL type names to canonical types', () => {
    expect(
      ['INTEGER', 'BIGINT', 'VARCHAR(20)', 'NVARCHAR(5)', 'DOUBLE', 'BOOLEAN', 'DATETIME', 'BLOB', '', 'DECIMAL(10,2)', 'WHATEVER'].map(
        (t) => canonicalType(t, 'sqlite'),
      ),
    ).toEqual(['integer', 'bigint', 'text', 'text', 'real', 'boolean', 'timestamp', 'bytes', 'bytes', 'numeric', 'numeric']);
    expect(
      ['int4', 'int8', 'float8', 'bpchar', 'timestamptz', 'jsonb', 'bytea', 'character varying', '_int4', 'tsvector'].map((t) =>
        canonicalType(t, 'postgres'),
      ),
    ).toEqual(['integer', 'bigint', 'real', 'text', 'timestamptz', 'json', 'bytes', 'text', 'array', 'tsvector']);
    expect(typeSatisfies('family:number', 'real')).toBe(true);
    expect(typeSatisfies('family:number', 'text')).toBe(false);
  });

  it('normalises defaults the way both databases print them', () => {
    expect(normaliseDefault("'open'::text")).toBe("'open'");
    expect(normaliseDefault('(0)')).toBe('0');
    expect(normaliseDefault('now()')).toBe('current_timestamp');
    expect(normaliseDefault('CURRENT_TIMESTAMP')).toBe('current_timestamp');
    expect(contractDefault("it's")).toBe("'it''s'");
    expect(contractDefault(false)).toBe('false');
    expect(contractDefault(null)).toBeNull();
  });
});

describe('population stability index', () => {
  it('is 0 for the same shape and grows with the shift', () => {
    expect(populationStabilityIndex([10, 20, 30], [20, 40, 60])).toBeCloseTo(0, 10);
    const small = populationStabilityIndex([50, 50], [55, 45]);
    const large = populationStabilityIndex([50, 50], [90, 10]);
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(populationStabilityIndex([0, 0], [1, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('profile snapshots', () => {
  it('round-trips byte-identically and refuses missing or corrupt files', () => {
    const file = path.join(dir, 'profiles/p.json');
    const profile = {
      schemaVersion: 1 as const,
      tables: { t: { rowCount: 2, columns: { c: { nulls: 0, distinct: 2, min: 1, max: 2, top: [{ value: 1, count: 1 }] } } } },
    };
    writeProfileSnapshot(file, profile);
    expect(readProfileSnapshot(file)).toEqual(profile);
    expect(() => readProfileSnapshot(path.join(dir, 'none.json'))).toThrow(/no data-profile snapshot/);
    expect(() => readProfileSnapshot(write('bad.json', '{"schemaVersion": 2, "tables": {}}'))).toThrow(/corrupt at schemaVersion/);
  });
});

describe('SQLite sessions', () => {
  it('open read-only: a write fails and the file is unchanged', async () => {
    const file = path.join(dir, 'ro.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a')");
    db.close();
    const session = await openSession(parseDatabaseUrl(`sqlite:${file}`, { root: dir }), { statementTimeoutMs: 1000 });
    await expect(session.query('DELETE FROM t')).rejects.toThrow(/readonly|read-only|query_only/i);
    expect(await session.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);
    expect((await introspect(session)).tables.map((t) => t.name)).toEqual(['t']);
    await session.close();
  });

  it('a missing file and a file that is no database are clear findings in both gates', async () => {
    const missing = dataProject(
      { 'c.yaml': 'tables:\n  t:\n    columns:\n      id: { type: integer }\n' },
      { db: 'sqlite:nope.sqlite', contracts: ['c.yaml'] },
    );
    const findings = [...(await schemaDriftFindings(missing.config)), ...(await dataQualityFindings(missing.config))];
    expect(keys(findings)).toEqual(['data-quality/database error :0', 'schema-drift/database error :0']);
    expect(findings[0]?.message).toBe(`SQLite database sqlite:nope.sqlite does not exist (${path.join(missing.root, 'nope.sqlite')})`);
    writeFileSync(path.join(missing.root, 'nope.sqlite'), 'this is not a database, just text that is long enough to have a header');
    expect((await dataQualityFindings(missing.config))[0]?.message).toMatch(
      /cannot open SQLite database sqlite:nope.sqlite: file is not a database/,
    );
    missing.remove();
  });

  it('no data section: nothing to check (not run, not passed); a data section without contracts: an error', async () => {
    const none = dataProject({}, undefined);
    expect(await runGateAlone(dataQualityGate, gateContext(none.config))).toMatchObject({
      findings: [],
      nothingToCheck: 'not configured: no `data` section in the config, so no expectation was checked',
    });
    expect(await runGateAlone(schemaDriftGate, gateContext(none.config))).toMatchObject({
      findings: [],
      nothingToCheck: 'not configured: no `data` section in the config, so no database was compared',
    });
    none.remove();
    const empty = dataProject({}, { db: 'sqlite:x.sqlite', contracts: ['*.yaml'] });
    expect(keys(await dataQualityFindings(empty.config))).toContain('data-quality/contract error :0');
    empty.remove();
  });
});
