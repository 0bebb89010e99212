/**
 * Where each line of a text starts, to turn a UTF-16 offset into a 1-based line and column. Line breaks are counted
 * as TypeScript and ESLint count them: CRLF, CR, LF, U+2028 and U+2029. Built once per text; each lookup is a binary
 * search.
 */
export class LineTable {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 13) {
        if (text.charCodeAt(index + 1) === 10) index++;
        this.starts.push(index + 1);
      } else if (code === 10 || code === 0x2028 || code === 0x2029) {
        this.starts.push(index + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
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
