/**
 * The one pure function: `evaluate(issue, rules, now) → plan`. It imports no SDK and
 * reads no clock, environment or file; the plan is the difference between the state the rules
 * want and the state the issue has, so evaluating the changed issue again plans nothing.
 */
import { asDeclared } from "./engine/capabilities.ts";
import { applyClosure, closureReopens } from "./engine/closure.ts";
import { applyCustomRules } from "./engine/custom-rules.ts";
import { applyEscalation } from "./engine/escalation.ts";
import { applyFeedback, feedbackReopens } from "./engine/feedback.ts";
import { createFacts, type Facts } from "./engine/facts.ts";
import { applyIntake } from "./engine/intake.ts";
import { createPlanBuilder, type PlanBuilder } from "./engine/plan-builder.ts";
import { applyPriority } from "./engine/priority.ts";
import { applyRouting } from "./engine/routing.ts";
import { quietClocks, quietOperations, scopeOf } from "./engine/scope.ts";
import { applySla, computeClocks, type ClockDetail } from "./engine/sla.ts";
import { applySimilarCases } from "./engine/similar-cases.ts";
import type { EvaluationContext, Issue } from "./model.ts";
import type { ClockReport, Plan } from "./plan.ts";
import type { Rules } from "./rules/rules.ts";

const NO_CONTEXT: EvaluationContext = {};

/** A clock's report, by a function made once (not an arrow per evaluation). */
const reportOf = (d: ClockDetail): ClockReport => d.report;

/**
 * Hidden keys count only on the tool's own comments: anyone can paste a marker into a comment,
 * and that must neither silence a notice nor turn a team reply into a non-response.
 */
function withTrustedKeys(issue: Issue): Issue {
  let untrusted = false;
  for (const c of issue.comments) {
    if (c.key !== undefined && c.author.self !== true) {
      untrusted = true;
      break;
    }
  }
  if (!untrusted) return issue;
  return {
    ...issue,
    comments: issue.comments.map((c) => {
      if (c.key === undefined || c.author.self === true) return c;
      const { key: _untrusted, keys: _untrustedToo, ...rest } = c;
      return rest;
    }),
  };
}

/** The issue as it is right after the tool reopens it at `now` (same cycle: the tool's reopen). */
function reopenedByTool(issue: Issue, rules: Rules, now: number): Issue {
  const tool = { id: rules.botLogins[0] ?? "issue-shepherd", bot: true, self: true };
  return { ...issue, state: "open", closeReason: undefined, closedAt: undefined, history: [...issue.history, { kind: "reopened", at: now, actor: tool }] };
}

export function evaluate(input: Issue, rules: Rules, now: number, context: EvaluationContext = NO_CONTEXT): Plan {
  const issue = withTrustedKeys(asDeclared(input));
  const facts = createFacts(issue, rules, now, context);
  const plan = createPlanBuilder(facts);
  const scope = scopeOf(issue, rules);
  if (scope.verdict !== "in") facts.trace.push({ rule: "scope", fired: true, notes: [`outside the scope: ${scope.why}`, scope.verdict === "quiet" ? "quiet: labels and priority only, clocks from scope.since" : "ignored: nothing is planned"] });
  const quiet = scope.verdict === "quiet";

  if (issue.pullRequest) {
    // Pull requests are left alone unless a rule asks for them.
    applyCustomRules(facts, plan);
    return finish(issue, rules, facts, plan, scope.verdict);
  }
  // The category first: priority rules may test it.
  applyRouting(facts, plan);
  applyPriority(facts, plan);
  // Left alone: the category and priority above are only what the report shows.
  if (scope.verdict === "ignored") return finish(issue, rules, facts, plan, scope.verdict);
  // A closure the checklist reopens: intake, clocks and escalation see it reopened by the tool
  // now, as the next run will; the checklist itself and the rules see it as it is.
  const reopening = !quiet && (closureReopens(facts) || feedbackReopens(facts));
  if (reopening) facts.issue = reopenedByTool(issue, rules, now);
  applyIntake(facts, plan);
  if (!quiet) applySimilarCases(facts, plan);
  const clocks = quiet ? quietClocks(computeClocks(facts), rules) : computeClocks(facts);
  facts.clocks = clocks.map(reportOf);
  applySla(facts, plan, clocks);
  applyEscalation(facts, plan, clocks);
  facts.issue = issue;
  applyClosure(facts, plan);
  // Outside the scope no one is asked: a quiet issue gets no comment.
  if (!quiet) applyFeedback(facts, plan);
  applyCustomRules(facts, plan);
  return finish(issue, rules, facts, plan, scope.verdict);
}

/** The plan of an evaluation: a function of its own, not a closure made on every evaluation. */
function finish(issue: Issue, rules: Rules, facts: Facts, plan: PlanBuilder, verdict: Plan["scope"]): Plan {
  const operations = verdict === "ignored" ? [] : verdict === "quiet" ? quietOperations(plan.operations(), rules) : plan.operations();
  // Breached first, then at risk, then the rest (only an open issue's clocks count).
  let weight = 2;
  if (issue.state === "open") {
    for (const c of facts.clocks) {
      if (c.state === "breached") {
        weight = 0;
        break;
      }
      if (c.state === "at-risk") weight = 1;
    }
  }
  const urgency = weight * 1000 + (rules.priority.byName.get(facts.priority)?.rank ?? rules.priority.levels.length);
  const { priority, priorityInferred, prioritySource, category, clocks, trace } = facts;
  // Two literals, not a spread of a temporary object: `notices` only when there are some.
  if (plan.notices.length > 0) {
    return { issue: issue.id, priority, priorityInferred, prioritySource, category, operations, scope: verdict, clocks, trace, notices: plan.notices, urgency };
  }
  return { issue: issue.id, priority, priorityInferred, prioritySource, category, operations, scope: verdict, clocks, trace, urgency };
}
