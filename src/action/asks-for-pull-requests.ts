/**
 * Whether any custom rule wants pull requests (`pull-request: true` somewhere in its condition).
 * Only then do pull-request events cost a run; evaluation itself applies only those rules to them.
 */
import { asksForPullRequests as conditionAsks } from "../core/rules/conditions.ts";
import type { Rules } from "../core/rules/rules.ts";

export function asksForPullRequests(rules: Rules): boolean {
  return rules.rules.some((rule) => rule.when !== undefined && conditionAsks(rule.when));
}
