/** `remove-labels`: labels the issue carries and should not. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { StringList } from "../rules/name-schemas.ts";
import { asList, ruleAction } from "./rule-action.ts";

/** `unlabel:` — remove label(s). */
const unlabel = ruleAction({
  key: "unlabel",
  schema: StringList,
  description: "Remove label(s).",
  compile: (value) => ({ kind: "unlabel", labels: asList(value) }),
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
  actions: [unlabel],
};
