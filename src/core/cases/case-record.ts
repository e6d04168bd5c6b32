/**
 * A case: one completed closure kept as knowledge — what the problem was, why it happened, how it
 * was fixed and how the fix was checked, with the figures and terms it is found by.
 *
 * `caseRecordOf(issue, rules, now)`: the case a completed closure makes, or why it makes none.
 * The closure checklist decides what counts (its required fields, its exempt close reasons); the
 * business-time figures are the clocks as `evaluate` reports them for the closed issue — with the
 * checklist's own reopen left out, since a case is read as the close happened.
 */
import { zoneOffsets } from "../calendar/zone-offsets.ts";
import { createFacts } from "../engine/facts.ts";
import { evaluate } from "../evaluate.ts";
import type { Issue } from "../model.ts";
import { operationsOf } from "../operations/operations-of.ts";
import type { Plan } from "../plan.ts";
import type { ClockKind, Rules } from "../rules/rules.ts";
import { displayZone } from "../text/format-instant.ts";
import { caseAnswer, onlyNames } from "./case-answer.ts";
import { keywordsOf, slugOf } from "./case-keywords.ts";

/** One solved problem, as the knowledge base and the similar-case search read it. */
export interface CaseRecord {
  /** Tracker-wide id: `OWNER/REPO#12` or `PROJ-12`. */
  id: string;
  /** The short reference people write: `#12` or `PROJ-12`. */
  key: string;
  /** Link for humans, where the tracker has one. */
  url: string | null;
  title: string;
  /** The category the rules settled on, if any. */
  category: string | null;
  /** The priority level the rules settled on, e.g. `P1`. */
  priority: string;
  /** Labels exactly as on the tracker. */
  labels: string[];
  /** The answers the closure checklist found, as written. */
  rootCause: string;
  solution: string;
  verification: string;
  /** ISO 8601 instants (UTC). */
  createdAt: string;
  closedAt: string;
  /** The month of the close in the team's zone: `2026-03`. */
  month: string;
  /** Business minutes to the first team response, and to the close; null where the rules count no such clock. */
  firstResponseBusinessMinutes: number | null;
  resolutionBusinessMinutes: number | null;
  /** Search terms, most telling first: module labels and category, then terms of the root cause and the title. */
  keywords: string[];
  /** File-safe name, unique per case: `payments-timeout-2026-03-42`. */
  slug: string;
}

/** Why an issue gives no case: one line for people, naming what is missing or why it does not count. */
export interface NoCaseRecord {
  id: string;
  reason: string;
}

/** A case, or why there is none. */
export type CaseRecordResult = { ok: true; record: CaseRecord } | { ok: false; why: NoCaseRecord };

/** The fields a case keeps, by their names in the rule file's `fields:` (the shipped preset's). */
export const CASE_FIELDS = { rootCause: "root-cause", solution: "solution", verification: "verification" } as const;

const NO_CONTEXT = {};

function closedAtOf(issue: Issue): number | undefined {
  if (issue.closedAt !== undefined) return issue.closedAt;
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (event?.kind === "closed") return event.at;
  }
  return undefined;
}

/** `2026-03` for an instant, in the zone the team's reports show times in. */
export function monthOf(t: number, rules: Rules): string {
  const local = new Date(t + zoneOffsets(displayZone(rules)).offsetAt(t));
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Whole business minutes of the latest cycle's clock of a kind that stopped; null when none did. */
function minutesOf(plan: Plan, rules: Rules, kind: ClockKind): number | null {
  const names = new Set(rules.sla.clocks.filter((c) => c.kind === kind).map((c) => c.name));
  const report = plan.clocks.find((c) => names.has(c.clock) && c.stoppedAt !== undefined && (c.state === "met" || c.state === "breached"));
  return report?.elapsedMs === undefined ? null : Math.floor(report.elapsedMs / 60_000);
}

/** The short reference people write: `#12` for `owner/repo#12`, the key itself for `PROJ-12`. */
const keyOf = (id: string): string => (/#\d+$/.test(id) ? id.slice(id.lastIndexOf("#")) : id);

/** The case of a completed closure whose checklist found its fields; otherwise why not. */
export function caseRecordOf(issue: Issue, rules: Rules, now: number): CaseRecordResult {
  const no = (reason: string): CaseRecordResult => ({ ok: false, why: { id: issue.id, reason } });
  if (issue.pullRequest === true) return no("a pull request, not an issue");
  if (issue.state !== "closed") return no("still open");
  const reason = issue.closeReason ?? "completed";
  if (reason !== "completed" || rules.closure?.exempt.has(reason) === true) return no(`closed as ${reason.replace("_", " ")}, not as completed`);
  const closedAt = closedAtOf(issue);
  if (closedAt === undefined) return no("closed, but the tracker gives no close time");

  const facts = createFacts(issue, rules, now, NO_CONTEXT);
  const required = [...new Set([...(rules.closure?.require ?? []), ...Object.values(CASE_FIELDS)])];
  const unknown = required.filter((name) => !rules.fields.has(name));
  if (unknown.length > 0) return no(`the rules define no field ${unknown.join(", ")}: add it under fields: to keep cases`);
  const missing: string[] = [];
  const vague: string[] = [];
  for (const name of required) {
    const text = caseAnswer(facts, name);
    if (text === undefined) missing.push(name);
    else if (Object.values(CASE_FIELDS).includes(name as never) && onlyNames(text, facts, name)) vague.push(name);
  }
  if (missing.length > 0) return no(`the closure checklist finds no ${missing.join(", ")}`);
  if (vague.length > 0) return no(`${vague.join(", ")} only ticked, with no words: write the answer after the item ("- [x] Root cause: …") or as a section`);

  const plan = evaluate(issue, rules.closure === undefined ? rules : { ...rules, closure: undefined }, now, NO_CONTEXT);
  if (plan.scope !== "in") return no("outside the rules' scope");
  const [reopen] = operationsOf(plan.operations, "reopen");
  if (reopen !== undefined) return no(`the next run reopens it: ${reopen.reason}`);

  const text = (name: string): string => caseAnswer(facts, name) ?? "";
  const rootCause = text(CASE_FIELDS.rootCause);
  const month = monthOf(closedAt, rules);
  const { keywords, subject, support } = keywordsOf({ labels: issue.labels, category: plan.category, rootCause, title: issue.title }, rules);
  return {
    ok: true,
    record: {
      id: issue.id,
      key: keyOf(issue.id),
      url: issue.url ?? null,
      title: issue.title,
      category: plan.category ?? null,
      priority: plan.priority,
      labels: [...issue.labels],
      rootCause,
      solution: text(CASE_FIELDS.solution),
      verification: text(CASE_FIELDS.verification),
      createdAt: new Date(issue.createdAt).toISOString(),
      closedAt: new Date(closedAt).toISOString(),
      month,
      firstResponseBusinessMinutes: minutesOf(plan, rules, "response"),
      resolutionBusinessMinutes: minutesOf(plan, rules, "resolution"),
      keywords,
      slug: slugOf(subject, support, month, issue.id),
    },
  };
}
