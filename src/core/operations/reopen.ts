/** `reopen`: open a closed issue again. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `reopen: true` — reopen the issue. */
const reopenAction = ruleAction({
  key: "reopen",
  schema: z.literal(true),
  description: "Reopen the issue.",
  compile: (): Action & { kind: "reopen" } => ({ kind: "reopen" }),
  plan: (_action, { facts, plan, rule, reason }) => {
    if (facts.issue.state === "closed") plan.push({ kind: "reopen", rule, reason });
  },
});

export const reopen: OperationModule<"reopen"> = {
  kind: "reopen",
  fields: {},
  describe: () => "↺ reopen",
  markdown: () => "reopen",
  brief: () => "reopen",
  summaryName: "reopened",
  actions: [reopenAction],
};
