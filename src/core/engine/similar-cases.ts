/**
 * Similar past cases on intake: while a report still needs triage, the solved cases found for it
 * (outside the core: the tracker's search, ranked, given in `context.similarCases`) are listed in
 * the run's one comment with their root cause and solution — once per issue.
 *
 * A report needs triage while it is new (opened within the last week), open, in the scope, under
 * the intake (`intake.when`, else open), no team member has commented yet, and no list was offered
 * on it. Reports older than that were seen by people long ago: a tracker adopted with hundreds of
 * untriaged old issues must not spend its search budget (and every run's minute) on them. The notice's key names
 * the cases it lists, so two runs that found the same cases post one comment between them; and
 * once any list is on the issue, none follows.
 */
import type { EvaluationContext, Issue, SimilarCase } from "../model.ts";
import type { Rules, SimilarCasesRule } from "../rules/rules.ts";
import { message } from "../text/messages.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import { commentKeys } from "../text/hidden-key.ts";
import { createFacts, type Facts } from "./facts.ts";
import { hashString } from "./hash.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { scopeOf } from "./scope.ts";
import { testCondition } from "./test-condition.ts";

const RULE = "intake";

/** How long a report counts as new, for the search for cases like it. */
export const NEW_REPORT_MS = 7 * 24 * 3_600_000;

/** The start of every similar-cases notice's key; the rest names the cases listed. */
export const SIMILAR_CASES_KEY = "intake/similar-cases";

/** What the search for cases needs: the report's words and how many cases, how alike. */
export interface SimilarCasesRequest {
  title: string;
  body: string;
  threshold: number;
  limit: number;
}

/** The notice's key for a list of cases: the same cases (in any order) give the same key. */
export function similarCasesKey(cases: readonly SimilarCase[]): string {
  const ids = cases.map((c) => c.id).sort();
  return `${SIMILAR_CASES_KEY}/${hashString(ids.join("\n")).toString(16).padStart(8, "0")}`;
}

/** Was a list of cases offered on the issue already (by the tool's own identity)? */
function offeredBefore(issue: Issue): boolean {
  return issue.comments.some((c) => c.author.self === true && commentKeys(c).some((key) => key.startsWith(`${SIMILAR_CASES_KEY}/`)));
}

/** Why the report gets no cases now, or undefined when it still needs triage. */
function notWanted(facts: Facts, rule: SimilarCasesRule): string | undefined {
  const { issue } = facts;
  if (issue.pullRequest === true) return "a pull request";
  if (issue.state !== "open") return "not open";
  if (facts.now - issue.createdAt > NEW_REPORT_MS) return "not a new report (opened over a week ago)";
  if (!(rule.when === undefined || testCondition(rule.when, facts))) return "the intake does not apply (intake.when)";
  if (issue.comments.some((c) => c.public && facts.roleOf(c.author) === "team")) return "the team has commented: triaged";
  if (offeredBefore(issue)) return "cases were offered already";
  return undefined;
}

/**
 * Whether the report needs triage and so a search for cases like it; undefined when the rules
 * offer none, or not to this issue now. Outside the core this decides whether the tracker is
 * searched at all (the search has a small rate limit).
 */
export function similarCasesRequest(issue: Issue, rules: Rules, now: number): SimilarCasesRequest | undefined {
  const rule = rules.similarCases;
  if (rule === undefined) return undefined;
  if (scopeOf(issue, rules).verdict !== "in") return undefined;
  const trusted: Issue = { ...issue, comments: issue.comments.filter((c) => c.key === undefined || c.author.self === true) };
  if (notWanted(createFacts(trusted, rules, now, {}), rule) !== undefined) return undefined;
  return { title: issue.title, body: issue.body, threshold: rule.threshold, limit: rule.limit };
}

/** Longest root cause or solution shown, in characters: the case's page has the rest. */
const MAX_TEXT = 300;

/** Issue text as one line of a list item, short, with mentions that ping no one. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const short = line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1).trimEnd()}…` : line;
  return neutraliseMentions(short);
}

/** The title as a Markdown link (to the case, when it has a web address), brackets escaped. */
function linkOf(c: SimilarCase): string {
  const title = oneLine(c.title).replace(/([\\[\]])/g, "\\$1");
  const url = c.url !== null && /^https?:\/\/[^\s()<>]+$/.test(c.url) ? c.url : undefined;
  return url === undefined ? `${title} (${c.key})` : `[${title}](${url}) (${c.key})`;
}

/** The cases of the context that may be offered on this issue: never itself, never without a root cause. */
function offerable(issue: Issue, context: EvaluationContext, limit: number): SimilarCase[] {
  const cases = (context.similarCases ?? []).filter((c) => c.id !== issue.id && c.rootCause.trim() !== "");
  return cases.slice(0, limit);
}

/** Plan the list of similar cases into the run's comment (see the module comment). */
export function applySimilarCases(facts: Facts, plan: PlanBuilder): void {
  const { rules, issue, context } = facts;
  const rule = rules.similarCases;
  if (rule === undefined) return;
  const why = notWanted(facts, rule);
  if (why !== undefined) {
    facts.trace.push({ rule: `${RULE}/similar-cases`, fired: false, notes: [why] });
    return;
  }
  const cases = offerable(issue, context, rule.limit);
  if (cases.length === 0) {
    facts.trace.push({ rule: `${RULE}/similar-cases`, fired: false, notes: [context.similarCases === undefined ? "no search for cases in this run" : "no solved case alike enough"] });
    return;
  }
  const items = cases.map((c) => message(rules, "intake.similar-case", { link: linkOf(c), "root-cause": oneLine(c.rootCause), solution: oneLine(c.solution) }));
  const ids = cases.map((c) => c.key).join(", ");
  plan.commentOnce(similarCasesKey(cases), message(rules, "intake.similar-cases", { cases: items.join("\n") }), [], RULE, `similar solved cases: ${ids}`);
  facts.trace.push({ rule: `${RULE}/similar-cases`, fired: true, notes: [`offered ${ids}`] });
}
