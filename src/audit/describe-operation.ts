/** How reports name one operation: `+ label needs-info`, `~ comment [intake/missing]`. */
import { operationKeys } from "../core/engine/digest.ts";
import type { Operation } from "../core/plan.ts";

/** One line describing an operation: `+ label needs-info`, `~ comment intake/missing`. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "add-labels":
      return `+ label ${op.labels.join(", ")}`;
    case "remove-labels":
      return `- label ${op.labels.join(", ")}`;
    case "comment":
      return `+ comment [${operationKeys(op).join(" ")}]${op.mentions.length > 0 ? ` cc ${op.mentions.map((m) => `@${m}`).join(" ")}` : ""}`;
    case "edit-comment":
      return `~ comment [${operationKeys(op).join(" ")}]`;
    case "assign":
      return `+ assign ${op.assignees.join(", ")}`;
    case "reopen":
      return "↺ reopen";
    case "close":
      return `✕ close as ${op.closeReason}`;
    case "set-priority":
      return `★ priority ${op.priority}`;
    case "set-field":
      return `= field ${op.field} = ${JSON.stringify(op.value)}`;
    case "transition":
      return `→ transition ${op.to}`;
  }
}
