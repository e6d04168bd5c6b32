/** Evaluate a compiled condition against the facts of one issue. */
import { TWENTY_FOUR_SEVEN } from "../calendar/twenty-four-seven.ts";
import type { Condition } from "../rules/conditions.ts";
import { instantAfter, type Duration } from "../rules/duration.ts";
import type { Facts } from "./facts.ts";

/** The last activity by a person (the tool's own comments and changes do not count). */
function lastActivity(facts: Facts): number {
  const { issue } = facts;
  let last = issue.createdAt;
  for (const c of issue.comments) if (c.createdAt > last && facts.roleOf(c.author) !== "bot") last = c.createdAt;
  for (const e of issue.history) if (e.at > last && !(e.actor && facts.roleOf(e.actor) === "bot")) last = e.at;
  return last;
}

/**
 * Is `now` more than `over` and less than `under` after `since`? A `bd` part counts working days
 * on the SLA calendar of the issue's priority (24x7 when the rules name none).
 */
function inRange(facts: Facts, since: number, over: Duration | undefined, under: Duration | undefined): boolean {
  const calendar = facts.rules.sla.calendars.get(facts.priority) ?? TWENTY_FOUR_SEVEN;
  return (over === undefined || facts.now > instantAfter(since, over, calendar)) && (under === undefined || facts.now < instantAfter(since, under, calendar));
}

/** Is `value` one of `values`, case-insensitively? (No lower-cased copy of the list per test.) */
function includesFolded(values: readonly string[], value: string): boolean {
  const wanted = value.toLowerCase();
  for (const v of values) if (v.toLowerCase() === wanted) return true;
  return false;
}

export function testCondition(condition: Condition, facts: Facts): boolean {
  const { issue } = facts;
  switch (condition.kind) {
    case "all":
      for (const item of condition.items) if (!testCondition(item, facts)) return false;
      return true;
    case "any":
      for (const item of condition.items) if (testCondition(item, facts)) return true;
      return false;
    case "not":
      return !testCondition(condition.item, facts);
    case "label":
      for (const l of condition.labels) if (facts.labels.has(l)) return true;
      return false;
    case "text":
      return condition.matcher.test(facts.text);
    case "title":
      return condition.matcher.test(issue.title);
    case "body":
      return condition.matcher.test(issue.body);
    case "field": {
      const answer = facts.answer(condition.name);
      if (condition.present !== undefined && (answer !== undefined) !== condition.present) return false;
      if (condition.equals !== undefined && answer?.trim().toLowerCase() !== condition.equals.toLowerCase()) return false;
      if (condition.matches !== undefined && (answer === undefined || !condition.matches.test(answer))) return false;
      return true;
    }
    case "state":
      return issue.state === condition.state;
    case "close-reason":
      return issue.state === "closed" && issue.closeReason !== undefined && condition.values.includes(issue.closeReason);
    case "status":
      return issue.status !== undefined && includesFolded(condition.values, issue.status.name);
    case "type":
      return issue.type !== undefined && includesFolded(condition.values, issue.type);
    case "priority":
      return condition.values.includes(facts.priority);
    case "category":
      return facts.category !== undefined && condition.values.includes(facts.category);
    case "age":
      return inRange(facts, issue.createdAt, condition.over, condition.under);
    case "idle":
      return inRange(facts, lastActivity(facts), condition.over, condition.under);
    case "author":
      return facts.roleOf(issue.author) === condition.role;
    case "assigned":
      return issue.assignees.length > 0 === condition.value;
    case "clock": {
      const clock = facts.clocks.find((c) => c.clock === condition.name);
      return clock !== undefined && condition.states.includes(clock.state);
    }
    case "pull-request":
      return (issue.pullRequest ?? false) === condition.value;
  }
}
