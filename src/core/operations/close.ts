/** `close`: close an open issue, as completed or as not planned. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `close:`, compiled. */
interface CloseAction extends Action {
  kind: "close";
  reason: "completed" | "not_planned";
}

/** `close:` — close the issue with this reason. */
const closeAction = ruleAction({
  key: "close",
  schema: z.enum(["completed", "not_planned"]),
  description: "Close the issue with this reason.",
  compile: (value): CloseAction => ({ kind: "close", reason: value }),
  plan: (action, { facts, plan, rule, reason }) => {
    if (facts.issue.state === "open") plan.push({ kind: "close", closeReason: action.reason, rule, reason });
  },
});

export const close: OperationModule<"close"> = {
  kind: "close",
  fields: { closeReason: z.enum(["completed", "not_planned"]) },
  describe: (op) => `✕ close as ${op.closeReason}`,
  markdown: (op) => `close (${op.closeReason})`,
  brief: () => "close",
  summaryName: "closed",
  actions: [closeAction],
};
