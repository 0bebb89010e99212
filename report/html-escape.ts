/**
 * Escapes text for an HTML text node or a double-quoted attribute value.
 * Everything that is not markup Plumbline wrote goes through here: finding
 * messages, file names, metric values, layer names.
 */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return (
    String(value ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Control characters other than tab and newline are not allowed in HTML text.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
  );
}
