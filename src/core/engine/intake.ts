/**
 * Required information: one `needs-info` label and one sticky comment listing
 * exactly what is missing, kept in step with the issue as it is edited.
 */
import { message } from "../text/messages.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { testCondition } from "./test-condition.ts";

const RULE = "intake";

/** A field as a person finds it on the issue: a system field id (`description`) capitalised. */
const fieldLabel = (name: string): string => (/^[a-z]+$/.test(name) ? `${name.charAt(0).toUpperCase()}${name.slice(1)}` : name);
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
  const missing: string[] = [];
  for (const name of intake.require) if (facts.answer(name) === undefined) missing.push(name);
  if (missing.length > 0) {
    const names = missing.join(", ");
    const reason = `missing: ${names}`;
    plan.addLabels([intake.label], RULE, reason);
    // Where each answer goes: a field of the tracker the rules map it to, else the description.
    let items = "";
    let inFields = 0;
    for (let i = 0; i < missing.length; i++) {
      const name = missing[i] as string;
      const title = rules.fields.get(name)?.title[rules.locale] ?? name;
      const place = facts.trackerFields(name)[0];
      if (place !== undefined) inFields++;
      items += `${i === 0 ? "" : "\n"}- [ ] ${place === undefined ? title : message(rules, "intake.field-item", { title, field: fieldLabel(place) })}`;
    }
    const id = inFields === 0 ? "intake.missing" : inFields === missing.length ? "intake.missing-fields" : "intake.missing-mixed";
    plan.sticky(INTAKE_KEY, message(rules, id, { missing: items, label: intake.label }, "intake.missing"), [], RULE, reason);
    facts.trace.push({ rule: RULE, fired: true, notes: [`missing ${missing.length} of ${intake.require.length}: ${names}`] });
    return;
  }
  // Complete: the label is derived both ways, whoever put it on (waiting on the reporter for
  // anything else is what waiting-for-customer is for).
  if (facts.labels.has(intake.label)) {
    plan.removeLabels([intake.label], RULE, "all required information is there");
  }
  // Only an intake comment already there is edited to say so: without one there is nothing to write.
  if (facts.ownComment(INTAKE_KEY) !== undefined) {
    plan.sticky(INTAKE_KEY, message(rules, "intake.complete"), [], RULE, "all required information is there", false);
  }
  facts.trace.push({ rule: RULE, fired: false, notes: [`all ${intake.require.length} required fields answered`] });
}
