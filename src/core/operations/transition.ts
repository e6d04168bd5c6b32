/** `transition`: move the issue through the workflow step with this name. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `transition:`, compiled. */
interface TransitionAction extends Action {
  kind: "transition";
  transition: string;
}

/** `transition:` — a workflow step by name (trackers without a workflow skip it). */
const transitionAction = ruleAction({
  key: "transition",
  schema: z.string(),
  description: "Move the issue through the workflow transition with this name (on trackers with a workflow).",
  compile: (value): TransitionAction => ({ kind: "transition", transition: value }),
  plan: (action, { facts, plan, rule, reason }) => {
    const { issue } = facts;
    // A tracker without a workflow: one rule file serves every tracker, so this is not a failure.
    if (!issue.capabilities.workflowStatus) {
      facts.trace.push({ rule, fired: false, notes: ["transition skipped: this tracker's issues have no workflow status"] });
      return;
    }
    if (issue.status?.name.toLowerCase() !== action.transition.toLowerCase()) plan.push({ kind: "transition", to: action.transition, rule, reason });
  },
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
