/** `close`: close an open issue, as completed or as not planned. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

export const close: OperationModule<"close"> = {
  kind: "close",
  fields: { closeReason: z.enum(["completed", "not_planned"]) },
  describe: (op) => `✕ close as ${op.closeReason}`,
  markdown: (op) => `close (${op.closeReason})`,
  brief: () => "close",
  summaryName: "closed",
};
