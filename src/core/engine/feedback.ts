/**
 * Satisfaction feedback: once per cycle, on a closure as completed that passed the checklist,
 * the reporter is asked (in this run's one comment) whether the problem is solved and how
 * satisfied they are. Their latest answer sets the positive or negative label; a negative one
 * mentions the owners and the lead once per cycle and starts the follow-up clock (a clock of
 * kind `feedback`, see `src/core/clocks/feedback.ts`); "not solved" reopens the issue, which
 * continues its cycle.
 */
import { negativeKey, surveyKey } from "../feedback/feedback-rule.ts";
import { operationsOf } from "../operations/operations-of.ts";
import { message } from "../text/messages.ts";
import { feedbackRecords } from "./feedback-answer.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { resolvePeople } from "./routing.ts";
import { cyclesFor } from "./sla.ts";

const RULE = "feedback";

/** When the issue was last closed. */
function closedAt(facts: Facts): number {
  const { issue } = facts;
  if (issue.closedAt !== undefined) return issue.closedAt;
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (event?.kind === "closed") return event.at;
  }
  return issue.createdAt;
}

/**
 * Will the reporter's "not solved" reopen the issue in this evaluation? Only an answer given
 * after the latest close does: once the team closes the issue again, that answer is spent.
 */
export function feedbackReopens(facts: Facts): boolean {
  const feedback = facts.rules.feedback;
  if (feedback?.reopen !== true || facts.issue.state !== "closed") return false;
  const answer = feedbackRecords(facts).at(-1)?.answer;
  return answer?.solved === false && answer.at > closedAt(facts);
}

/** Why the reporter is not asked on this closure, or undefined when they are. */
function notAsked(facts: Facts): string | undefined {
  const { rules, issue } = facts;
  if (rules.feedback?.ask !== true) return "feedback.ask is off";
  const reason = issue.closeReason ?? "completed";
  if (reason !== "completed") return `closed as ${reason}`;
  const role = facts.roleOf(issue.author);
  if (role === "bot") return `the reporter ${issue.author.id} is a bot`;
  if (role === "team") return `the reporter ${issue.author.id} is a team member`;
  const missing = rules.closure?.require.filter((name) => facts.answer(name) === undefined) ?? [];
  if (missing.length > 0) return `the closure checklist lacks ${missing.join(", ")}`;
  return undefined;
}

export function applyFeedback(facts: Facts, plan: PlanBuilder): void {
  const { rules, issue } = facts;
  const feedback = rules.feedback;
  if (feedback === undefined) return;
  const notes: string[] = [];
  if (issue.state === "closed") {
    const cycle = (cyclesFor(facts).at(-1) as { index: number }).index;
    const why = notAsked(facts);
    if (why === undefined) plan.commentOnce(surveyKey(cycle), message(rules, "feedback.survey"), [issue.author.id], RULE, "closed as completed with the closure checklist complete");
    notes.push(why === undefined ? `survey of cycle ${cycle} asked` : `no survey: ${why}`);
  }
  const latest = feedbackRecords(facts).at(-1);
  const answer = latest?.answer;
  if (latest === undefined || answer === undefined) {
    if (latest !== undefined) notes.push(`survey of cycle ${latest.cycle} not answered yet`);
    facts.trace.push({ rule: RULE, fired: false, notes });
    return;
  }
  const { positive, negative } = feedback.labels;
  notes.push(`cycle ${latest.cycle}: ${answer.verdict} answer by ${answer.via}${answer.solved === false ? ", not solved" : ""}`);
  if (answer.verdict === "positive") {
    plan.removeLabels([negative], RULE, "the reporter's latest answer is positive");
    plan.addLabels([positive], RULE, `positive feedback (${answer.via})`);
  } else if (answer.verdict === "neutral") {
    plan.removeLabels([positive, negative], RULE, "the reporter's latest answer is neutral");
  } else {
    plan.removeLabels([positive], RULE, "the reporter's latest answer is negative");
    plan.addLabels([negative], RULE, `negative feedback (${answer.via})`);
    const reopens = feedbackReopens(facts);
    const target = rules.sla.clocks.find((c) => c.name === feedback.clock)?.targets.get(facts.priority)?.text ?? "";
    const mentions = [...new Set([...issue.assignees.map((p) => p.id), ...resolvePeople(feedback.mention, facts)])];
    plan.commentOnce(negativeKey(latest.cycle), message(rules, reopens ? "feedback.not-solved" : "feedback.negative", { within: target }), mentions, RULE, `negative feedback (${answer.via})`);
    if (reopens && operationsOf(plan.operations(), "reopen").length === 0) {
      plan.push({ kind: "reopen", rule: RULE, reason: "the reporter says the problem is not solved" });
    }
  }
  facts.trace.push({ rule: RULE, fired: true, notes });
}
