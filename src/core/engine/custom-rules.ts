/** The rule file's own rules: when a condition holds, do the actions — as differences, once. */
import { asksForPullRequests } from "../rules/conditions.ts";
import { fill } from "../text/messages.ts";
import { neutraliseMentions } from "../text/neutralise-mentions.ts";
import type { Facts } from "./facts.ts";
import type { PlanBuilder } from "./plan-builder.ts";
import { pickMember, resolvePeople } from "./routing.ts";
import { testCondition } from "./test-condition.ts";
import { assignable } from "./capabilities.ts";

export function applyCustomRules(facts: Facts, plan: PlanBuilder): void {
  const { issue, rules } = facts;
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
    for (const action of rule.then) {
      const reason = rule.description ?? `rule ${rule.name}`;
      switch (action.kind) {
        case "label":
          plan.addLabels(action.labels ?? [], name, reason);
          break;
        case "unlabel":
          plan.removeLabels(action.labels ?? [], name, reason);
          break;
        case "comment": {
          const body = fill(action.text ?? "", vars);
          if (action.sticky) plan.sticky(action.key ?? name, body, [], name, reason);
          else plan.commentOnce(action.key ?? name, body, [], name, reason);
          break;
        }
        case "mention": {
          const people = resolvePeople(action.targets ?? [], facts);
          if (people.length > 0) plan.commentOnce(action.key ?? `${name}/mention`, fill(`{title}`, vars), people, name, reason);
          break;
        }
        case "assign": {
          const assignees = new Set(issue.assignees.map((p) => p.id));
          const wanted: string[] = [];
          for (const target of assignable(issue, action.targets ?? [])) {
            const group = rules.groups.get(target);
            if (group) {
              const ids = group.members.map((m) => m[issue.capabilities.source]);
              if (ids.some((id) => id !== undefined && assignees.has(id))) continue;
              const member = pickMember(group, facts);
              if (member) wanted.push(member);
            } else if (!assignees.has(target)) {
              wanted.push(target);
            }
          }
          if (wanted.length > 0) plan.push({ kind: "assign", assignees: wanted, rule: name, reason });
          break;
        }
        case "reopen":
          if (issue.state === "closed") plan.push({ kind: "reopen", rule: name, reason });
          break;
        case "close":
          if (issue.state === "open") plan.push({ kind: "close", closeReason: action.reason ?? "completed", rule: name, reason });
          break;
        case "priority":
          // Decided with the priority itself, those waiting on a clock too (priority.ts), so
          // that the clocks counted, the labels and the escalation all follow the level set.
          break;
        case "set-field": {
          const field = rules.fields.get(action.field ?? "");
          const key = field?.sources[issue.capabilities.source]?.fields[0];
          if (key !== undefined && issue.fields[key] !== action.value) {
            plan.push({ kind: "set-field", field: key, value: action.value ?? null, rule: name, reason });
          }
          break;
        }
        case "transition":
          // A tracker without a workflow: one rule file serves every tracker, so this is not a failure.
          if (!issue.capabilities.workflowStatus) {
            facts.trace.push({ rule: name, fired: false, notes: ["transition skipped: this tracker's issues have no workflow status"] });
            break;
          }
          if (issue.status?.name.toLowerCase() !== action.transition?.toLowerCase()) {
            plan.push({ kind: "transition", to: action.transition ?? "", rule: name, reason });
          }
          break;
      }
    }
    facts.trace.push({ rule: name, fired: true, notes: [`${plan.changes() - before} change(s)`] });
  }
}
