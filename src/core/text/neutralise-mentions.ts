/**
 * Mentions typed into issue text must not ping anyone through the tool: `@org/team` or `@login`
 * copied into a comment the tool writes is broken with a zero-width joiner after the `@`.
 */
const MENTION_RE = /(^|[^\w`])@(?=[A-Za-z0-9][\w-]*(?:\/[\w-]+)?)/g;

/** Neutralise every `@mention` in text taken from an issue. */
export function neutraliseMentions(text: string): string {
  return text.includes("@") ? text.replace(MENTION_RE, "$1@\u200D") : text;
}
