/** Does a condition (anywhere inside) test an SLA clock, which is known only after the clocks run? */
import type { Condition } from "../rules/conditions.ts";

export function usesClocks(condition: Condition): boolean {
  switch (condition.kind) {
    case "all":
    case "any":
      return condition.items.some(usesClocks);
    case "not":
      return usesClocks(condition.item);
    case "clock":
      return true;
    default:
      return false;
  }
}
