/** `remove-labels`: labels the issue carries and should not. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { StringList } from "../rules/name-schemas.ts";
import { keptLabels } from "./kept-labels.ts";
import { type Action, asList, ruleAction } from "./rule-action.ts";

/** `unlabel:`, compiled. */
interface UnlabelAction extends Action {
  kind: "unlabel";
  labels: string[];
}

/** `unlabel:` — remove label(s). */
const unlabel = ruleAction({
  key: "unlabel",
  schema: StringList,
  description: "Remove label(s).",
  compile: (value): UnlabelAction => ({ kind: "unlabel", labels: asList(value) }),
  plan: (action, { plan, rule, reason }) => plan.removeLabels(action.labels, rule, reason),
});

export const removeLabels: OperationModule<"remove-labels"> = {
  kind: "remove-labels",
  fields: { labels: z.array(z.string()) },
  describe: (op) => `- label ${op.labels.join(", ")}`,
  markdown: (op) => `−${op.labels.map((l) => `\`${l}\``).join(" −")}`,
  brief: (op) => `remove-labels ${op.labels.join(", ")}`,
  summaryName: "labels removed",
  summaryLabels: (op) => op.labels,
  labels: (op) => ({ add: [], remove: op.labels }),
  quiet: (op, may) => keptLabels(op, (label) => may.remove(label)),
  actions: [unlabel],
};
