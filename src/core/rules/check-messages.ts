/**
 * The `messages:` section: an override only works under an id the tool writes, and only the
 * placeholders its message is given are filled in — anything else is a typo that would
 * otherwise do nothing, or show `{placeholder}` to the reporter.
 */
import { DEFAULT_MESSAGES } from "../text/messages.ts";
import type { CompileProblem } from "./conditions.ts";
import { closest } from "./diagnostics.ts";
import type { LocalTextInput } from "./schema.ts";

// The same placeholder syntax as `fill` in messages.ts.
const PLACEHOLDER_RE = /\{([\w-]+)\}/g;

/** The placeholders a text uses, each once, in order. */
function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER_RE), (m) => m[1] as string))];
}

/**
 * Check the message overrides. Clock names are message ids too (`clock.<name>`, for every clock
 * declared under sla.clocks); they have no placeholders.
 */
export function checkMessages(messages: Readonly<Record<string, LocalTextInput>>, clockNames: ReadonlySet<string>, problems: CompileProblem[]): void {
  const ids = [...new Set([...Object.keys(DEFAULT_MESSAGES), ...[...clockNames].map((c) => `clock.${c}`)])];
  for (const [id, value] of Object.entries(messages)) {
    if (!ids.includes(id)) {
      const hint = closest(id, ids);
      problems.push({
        path: ["messages", id],
        atKey: true,
        message: `unknown message id "${id}"${hint ? ` — did you mean "${hint}"?` : "."} Expected one of: ${ids.join(", ")}.`,
        // A clock's message may only be unknown because sla had errors.
        ...(id.startsWith("clock.") ? { ref: { kind: "clock" as const, name: id.slice("clock.".length) } } : {}),
      });
      continue;
    }
    const allowed = placeholdersOf(DEFAULT_MESSAGES[id]?.en ?? "");
    const texts: [string, string | undefined][] = typeof value === "string" ? [["", value]] : [["en", value.en], ["zh", value.zh]];
    for (const [locale, text] of texts) {
      if (text === undefined) continue;
      for (const name of placeholdersOf(text)) {
        if (allowed.includes(name)) continue;
        const hint = closest(name, allowed);
        problems.push({
          path: locale === "" ? ["messages", id] : ["messages", id, locale],
          message:
            `unknown placeholder {${name}}${hint ? ` — did you mean {${hint}}?` : "."} ` +
            (allowed.length > 0 ? `Expected one of: ${allowed.map((p) => `{${p}}`).join(", ")}.` : "This message has no placeholders."),
        });
      }
    }
  }
}
