/**
 * The one line that tells an issue how its priority was set: the matrix cell of its impact and
 * urgency answers, the words that decided (and, where the rules have a matrix, how to choose the
 * answers instead), the rule, or that a person chose it. It is a state
 * notice (kept up to date in place), written with the first comment the tool makes when it sets
 * a priority, and at the end of that comment's digest.
 */
import type { PrioritySource } from "../plan.ts";
import { message } from "../text/messages.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";

/** The hidden key of the explanation; a `/footnote` key goes last in a digest. */
export const PRIORITY_NOTE_KEY = "priority/footnote";

const MAX_WORD = 40;

/** A word from the issue text, as the explanation quotes it: one line, short, no mention. */
function quoteWord(word: string, zh: boolean): string {
  const line = word.replace(/\s+/g, " ").replace(/[`*_[\]<>]/g, "").trim();
  const short = line.length > MAX_WORD ? `${line.slice(0, MAX_WORD)}…` : line;
  return zh ? `“${neutraliseMentions(short)}”` : `"${neutraliseMentions(short)}"`;
}

/** The explanation line in the rules' locale. */
export function priorityNote(facts: Facts, priority: string, source: PrioritySource): string {
  const { rules } = facts;
  const zh = rules.locale === "zh";
  switch (source.kind) {
    case "matrix": {
      const matrix = rules.priority.matrix;
      const title = (axis: "impact" | "urgency", key: string) => matrix?.[axis].values.find((v) => v.key === key)?.title[rules.locale] ?? key;
      return message(rules, "priority.matrix", { impact: title("impact", source.impact), urgency: title("urgency", source.urgency), priority });
    }
    case "words": {
      const line = message(rules, "priority.words", { words: source.words.map((w) => quoteWord(w, zh)).join(" + "), priority });
      // The text decided because the answers are missing: say how to give them.
      return rules.priority.matrix === undefined ? line : `${line}${zh ? "。" : ". "}${message(rules, "priority.ask")}`;
    }
    case "rule":
      return message(rules, "priority.rule", { rule: source.rule, priority });
    case "person":
      return message(rules, "priority.person", { priority });
    case "default":
      return message(rules, "priority.default", { priority });
  }
}

/**
 * Keep the explanation in step with the priority: `create` writes it (this run sets a priority
 * for a reason worth saying); otherwise only an explanation already there is edited.
 */
export function explainPriority(facts: Facts, plan: PlanBuilder, priority: string, source: PrioritySource, create: boolean): void {
  if (facts.issue.state !== "open") return;
  // Most evaluations have nothing to say here: no text is made for them.
  if (!create && facts.ownComment(PRIORITY_NOTE_KEY) === undefined) return;
  plan.sticky(PRIORITY_NOTE_KEY, priorityNote(facts, priority, source), [], "priority", `${priority}: ${source.kind === "matrix" ? `impact ${source.impact} × urgency ${source.urgency}` : source.kind}`, create);
}
