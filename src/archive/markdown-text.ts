/**
 * Issue text as it goes into the knowledge base's Markdown. Case text stays Markdown (people
 * wrote it so), but no HTML: every `&` and `<` is escaped, so a title or a root cause can hold
 * neither a tag, nor an entity, nor the archive's own markers. Inline text (titles, keywords,
 * table cells, link text) is also kept on one line and cannot close a link or a table cell.
 */

/** A block of Markdown from an issue, with HTML escaped. */
export function blockText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").trim();
}

/** One line of text from an issue, safe in a heading, a list item, a table cell and link text. */
export function inlineText(text: string): string {
  return blockText(text)
    .replace(/\s+/g, " ")
    .replace(/[\\[\]|`*_]/g, (c) => `\\${c}`);
}

/** Business minutes as people read them: `45 min`, `3 h 20 min`. */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return "—";
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}
