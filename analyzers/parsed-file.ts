import type { Program } from 'oxc-parser';
import { LineTable } from '../core/line-table.js';

/** One parsed file: the tree, its text and a line table for 1-based positions. */
export class ParsedFile {
  private lines: LineTable | undefined;

  constructor(
    readonly text: string,
    readonly program: Program,
  ) {}

  /** 1-based line and UTF-16 column of an offset; line breaks as TypeScript counts them (CR, LF, CRLF, LS, PS). */
  position(offset: number): { line: number; column: number } {
    return (this.lines ??= new LineTable(this.text)).position(offset);
  }
}
