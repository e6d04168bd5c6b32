/**
 * `set-priority`: the level the rules settled on. The tracker keeps it as labels (`labels`), in its
 * own priority field (`native`), or both; adapters write whichever the operation carries.
 */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { PriorityName } from "../rules/name-schemas.ts";
import { ruleAction } from "./rule-action.ts";

/** `priority:` — the level this rule sets (decided with the priority itself, never over a person's choice). */
const priority = ruleAction({
  key: "priority",
  schema: PriorityName,
  description: "Set the priority level (never over a person's choice).",
  compile: (value, { path, check }) => {
    check.checkLevel(value, path);
    return { kind: "priority", priority: value };
  },
});

export const setPriority: OperationModule<"set-priority"> = {
  kind: "set-priority",
  fields: {
    priority: z.string(),
    native: z.string(),
    labels: z.strictObject({ add: z.array(z.string()), remove: z.array(z.string()) }),
  },
  describe: (op) => `★ priority ${op.priority}`,
  markdown: (op) => `priority ${op.priority}`,
  brief: (op) => `set-priority ${op.priority}`,
  summaryName: "priority set",
  labels: (op) => op.labels ?? { add: [], remove: [] },
  actions: [priority],
};
