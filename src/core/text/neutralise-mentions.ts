/**
 * Mentions typed into issue text must not ping anyone through the tool: `@org/team` or `@login`
 * copied into a comment the tool writes is broken with a zero-width joiner after the `@`.
 */
// Anything but a letter or digit before the `@` can start a mention (`_@team_` renders one);
// after a letter or digit it is an e-mail address. A letter or digit after the `@` is all that
// makes it a mention; looking one character ahead keeps the scan linear on text full of `@`.
const MENTION_RE = /(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g;

/** Neutralise every `@mention` in text taken from an issue. */
export function neutraliseMentions(text: string): string {
  return text.includes("@") ? text.replace(MENTION_RE, "$1@\u200D") : text;
}
