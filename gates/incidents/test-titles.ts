import ts from 'typescript';

/** One test or suite title found in a test file, with its describe path. */
export interface TestTitle {
  /** 'outer > inner > test' */
  path: string;
  /** The last segment: the title as written. */
  title: string;
  line: number;
}

/** Callees that open a suite: their title prefixes the titles inside. */
const SUITES = new Set(['describe', 'suite', 'context']);
const TESTS = new Set(['it', 'test', 'specify']);

/**
 * The titles of `describe` / `it` / `test` calls in a test file, read from its
 * syntax (no run, no import): `it.only`, `test.each(table)('…')` and template
 * literals without substitutions count; titles built at run time cannot be read.
 */
export function findTestTitles(fileName: string, text: string): TestTitle[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const titles: TestTitle[] = [];
  const visit = (node: ts.Node, prefix: readonly string[]) => {
    if (ts.isCallExpression(node)) {
      const kind = calleeKind(node.expression);
      const first = node.arguments[0];
      const title =
        first !== undefined && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
      if (kind !== undefined && title !== undefined) {
        const path = [...prefix, title];
        titles.push({ path: path.join(' > '), title, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
        for (const argument of node.arguments.slice(1)) visit(argument, path);
        return;
      }
    }
    ts.forEachChild(node, (child) => {
      visit(child, prefix);
    });
  };
  visit(source, []);
  return titles;
}

/** 'suite' | 'test' when the callee is describe/it/test, through `.only`, `.skip`, `.each(...)` and the like. */
function calleeKind(expression: ts.Expression): 'suite' | 'test' | undefined {
  let current: ts.Expression = expression;
  for (;;) {
    if (ts.isCallExpression(current)) current = current.expression;
    else if (ts.isPropertyAccessExpression(current)) current = current.expression;
    else break;
  }
  if (!ts.isIdentifier(current)) return undefined;
  if (SUITES.has(current.text)) return 'suite';
  if (TESTS.has(current.text)) return 'test';
  return undefined;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?jsx?$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Whether an incident's test name names a title: the whole describe path, or the test's own title. */
export function matchesTestName(titles: readonly TestTitle[], name: string): boolean {
  const wanted = name.trim();
  return titles.some((title) => title.path === wanted || title.title === wanted);
}
