/** `transition`: move the issue through the workflow step with this name. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { ruleAction } from "./rule-action.ts";

/** `transition:` — a workflow step by name (trackers without a workflow skip it). */
const transitionAction = ruleAction({
  key: "transition",
  schema: z.string(),
  description: "Move the issue through the workflow transition with this name (on trackers with a workflow).",
  compile: (value) => ({ kind: "transition", transition: value }),
});

export const transition: OperationModule<"transition"> = {
  kind: "transition",
  fields: { to: z.string() },
  describe: (op) => `→ transition ${op.to}`,
  markdown: (op) => `transition to ${op.to}`,
  brief: () => "transition",
  summaryName: "transition",
  actions: [transitionAction],
};
