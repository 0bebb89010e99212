import fc from 'fast-check';

/**
 * Generators of TypeScript sources for fuzzing the static side: valid programs
 * from a small grammar that touches what the rules and analyzers look at
 * (imports across layers, defineOperation, registry calls, transactions,
 * impure calls, barrels), then mutilated: truncated, bytes flipped, nested
 * thousands deep, blown up to a megabyte, re-encoded, BOM'd, CRLF'd.
 */

export interface FuzzCase {
  /** Project-relative file name the source is linted as (it decides the layer). */
  file: string;
  text: string;
  /** The mutilations applied, for the failure report. */
  shape: string;
}

const identifier = fc.constantFrom('a', 'b', 'value', 'input', 'ctx', 'db', 'uow', 'tx', 'registry', 'policy', 'x1', '$y', '_z', 'évaluer');
const operationId = fc.oneof(
  fc.constantFrom('policies.evaluate', 'controls.check', 'incidents.open', 'logs.append', 'Bad Id', '', 'a.b.c.d'),
  fc.string({ maxLength: 12 }),
);
const specifier = fc.constantFrom(
  '@plumbline-kit/runtime',
  '@plumbline-kit/plumbline',
  'zod',
  'node:fs',
  'fs',
  'pg',
  'axios',
  '../drivers/repository.js',
  '../../spine/orchestrator.js',
  '../../../models/policy.js',
  '../engines/decide.js',
  './index.js',
  '../../policies/index.js',
  '../../controls/engines/internal.js',
  '#internal',
  '@app/models',
  '',
);
const literal = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', 'null', 'undefined', '`tpl ${1}`', '/re[g]+/u', '10n'),
);

const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    identifier,
    fc.tuple(identifier, identifier).map(([o, m]) => `${o}.${m}`),
    fc.constantFrom('Date.now()', 'Math.random()', 'process.env.SECRET', 'new Date()', 'crypto.randomUUID()', 'performance.now()'),
    fc.constantFrom(
      'db.commit()',
      'db.rollback()',
      'tx.commit()',
      'uow.run(() => 1)',
      "db.exec('COMMIT')",
      "client.query('BEGIN')",
      'em.flush()',
    ),
    fc.tuple(identifier, fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(operationId, tie('expr')).map(([id, arg]) => `registry.execute(${JSON.stringify(id)}, ${arg}, ctx)`),
    fc.tuple(tie('expr'), tie('expr')).map(([l, r]) => `(${l} + ${r})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(identifier, tie('expr')), { maxLength: 3 }).map((props) => `{ ${props.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
    fc.tuple(identifier, tie('expr')).map(([p, body]) => `(${p}) => ${body}`),
    fc.tuple(identifier, tie('expr')).map(([p, body]) => `async (${p}: unknown) => await ${body}`),
    tie('expr').map((e) => `import(${e})`),
  ),
})).expr;

const operationDeclaration = fc
  .record({
    name: identifier,
    id: operationId,
    owner: fc.constantFrom('policies', 'controls', 'nobody', ''),
    critical: fc.boolean(),
    spec: fc.boolean(),
    invariant: fc.boolean(),
    body: expression,
  })
  .map(
    (op) =>
      `export const ${op.name} = defineOperation({\n  id: ${JSON.stringify(op.id)},\n  owner: ${JSON.stringify(op.owner)},\n  critical: ${op.critical},\n` +
      (op.spec
        ? `  spec: { pre: [{ id: 'PRE-1', condition: (i) => !!i }], post: [], forbidden: [{ id: 'F-1', condition: () => false }] },\n`
        : '') +
      (op.invariant ? `  invariants: [{ id: 'INV-1', severity: 'high', condition: () => true, remediation: 'fix it' }],\n` : '') +
      `  handler: (input, ctx) => ${op.body},\n});\n`,
  );

const statement: fc.Arbitrary<string> = fc.letrec((tie) => ({
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(identifier, expression).map(([n, e]) => `const ${n} = ${e};`),
    expression.map((e) => `${e};`),
    fc.tuple(expression, fc.array(tie('stmt'), { maxLength: 3 })).map(([c, body]) => `if (${c}) {\n${body.join('\n')}\n}`),
    fc
      .tuple(identifier, fc.array(tie('stmt'), { maxLength: 3 }), expression)
      .map(([n, body, ret]) => `export function ${n}(input: unknown, ctx: any): unknown {\n${body.join('\n')}\nreturn ${ret};\n}`),
    fc
      .tuple(identifier, fc.array(tie('stmt'), { maxLength: 2 }))
      .map(([n, body]) => `export class ${n}Repo {\n  run(db: any) {\n${body.join('\n')}\n  }\n}`),
    fc
      .array(tie('stmt'), { maxLength: 3 })
      .map((body) => `try {\n${body.join('\n')}\n} catch (error) {\n  throw error;\n} finally {\n  db.rollback();\n}`),
    fc.tuple(identifier, identifier).map(([a, b]) => `export type ${a}T = { ${b}: string } | null;`),
    identifier.map((n) => `export interface I${n} { readonly id: string; run(): Promise<void> }`),
    operationDeclaration,
    fc.tuple(identifier, specifier).map(([n, s]) => `export { ${n} } from ${JSON.stringify(s)};`),
    specifier.map((s) => `export * from ${JSON.stringify(s)};`),
    identifier.map((n) => `registry.register(${n});`),
    expression.map((e) => `export default ${e};`),
  ),
})).stmt;

