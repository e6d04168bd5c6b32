/** `remove-labels`: labels the issue carries and should not. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";

export const removeLabels: OperationModule<"remove-labels"> = {
  kind: "remove-labels",
  fields: { labels: z.array(z.string()) },
  describe: (op) => `- label ${op.labels.join(", ")}`,
  markdown: (op) => `−${op.labels.map((l) => `\`${l}\``).join(" −")}`,
  brief: (op) => `remove-labels ${op.labels.join(", ")}`,
  summaryName: "labels removed",
  summaryLabels: (op) => op.labels,
  labels: (op) => ({ add: [], remove: op.labels }),
};
