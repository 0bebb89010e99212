import { createHash } from 'node:crypto';
import ts from 'typescript';

/**
 * A finding's identity for the baseline: rule, file, the declarations that
 * enclose it and a hash of the offending code with whitespace collapsed. No
 * line or column takes part, so moving a function or editing other lines keeps
 * the identity; changing the offending code itself, or moving it into another
 * declaration, makes it a new finding.
 */
export interface FindingIdentity {
  rule: string;
  file: string;
  symbol: string;
  hash: string;
  /** The offending code, shortened, for reviewers of the baseline file. */
  code: string;
}

/** What the identity needs from a finding: the shared Finding shape fits. */
export interface LocatedFinding {
  ruleId: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Reads a project file's text by project path; undefined when it cannot be read. */
export type ProjectSourceReader = (projectPath: string) => string | undefined;

/** Code longer than this is cut in the baseline file (the hash still covers all of it). */
const SHOWN_CODE = 120;
/** A range over more lines than this is identified by its first line only: large flagged blocks change often. */
const MAX_RANGE_LINES = 3;

/** Identifies findings, parsing each file once. */
export function createIdentifier(readSource: ProjectSourceReader): (finding: LocatedFinding) => FindingIdentity {
  const parsed = new Map<string, { text: string; source: ts.SourceFile } | undefined>();
  const sourceOf = (file: string) => {
    if (!parsed.has(file)) {
      const text = file ? readSource(file) : undefined;
      parsed.set(file, text === undefined ? undefined : { text, source: parseSource(file, text) });
    }
    return parsed.get(file);
  };
  return (finding) => {
    const unit = finding.line > 0 && !isFileLevel(finding) ? sourceOf(finding.file) : undefined;
    if (!unit) {
      // A project-wide or file-level finding, or one in a file that cannot be read: its message is the code.
      // Digits are masked so counts in messages ("3 operations") do not change the identity.
      const code = collapse(finding.message).replace(/\d+/g, '#');
      return { rule: finding.ruleId, file: finding.file, symbol: '', hash: hashOf(code), code: shorten(code) };
    }
    const start = offsetOf(unit.source, finding.line, finding.column);
    const end = finding.endLine !== undefined ? offsetOf(unit.source, finding.endLine, finding.endColumn ?? 0) : undefined;
    const code = collapse(snippet(unit.text, start, end));
    return { rule: finding.ruleId, file: finding.file, symbol: symbolPath(unit.source, start), hash: hashOf(code), code: shorten(code) };
  };
}

/**
 * A finding about a whole file (an orphan module, a banned or unassigned file) sits at 1:1 with no end:
 * the first line is a placeholder, so editing it must not change the identity.
 */
function isFileLevel(finding: LocatedFinding): boolean {
  return finding.line === 1 && finding.column <= 1 && finding.endLine === undefined;
}

function parseSource(file: string, text: string): ts.SourceFile {
  const kind = /\.tsx$/.test(file)
    ? ts.ScriptKind.TSX
    : /\.(jsx)$/.test(file)
      ? ts.ScriptKind.JSX
      : /\.[cm]?js$/.test(file)
        ? ts.ScriptKind.JS
        : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
}

/** Offset of a 1-based line and 1-based column (0: the line's start), clamped into the text. */
function offsetOf(source: ts.SourceFile, line: number, column: number): number {
  const starts = source.getLineStarts();
  const lineIndex = Math.min(Math.max(line - 1, 0), starts.length - 1);
  const lineStart = starts[lineIndex] ?? 0;
  const lineEnd = lineIndex + 1 < starts.length ? (starts[lineIndex + 1] ?? source.text.length) : source.text.length;
  return Math.min(lineStart + Math.max(column - 1, 0), lineEnd);
}

/** The flagged code: the finding's range when it is short, else (or without a range) the rest of its first line. */
function snippet(text: string, start: number, end: number | undefined): string {
  const lineEnd = text.indexOf('\n', start);
  const restOfLine = text.slice(start, lineEnd < 0 ? text.length : lineEnd);
  if (end === undefined || end <= start) return restOfLine.trim() === '' ? lineAround(text, start) : restOfLine;
  const range = text.slice(start, end);
  return range.split('\n').length > MAX_RANGE_LINES ? restOfLine : range;
}

function lineAround(text: string, offset: number): string {
  const from = text.lastIndexOf('\n', offset - 1) + 1;
  const to = text.indexOf('\n', offset);
  return text.slice(from, to < 0 ? text.length : to);
}

function collapse(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

function shorten(code: string): string {
  return code.length > SHOWN_CODE ? `${code.slice(0, SHOWN_CODE - 1)}…` : code;
}

function hashOf(code: string): string {
  return createHash('sha256').update(code).digest('hex').slice(0, 12);
}

/**
 * Declarations enclosing an offset, outermost first: `class Foo > method bar`.
 * Inside a function body only nested functions and classes count: local
 * variables are implementation detail, and renaming one must not move a finding.
 */
export function symbolPath(source: ts.SourceFile, offset: number): string {
  const path: string[] = [];
  let node: ts.Node = source;
  let insideFunction = false;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (candidate) =>
      candidate.getStart(source) <= offset && offset < candidate.getEnd() ? candidate : undefined,
    );
    if (!child) break;
    const label = declarationLabel(child, source);
    const local = ts.isVariableDeclaration(child) || ts.isPropertyAssignment(child) || ts.isShorthandPropertyAssignment(child);
    if (label && !(insideFunction && local)) path.push(label);
    if (ts.isFunctionLike(child)) insideFunction = true;
    node = child;
  }
  return path.join(' > ');
}

function declarationLabel(node: ts.Node, source: ts.SourceFile): string | undefined {
  const name = (named: { name?: ts.Node }) => (named.name ? nameText(named.name, source) : '(anonymous)');
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return `class ${name(node)}`;
  if (ts.isFunctionDeclaration(node)) return `function ${name(node)}`;
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) return `method ${name(node)}`;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isGetAccessorDeclaration(node)) return `get ${name(node)}`;
  if (ts.isSetAccessorDeclaration(node)) return `set ${name(node)}`;
  if (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) return `property ${name(node)}`;
  if (ts.isInterfaceDeclaration(node)) return `interface ${name(node)}`;
  if (ts.isTypeAliasDeclaration(node)) return `type ${name(node)}`;
  if (ts.isEnumDeclaration(node)) return `enum ${name(node)}`;
  if (ts.isModuleDeclaration(node)) return `namespace ${name(node)}`;
  if (ts.isVariableDeclaration(node)) return `variable ${name(node)}`;
  if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) return `property ${name(node)}`;
  return undefined;
}

function nameText(name: ts.Node, source: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return JSON.stringify(name.text);
  return collapse(name.getText(source));
}
