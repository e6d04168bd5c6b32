/** `transition`: move the issue through the workflow step with this name. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

export const transition: OperationModule<"transition"> = {
  kind: "transition",
  fields: { to: z.string() },
  describe: (op) => `→ transition ${op.to}`,
  markdown: (op) => `transition to ${op.to}`,
  brief: () => "transition",
  summaryName: "transition",
};
