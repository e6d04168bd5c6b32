/** `assign`: people to add to the issue's assignees. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { assignable } from "../engine/capabilities.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `assign:`, compiled: groups and people, as the engine takes them. */
interface AssignAction extends Action {
  kind: "assign";
  targets: string[];
}

/** `assign:` — a group (one member, by its strategy) or a person. */
const assignAction = ruleAction({
  key: "assign",
  schema: z.union([z.string(), z.array(z.string())]),
  description:
    'Assign a group (picks one member by its strategy) or a person: a bare name is a declared group, or a person a group lists; anyone else is "@login" (quoted).',
  compile: (value, { path, check }): AssignAction => ({ kind: "assign", targets: check.checkTargets(value, path) }),
  /** A group already holding an assignee is left as it is; else one member, picked by its strategy. */
  plan: (action, { facts, plan, rule, reason, member: pick }) => {
    const { issue } = facts;
    const assignees = new Set(issue.assignees.map((p) => p.id));
    const wanted: string[] = [];
    for (const target of assignable(issue, action.targets)) {
      const group = facts.rules.groups.get(target);
      if (group) {
        const ids = group.members.map((m) => m[issue.capabilities.source]);
        if (ids.some((id) => id !== undefined && assignees.has(id))) continue;
        const member = pick(group);
        if (member) wanted.push(member);
      } else if (!assignees.has(target)) {
        wanted.push(target);
      }
    }
    if (wanted.length > 0) plan.push({ kind: "assign", assignees: wanted, rule, reason });
  },
});

export const assign: OperationModule<"assign"> = {
  kind: "assign",
  fields: { assignees: z.array(z.string()) },
  describe: (op) => `+ assign ${op.assignees.join(", ")}`,
  markdown: (op) => `assign ${op.assignees.join(", ")}`,
  brief: (op) => `assign ${op.assignees.join(", ")}`,
  summaryName: "assigned",
  assigns: { people: (op) => op.assignees, only: (op, person) => ({ ...op, assignees: [person] }) },
  actions: [assignAction],
};
