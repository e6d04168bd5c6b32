/**
 * `set-priority`: the level the rules settled on. The tracker keeps it as labels (`labels`), in its
 * own priority field (`native`), or both; adapters write whichever the operation carries.
 */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { PriorityName } from "../rules/name-schemas.ts";
import type { CustomRule } from "../rules/rules.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `priority:`, compiled. */
interface PriorityAction extends Action {
  kind: "priority";
  priority: string;
}

/** `priority:` — the level this rule sets (decided with the priority itself, never over a person's choice). */
const priority = ruleAction({
  key: "priority",
  schema: PriorityName,
  description: "Set the priority level (never over a person's choice).",
  compile: (value, { path, check }): PriorityAction => {
    check.checkLevel(value, path);
    return { kind: "priority", priority: value };
  },
  // Decided with the priority itself, those waiting on a clock too (priority.ts), so that the
  // clocks counted, the labels and the escalation all follow the level set.
  plan: () => undefined,
});

const isPriority = (action: Action): action is PriorityAction => action.kind === priority.key;

/** The level the rule's `priority:` action sets; undefined when it has none. */
export const ruleLevel = (rule: CustomRule): string | undefined => rule.then.find(isPriority)?.priority;

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
  // The level is the quiet treatment's own point; its labels are the level's, never scope labels.
  quiet: (op) => op,
  actions: [priority],
};
