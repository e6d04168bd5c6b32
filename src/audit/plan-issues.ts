/**
 * The planning half of an audit, without holding every issue: each issue is evaluated as it is
 * listed and only a packed record is kept (what the report shows of the issue, and its plan
 * without the trace; `pack-record.ts`), with its urgency and whom the plan assigns. The issue
 * itself is kept (packed too) only while something later needs it — its plan is to be applied, or
 * it must be planned again — and only up to a budget; beyond it, the issue is read again from the
 * tracker when it is needed.
 *
 * Least-loaded routing needs the workload of the whole run (every open issue's assignees, plus
 * the assignments planned before it in listing order) before any plan is final. An evaluation is
 * watched for reading the load: a plan that did not read it is final as it is; one that did is
 * planned again once the listing is done, with the exact load it would have had, in order.
 */
import { evaluate } from "../core/evaluate.ts";
import type { EvaluationContext, Issue, SimilarCase } from "../core/model.ts";
import type { Plan } from "../core/plan.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { AuditScope, Tracker } from "../core/tracker.ts";
import { moduleOf } from "../core/operations/registry.ts";
import type { SimilarCaseFinder } from "./find-similar-cases.ts";
import { type Packed, RecordPacker } from "./pack-record.ts";
import { ISSUES_PER_TURN, yieldToLoop } from "./yield-to-loop.ts";

/** What the report shows of an issue (the rest is its plan's). */
export type IssueHeading = Pick<Issue, "id" | "title" | "state" | "url">;

/** What the report shows of an issue, and its plan with the trace left out (audits do not show it). */
export interface IssuePlan {
  heading: IssueHeading;
  plan: Plan;
}

/** One listed issue between planning and applying. */
export interface PlannedIssue {
  /** Its heading and plan, packed by the run's packer (`PlannedRun.packer`). */
  packed: Packed<IssuePlan>;
  /** The plan's urgency (lower is more urgent): the order plans are applied in. */
  urgency: number;
  /** The people the plan assigns (the routing load counts them); absent for none. */
  assigns?: string[];
  /** The issue as listed (packed by the run's packer), while it may still be needed; read again when it is not here. */
  issue: Packed<Issue> | undefined;
  /** The solved cases found for it (a report that needs triage), for every later evaluation of it. */
  similarCases?: SimilarCase[];
}

export interface PlanIssuesInput {
  tracker: Tracker;
  rules: Rules;
  now: number;
  scope: AuditScope;
  /** Plans will not be applied (a dry run): issues are kept only to be planned again. */
  dryRun: boolean;
  /** How many bytes of packed issues may be kept between planning and applying. */
  retainedChars: number;
  /** Finds the solved cases offered on reports that need triage; none when absent. */
  finder?: SimilarCaseFinder;
  /** Packs the plans (`pack-record.ts`); one of its own when absent. */
  packer?: RecordPacker;
}

export interface PlannedRun {
  /** In listing order. */
  issues: PlannedIssue[];
  /** The routing load after every plan, as the apply step keeps it in step. */
  context: { load: Record<string, number> };
  /** What unpacks the issues' plans. */
  packer: RecordPacker;
}

const withoutTrace = (plan: Plan): Plan => (plan.trace.length === 0 ? plan : { ...plan, trace: [] });

/** The people a plan assigns, in its order (as `countAssignments` counts them). */
function assignedBy(plan: Plan): string[] {
  const people: string[] = [];
  for (const op of plan.operations) people.push(...(moduleOf(op).assigns?.people(op) ?? []));
  return people;
}

/** What is kept of a plan: packed, with what ordering and routing read without unpacking it. */
function keptPlan(packer: RecordPacker, heading: IssueHeading, plan: Plan): Pick<PlannedIssue, "packed" | "urgency" | "assigns"> {
  const assigns = assignedBy(plan);
  return { packed: packer.pack<IssuePlan>({ heading, plan: withoutTrace(plan) }), urgency: plan.urgency, ...(assigns.length === 0 ? {} : { assigns }) };
}

/** Count the people an entry's plan assigns into the load. */
function countAssigned(context: { load: Record<string, number> }, assigns: readonly string[] | undefined): void {
  for (const id of assigns ?? []) context.load[id] = (context.load[id] ?? 0) + 1;
}

