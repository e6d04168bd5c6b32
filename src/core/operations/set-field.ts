/** `set-field`: a value for one of the fields, named as the tracker names it. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

export const setField: OperationModule<"set-field"> = {
  kind: "set-field",
  fields: { field: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]) },
  describe: (op) => `= field ${op.field} = ${JSON.stringify(op.value)}`,
  markdown: (op) => `set ${op.field}`,
  brief: (op) => `set-field ${op.field}`,
  summaryName: "field set",
};
