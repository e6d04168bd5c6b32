/**
 * The closure checklist: an issue closed as completed must carry the required
 * fields; if not, reopen it or label it, with one sticky comment listing what is missing.
 */
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";

const RULE = "closure";
export const CLOSURE_KEY = "closure/missing";

/**
 * Will the checklist reopen this issue in this evaluation? Then the clocks, the intake and the
 * escalation look at the issue as the tool is about to leave it — open again, in the same cycle —
 * so the next run finds nothing more to do.
 */
export function closureReopens(facts: Facts): boolean {
  const { rules, issue } = facts;
  const closure = rules.closure;
  if (!closure || issue.state !== "closed" || closure.exempt.has(issue.closeReason ?? "completed")) return false;
  if ((closure.onMissing.get(facts.priority) ?? "label") !== "reopen") return false;
  return closure.require.some((name) => facts.answer(name) === undefined);
}

export function applyClosure(facts: Facts, plan: PlanBuilder): void {
  const { rules, issue } = facts;
  const closure = rules.closure;
  if (!closure) return;
  if (issue.state !== "closed") {
    // Reopened (by us or a person): the label has no meaning while the issue is open.
    if (facts.labels.has(closure.label)) plan.removeLabels([closure.label], RULE, "the issue is open again");
    return;
  }
  const reason = issue.closeReason ?? "completed";
  if (closure.exempt.has(reason)) {
    facts.trace.push({ rule: RULE, fired: false, notes: [`closed as ${reason}: exempt`] });
    return;
  }
  const missing = closure.require.filter((name) => facts.answer(name) === undefined);
  if (missing.length === 0) {
    if (facts.labels.has(closure.label)) plan.removeLabels([closure.label], RULE, "the closure checklist is complete");
    plan.sticky(CLOSURE_KEY, message(rules, "closure.complete"), [], RULE, "the closure checklist is complete", false);
    facts.trace.push({ rule: RULE, fired: false, notes: ["closure checklist complete"] });
    return;
  }
  const action = closure.onMissing.get(facts.priority) ?? "label";
  const list = missing.map((name) => `- [ ] ${rules.fields.get(name)?.title[rules.locale] ?? name}`).join("\n");
  const next = message(rules, action === "reopen" ? "closure.reopened" : "closure.labelled", { label: closure.label });
  plan.sticky(CLOSURE_KEY, message(rules, "closure.missing", { missing: list, next }), [], RULE, `missing: ${missing.join(", ")}`);
  if (action === "reopen") {
    plan.push({ kind: "reopen", rule: RULE, reason: `${facts.priority} closed without ${missing.join(", ")}` });
  } else {
    plan.addLabels([closure.label], RULE, `closed without ${missing.join(", ")}`);
  }
  facts.trace.push({ rule: RULE, fired: true, notes: [`closed as completed without ${missing.join(", ")}; ${action}`] });
}
