/**
 * One action of an own rule (`then:`) → the compiled action, its names checked: by the rule
 * action of its one key, which the module of the operation kind it plans holds.
 */
import { RULE_ACTIONS } from "../operations/registry.ts";
import type { DataPath, RefChecks } from "./compile-context.ts";
import type { Action } from "./rules.ts";
import type { ActionInput } from "./schema.ts";

export function compileAction(input: ActionInput, ruleName: string, path: DataPath, check: Pick<RefChecks, "checkLevel" | "checkField" | "checkTargets" | "checkChannels">): Action {
  const values: Readonly<Record<string, unknown>> = input;
  const action = RULE_ACTIONS.find((a) => values[a.key] !== undefined);
  // The schema takes exactly one key of RULE_ACTIONS: an entry without one never gets here.
  if (action === undefined) throw new Error(`${path.join(".")}: an action without a known key passed the schema`);
  return action.compile(values[action.key], { rule: ruleName, path: [...path, action.key], check });
}
