/** `reopen`: open a closed issue again. */
import type { OperationModule } from "./operation-module.ts";

export const reopen: OperationModule<"reopen"> = {
  kind: "reopen",
  fields: {},
  describe: () => "↺ reopen",
  markdown: () => "reopen",
  brief: () => "reopen",
  summaryName: "reopened",
};
