import type { Program } from 'oxc-parser';

/** One parsed file: the tree, its text and a line table for 1-based positions. */
export class ParsedFile {
  private lineStarts: number[] | undefined;

  constructor(
    readonly text: string,
    readonly program: Program,
  ) {}

  /** 1-based line and UTF-16 column of an offset; line breaks as TypeScript counts them (CR, LF, CRLF, LS, PS). */
  position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 13) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    } else if (code === 10 || code === 0x2028 || code === 0x2029) {
      starts.push(index + 1);
    }
  }
  return starts;
}
