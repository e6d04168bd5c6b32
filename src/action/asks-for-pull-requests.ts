/**
 * Whether any custom rule wants pull requests (`pull-request: true` somewhere in its condition).
 * Only then do pull-request events cost a run; evaluation itself applies only those rules to them.
 */
import type { Condition } from "../core/rules/conditions.ts";
import type { Rules } from "../core/rules/rules.ts";

function mentions(condition: Condition): boolean {
  switch (condition.kind) {
    case "all":
    case "any":
      return condition.items.some(mentions);
    case "not":
      return mentions(condition.item);
    case "pull-request":
      return condition.value;
    default:
      return false;
  }
}

export function asksForPullRequests(rules: Rules): boolean {
  return rules.rules.some((rule) => rule.when !== undefined && mentions(rule.when));
}
