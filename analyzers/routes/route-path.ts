/** Joins route path parts the way routers do: one slash between parts, none at the end (but for the root). */
export function joinRoutePath(...parts: readonly string[]): string {
  const segments = parts.flatMap((part) => part.split('/')).filter((segment) => segment !== '');
  return `/${segments.join('/')}`;
}
