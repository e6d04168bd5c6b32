/** `assign`: people to add to the assignees. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

export const assign: OperationModule<"assign"> = {
  kind: "assign",
  fields: { assignees: z.array(z.string()) },
  describe: (op) => `+ assign ${op.assignees.join(", ")}`,
  markdown: (op) => `assign ${op.assignees.join(", ")}`,
  brief: (op) => `assign ${op.assignees.join(", ")}`,
  summaryName: "assigned",
};
