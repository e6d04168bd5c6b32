/** `reopen`: open a closed issue again. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { ruleAction } from "./rule-action.ts";

/** `reopen: true` — reopen the issue. */
const reopenAction = ruleAction({
  key: "reopen",
  schema: z.literal(true),
  description: "Reopen the issue.",
  compile: () => ({ kind: "reopen" }),
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
