/** `add-labels`: labels the issue should carry and does not yet. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { StringList } from "../rules/name-schemas.ts";
import { keptLabels } from "./kept-labels.ts";
import { type Action, asList, ruleAction } from "./rule-action.ts";

/** `label:`, compiled. */
interface LabelAction extends Action {
  kind: "label";
  labels: string[];
}

/** `label:` — add label(s). */
const label = ruleAction({
  key: "label",
  schema: StringList,
  description: "Add label(s).",
  compile: (value): LabelAction => ({ kind: "label", labels: asList(value) }),
  plan: (action, { plan, rule, reason }) => plan.addLabels(action.labels, rule, reason),
});

export const addLabels: OperationModule<"add-labels"> = {
  kind: "add-labels",
  fields: { labels: z.array(z.string()) },
  describe: (op) => `+ label ${op.labels.join(", ")}`,
  markdown: (op) => `+${op.labels.map((l) => `\`${l}\``).join(" +")}`,
  brief: (op) => `add-labels ${op.labels.join(", ")}`,
  summaryName: "labels added",
  summaryLabels: (op) => op.labels,
  labels: (op) => ({ add: op.labels, remove: [] }),
  quiet: (op, may) => keptLabels(op, (label) => may.add(label)),
  actions: [label],
};
