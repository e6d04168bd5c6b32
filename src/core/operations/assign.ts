/** `assign`: people to add to the assignees. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { ruleAction } from "./rule-action.ts";

/** `assign:` — a group (one member, by its strategy) or a person. */
const assignAction = ruleAction({
  key: "assign",
  schema: z.union([z.string(), z.array(z.string())]),
  description:
    'Assign a group (picks one member by its strategy) or a person: a bare name is a declared group, or a person a group lists; anyone else is "@login" (quoted).',
  compile: (value, { path, check }) => ({ kind: "assign", targets: check.checkTargets(value, path) }),
});

export const assign: OperationModule<"assign"> = {
  kind: "assign",
  fields: { assignees: z.array(z.string()) },
  describe: (op) => `+ assign ${op.assignees.join(", ")}`,
  markdown: (op) => `assign ${op.assignees.join(", ")}`,
  brief: (op) => `assign ${op.assignees.join(", ")}`,
  summaryName: "assigned",
  actions: [assignAction],
};
