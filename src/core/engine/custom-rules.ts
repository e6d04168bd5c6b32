/**
 * The rule file's own rules: when a condition holds, do the actions — as differences, once. Each
 * action is planned by its rule action, in the module of the operation kind it plans.
 */
import { ruleActionOf } from "../operations/registry.ts";
import { asksForPullRequests } from "../rules/conditions.ts";
import type { GroupRule } from "../rules/rules.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { pickMember, resolvePeople } from "./routing.ts";
import { cyclesFor } from "./sla.ts";
import { testCondition } from "./test-condition.ts";

export function applyCustomRules(facts: Facts, plan: PlanBuilder): void {
  const { issue, rules } = facts;
  const people = (targets: readonly string[]): string[] => resolvePeople(targets, facts);
  const member = (group: GroupRule): string | undefined => pickMember(group, facts);
  const cycle = (): number => cyclesFor(facts).at(-1)?.index ?? 1;
  for (const rule of rules.rules) {
    const name = `rules.${rule.name}`;
    if (issue.pullRequest && !(rule.when && asksForPullRequests(rule.when))) continue;
    if (rule.when && !testCondition(rule.when, facts)) {
      facts.trace.push({ rule: name, fired: false, notes: ["condition is false"] });
      continue;
    }
    const before = plan.changes();
    const vars = {
      title: neutraliseMentions(issue.title),
      priority: facts.priority,
      author: neutraliseMentions(issue.author.id),
      category: facts.category ?? "",
    };
    const reason = rule.description ?? `rule ${rule.name}`;
    const at = { facts, plan, rule: name, reason, vars, people, member, cycle };
    for (const action of rule.then) ruleActionOf(action).plan(action, at);
    facts.trace.push({ rule: name, fired: true, notes: [`${plan.changes() - before} change(s)`] });
  }
}
