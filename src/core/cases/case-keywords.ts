/**
 * A case's keywords and file name. Keywords, most telling first, at most ten:
 *   1. its module labels — labels the rules do not set themselves (priority, SLA, intake,
 *      closure, escalation, feedback) and that name no category — as their last `/` part;
 *   2. its category;
 *   3. support words of the root cause, then of the title (`timeout`, `dns`; Chinese ones as
 *      their English word, see the glossary);
 *   4. the other terms of the root cause, then of the title.
 * The slug joins the first module label or category, the first support word, the month and the
 * issue's number: `payments-timeout-2026-03-42`. Only ASCII keywords go into it.
 */
import type { Rules } from "../rules/rules.ts";
import { GLOSSARY } from "./case-glossary.ts";
import { termsOf } from "./case-terms.ts";

const MAX_KEYWORDS = 10;
const ASCII = /^[a-z0-9][a-z0-9-]*$/;

const ownedCache = new WeakMap<Rules, Set<string>>();

/** Labels the rules set or read as process state or category, lower-cased. */
function ownedLabels(rules: Rules): Set<string> {
  let owned = ownedCache.get(rules);
  if (owned === undefined) {
    const labels = [
      ...rules.priority.levels.map((l) => l.label),
      rules.sla.atRiskLabel,
      rules.sla.breachedLabel,
      ...rules.sla.clocks.flatMap((c) => (c.label === undefined ? [] : [c.label])),
      ...(rules.intake ? [rules.intake.label] : []),
      ...(rules.closure ? [rules.closure.label] : []),
      ...(rules.feedback ? [rules.feedback.labels.positive, rules.feedback.labels.negative] : []),
      ...rules.escalation.levels.flatMap((l) => l.labels),
      ...rules.escalation.ackLabels,
      ...rules.categories.flatMap((c) => c.labels),
    ];
    owned = new Set(labels.map((l) => l.toLowerCase()));
    ownedCache.set(rules, owned);
  }
  return owned;
}

function labelKeyword(label: string): string | undefined {
  const last = label.toLowerCase().split("/").pop()?.trim() ?? "";
  const word = GLOSSARY.get(last) ?? last.replace(/\s+/g, "-");
  return word === "" || word.length > 30 ? undefined : word;
}

/** What keywords are read from. */
export interface KeywordSource {
  labels: readonly string[];
  category: string | undefined;
  rootCause: string;
  title: string;
}

/** The case's keywords (see above) and the ones that name its subject (module labels, category). */
export function keywordsOf(source: KeywordSource, rules: Rules): { keywords: string[]; subject: string[]; support: string[] } {
  const owned = ownedLabels(rules);
  const subject: string[] = [];
  for (const label of source.labels) {
    const word = owned.has(label.toLowerCase()) ? undefined : labelKeyword(label);
    if (word !== undefined) subject.push(word);
  }
  if (source.category !== undefined) subject.push(source.category.toLowerCase());
  const terms = [...termsOf(source.rootCause), ...termsOf(source.title)];
  const support = terms.filter((t) => t.domain).map((t) => t.term);
  const other = terms.filter((t) => !t.domain).map((t) => t.term);
  const keywords = [...new Set([...subject, ...support, ...other])].slice(0, MAX_KEYWORDS);
  return { keywords, subject, support };
}

/** `payments-timeout-2026-03-42`: subject, support word, month, and the number or key. */
export function slugOf(subject: readonly string[], support: readonly string[], month: string, id: string): string {
  const head = subject.find((w) => ASCII.test(w));
  // Not the subject again ("payments" and "payment").
  const word = support.find((w) => ASCII.test(w) && (head === undefined || (!head.startsWith(w) && !w.startsWith(head))));
  const hash = id.lastIndexOf("#");
  const ref = (hash >= 0 ? id.slice(hash + 1) : id).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  const parts = [head, word].filter((p): p is string => p !== undefined);
  return [...(parts.length > 0 ? parts : ["case"]), month, ref === "" ? "0" : ref].join("-");
}
