/**
 * Whether a stream is a terminal. Node's types say `isTTY` is a boolean, but on a pipe or a file it is undefined,
 * so the parameter admits that and the comparison stays explicit.
 */
export function isTerminal(stream: { readonly isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}