const importLine = fc
  .tuple(fc.constantFrom('import', 'import type'), fc.array(identifier, { minLength: 1, maxLength: 3 }), specifier)
  .map(([kind, names, from]) => `${kind} { ${[...new Set(names)].join(', ')} } from ${JSON.stringify(from)};`);

/** A syntactically plausible program (most are valid TypeScript; some are not, by design of the grammar's edges). */
export const programArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.array(importLine, { maxLength: 5 }), fc.boolean(), fc.array(statement, { minLength: 1, maxLength: 8 }))
  .map(
    ([imports, withDefine, body]) =>
      [...imports, withDefine ? "import { defineOperation } from '@plumbline-kit/runtime';" : '', ...body].filter(Boolean).join('\n') +
      '\n',
  );

/** Files in every layer of the hoc preset, plus unassigned and banned names. */
export const fileArbitrary = fc.constantFrom(
  'src/gateway/server.ts',
  'src/api/routes.ts',
  'src/spine/orchestrator.ts',
  'src/spine/operations/policies/evaluate.ts',
  'src/domains/policies/engines/decide.ts',
  'src/domains/policies/drivers/repository.ts',
  'src/domains/policies/index.ts',
  'src/models/policy.ts',
  'src/unassigned/thing.ts',
  'src/domains/policies/engines/pricing_service.ts',
  'src/api/view.tsx',
  'src/models/legacy.mts',
);

type Mutilation = (text: string) => fc.Arbitrary<string>;

const mutilations: Record<string, Mutilation> = {
  none: (text) => fc.constant(text),
  truncate: (text) => fc.nat({ max: Math.max(0, text.length) }).map((at) => text.slice(0, at)),
  flip: (text) =>
    fc
      .array(fc.tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.integer({ min: 0, max: 0xffff })), { minLength: 1, maxLength: 8 })
      .map((flips) => {
        const chars = [...text];
        for (const [at, code] of flips) if (chars.length > 0) chars[at % chars.length] = String.fromCharCode(code);
        return chars.join('');
      }),
  nest: () =>
    fc
      .tuple(fc.constantFrom('(', '[', '{', '!', '-', 'a?b:', '(() => ', '<T>', '`${'), fc.integer({ min: 500, max: 5000 }), fc.boolean())
      .map(([open, depth, closed]) => {
        const close: Record<string, string> = { '(': ')', '[': ']', '{': '}', '(() => ': ')', '`${': '}`' };
        const tail = closed ? (close[open] ?? '').repeat(depth) : '';
        return `export const deep = ${open.repeat(depth)}1${tail};\n`;
      }),
  huge: (text) => fc.constant(text.length === 0 ? '' : text.repeat(Math.ceil((1024 * 1024) / text.length)).slice(0, 1024 * 1024)),
  bom: (text) => fc.constant(`\uFEFF${text}`),
  crlf: (text) => fc.constant(text.replace(/\n/g, '\r\n')),
  mixedEol: (text) => fc.constant(text.replace(/\n/g, (_, at: number) => ['\n', '\r\n', '\r', '\u2028'][at % 4] as string)),
  // Bytes of another encoding read as UTF-8: latin-1 bytes give replacement characters, UTF-16 gives NULs.
  latin1: (text) => fc.constant(new TextDecoder('utf-8').decode(Buffer.from(text, 'latin1'))),
  utf16: (text) => fc.constant(new TextDecoder('utf-8').decode(Buffer.from(`\uFEFF${text}`, 'utf16le'))),
  loneSurrogates: (text) => fc.nat({ max: text.length }).map((at) => `${text.slice(0, at)}\uD800'\uDFFF${text.slice(at)}`),
  nul: (text) => fc.nat({ max: text.length }).map((at) => `${text.slice(0, at)}\0\0${text.slice(at)}`),
  empty: () => fc.constantFrom('', '\n', '\uFEFF', '\r\n\r\n', ' '),
};

/** How often each mutilation is drawn: mostly plain and slightly damaged programs, a few very large ones (they are slow to lint). */
const weights: Record<keyof typeof mutilations, number> = {
  none: 120,
  truncate: 60,
  flip: 60,
  nest: 16,
  huge: 1,
  bom: 20,
  crlf: 20,
  mixedEol: 16,
  latin1: 16,
  utf16: 12,
  loneSurrogates: 16,
  nul: 12,
  empty: 8,
};

/**
 * Fuzz cases; without `huge` (1 MB files take 10-30 s each to lint on a loaded machine: the long run has them, the bounded
 * test does not).
 */
export function fuzzCaseArbitrary(options: { huge: boolean }): fc.Arbitrary<FuzzCase> {
  const shapes = Object.entries(weights).filter(([name]) => options.huge || name !== 'huge');
  return fc
    .tuple(fileArbitrary, programArbitrary, fc.oneof(...shapes.map(([name, weight]) => ({ arbitrary: fc.constant(name), weight }))))
    .chain(([file, program, shape]) => (mutilations[shape] as Mutilation)(program).map((text) => ({ file, text, shape })));
}
