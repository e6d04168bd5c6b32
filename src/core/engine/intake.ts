/**
 * Required information (DESIGN §2.1): one `needs-info` label and one sticky comment listing
 * exactly what is missing, kept in step with the issue as it is edited.
 */
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { testCondition } from "./test-condition.ts";

const RULE = "intake";
export const INTAKE_KEY = "intake/missing";

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
  // Complete: the label is derived both ways, whoever put it on (waiting on the reporter for
  // anything else is what waiting-for-customer is for).
  if (facts.labels.has(intake.label)) {
    plan.removeLabels([intake.label], RULE, "all required information is there");
  }
  plan.sticky(INTAKE_KEY, message(rules, "intake.complete"), [], RULE, "all required information is there", false);
  facts.trace.push({ rule: RULE, fired: false, notes: [`all ${intake.require.length} required fields answered`] });
}
