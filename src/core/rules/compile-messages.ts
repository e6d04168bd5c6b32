/** The `messages:` section → text overrides by message id, checked against the ids the tool writes. */
import { checkMessages } from "./check-messages.ts";
import type { CompileOutput } from "./compile-context.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileMessages(spec: RuleFileOutput["messages"], clockNames: ReadonlySet<string>, out: CompileOutput): Rules["messages"] {
  checkMessages(spec ?? {}, clockNames, out.problems);
  const messages: Rules["messages"] = new Map();
  for (const [id, text] of Object.entries(spec ?? {})) messages.set(id, typeof text === "string" ? { en: text, zh: text } : text);
  return messages;
}