const headingOf = (issue: Issue): IssueHeading => ({
  id: issue.id,
  title: issue.title,
  state: issue.state,
  ...(issue.url === undefined ? {} : { url: issue.url }),
});

/** The run's context with one issue's cases; the load is still read through `context` (watched). */
const withCases = (context: EvaluationContext, similarCases: readonly SimilarCase[]): EvaluationContext => ({
  get load() {
    return context.load ?? {};
  },
  similarCases,
});

/** List and plan every issue in scope; see the module comment. */
export async function planIssues(input: PlanIssuesInput): Promise<PlannedRun> {
  const { tracker, rules, now } = input;
  const packer = input.packer ?? new RecordPacker();
  const issues: PlannedIssue[] = [];
  /** Which plans read the load (so are planned again), by position in `issues`. */
  const replan: number[] = [];
  /** Open issues' assignees: the workload before any plan. */
  const base: Record<string, number> = {};
  // While listing, plans see the load so far; only those that look at it are planned again.
  const partial: Record<string, number> = {};
  let readLoad: boolean;
  const watched: EvaluationContext = {
    get load() {
      readLoad = true;
      return partial;
    },
  };
  let budget = input.retainedChars;
  const keep = (issue: Issue): Packed<Issue> | undefined => {
    if (budget <= 0) return undefined;
    const packed = packer.pack(issue);
    const size = packer.sizeOf(packed);
    if (size > budget) {
      packer.release(packed);
      return undefined;
    }
    budget -= size;
    return packed;
  };
  const release = (entry: PlannedIssue): void => {
    if (entry.issue !== undefined) {
      budget += packer.sizeOf(entry.issue);
      packer.release(entry.issue);
    }
    entry.issue = undefined;
  };

  let seen = 0;
  for await (const issue of tracker.listIssues(input.scope)) {
    if (++seen % ISSUES_PER_TURN === 0) await yieldToLoop();
    // An issue created after `now` did not exist yet at that instant (an audit at an earlier
    // --now): nothing to evaluate, and it must not count in the workload. 0 means unknown.
    if (issue.createdAt > now) continue;
    if (issue.state === "open") {
      for (const person of issue.assignees) {
        base[person.id] = (base[person.id] ?? 0) + 1;
        partial[person.id] = (partial[person.id] ?? 0) + 1;
      }
    }
    const similarCases = await input.finder?.find(issue);
    readLoad = false;
    const plan = evaluate(issue, rules, now, similarCases === undefined ? watched : withCases(watched, similarCases));
    const kept = keptPlan(packer, headingOf(issue), plan);
    countAssigned({ load: partial }, kept.assigns);
    const needed = readLoad || (!input.dryRun && plan.operations.length > 0);
    if (readLoad) replan.push(issues.length);
    issues.push({ ...kept, issue: needed ? keep(issue) : undefined, ...(similarCases === undefined ? {} : { similarCases }) });
  }

  // The exact load each plan had in a run that knew the whole workload first: the open issues'
  // assignees, plus the assignments of the plans before it.
  const context = { load: { ...base } };
  let next = 0;
  for (const [at, entry] of issues.entries()) {
    if (replan[next] === at) {
      next++;
      if (next % ISSUES_PER_TURN === 0) await yieldToLoop();
      const kept = entry.issue;
      const { heading } = packer.unpack(entry.packed);
      const issue = kept === undefined ? await tracker.getIssue(heading.id) : packer.unpack(kept);
      const plan = evaluate(issue, rules, now, entry.similarCases === undefined ? context : { load: context.load, similarCases: entry.similarCases });
      const { assigns, ...packed } = keptPlan(packer, heading, plan);
      packer.release(entry.packed);
      Object.assign(entry, packed);
      if (assigns === undefined) delete entry.assigns;
      else entry.assigns = assigns;
      if (input.dryRun || plan.operations.length === 0) release(entry);
      else if (kept === undefined) entry.issue = keep(issue);
    }
    countAssigned(context, entry.assigns);
  }
  return { issues, context, packer };
}
