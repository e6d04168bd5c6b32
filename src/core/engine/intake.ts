/**
 * Required information (DESIGN §2.1): one `needs-info` label and one sticky comment listing
 * exactly what is missing, kept in step with the issue as it is edited.
 */
import type { Issue } from "../model.ts";
import type { Rules } from "../rules/rules.ts";
import { message } from "../text/messages.ts";
import { isBot, type Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { testCondition } from "./test-condition.ts";

const RULE = "intake";
export const INTAKE_KEY = "intake/missing";

/** Did a person (not the tool) put this label on last? */
export function labelledByPerson(issue: Issue, rules: Rules, label: string): boolean {
  for (let i = issue.history.length - 1; i >= 0; i--) {
    const event = issue.history[i];
    if (event?.kind === "labeled" && event.label === label) return event.actor !== undefined && !isBot(rules, event.actor);
  }
  return false;
}

export function applyIntake(facts: Facts, plan: PlanBuilder): void {
  const { rules, issue } = facts;
  const intake = rules.intake;
  if (!intake) return;
  const applies = intake.when ? testCondition(intake.when, facts) : issue.state === "open";
  if (!applies) {
    facts.trace.push({ rule: RULE, fired: false, notes: ["does not apply to this issue (intake.when)"] });
    return;
  }
  const missing = intake.require.filter((name) => facts.answer(name) === undefined);
  const titles = missing.map((name) => rules.fields.get(name)?.title[rules.locale] ?? name);
  if (missing.length > 0) {
    plan.addLabels([intake.label], RULE, `missing: ${missing.join(", ")}`);
    plan.sticky(
      INTAKE_KEY,
      message(rules, "intake.missing", { missing: titles.map((t) => `- [ ] ${t}`).join("\n"), label: intake.label }),
      [],
      RULE,
      `missing: ${missing.join(", ")}`,
    );
    facts.trace.push({ rule: RULE, fired: true, notes: [`missing ${missing.length} of ${intake.require.length}: ${missing.join(", ")}`] });
    return;
  }
  // Complete. The label comes off unless a person put it on for a reason of their own.
  if (facts.labels.has(intake.label) && !labelledByPerson(issue, rules, intake.label)) {
    plan.removeLabels([intake.label], RULE, "all required information is there");
  }
  plan.sticky(INTAKE_KEY, message(rules, "intake.complete"), [], RULE, "all required information is there", false);
  facts.trace.push({ rule: RULE, fired: false, notes: [`all ${intake.require.length} required fields answered`] });
}
