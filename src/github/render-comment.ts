/**
 * The Markdown body of a comment the tool writes: the text, the people to notify, and the hidden
 * key that makes the comment findable (and never duplicated) on the next run.
 */
import { withMarker } from "../core/text/hidden-key.ts";

/** `@login` for a login, `@org/team` for a team; ids that already start with @ are kept. */
export const renderMention = (id: string): string => (id.startsWith("@") ? id : `@${id}`);

/** Body, then `cc @a @b` when there are people to notify, then the hidden marker with every key. */
export function renderCommentBody(body: string, mentions: readonly string[], keys: string | readonly string[]): string {
  const parts = [body.trimEnd()];
  const people = [...new Set(mentions.filter((id) => id.trim() !== ""))];
  if (people.length > 0) parts.push(`cc ${people.map(renderMention).join(" ")}`);
  return withMarker(parts.join("\n\n"), keys);
}
