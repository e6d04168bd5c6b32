/** One action of an own rule (`then:`) → the compiled action, its names checked. */
import { list, type DataPath, type RefChecks } from "./compile-context.ts";
import type { Action } from "./rules.ts";
import type { ActionInput } from "./schema.ts";

export function compileAction(input: ActionInput, ruleName: string, path: DataPath, check: Pick<RefChecks, "checkLevel" | "checkField" | "checkTargets">): Action {
  if (input.label !== undefined) return { kind: "label", labels: list(input.label) };
  if (input.unlabel !== undefined) return { kind: "unlabel", labels: list(input.unlabel) };
  if (input.comment !== undefined) {
    const c = typeof input.comment === "string" ? { text: input.comment } : input.comment;
    return { kind: "comment", text: c.text, key: `rule/${c.key ?? ruleName}`, sticky: "sticky" in c ? (c.sticky ?? false) : false };
  }
  if (input.assign !== undefined) return { kind: "assign", targets: check.checkTargets(input.assign, [...path, "assign"]) };
  if (input.mention !== undefined) return { kind: "mention", targets: check.checkTargets(input.mention, [...path, "mention"]), key: `rule/${ruleName}/mention` };
  if (input.reopen !== undefined) return { kind: "reopen" };
  if (input.close !== undefined) return { kind: "close", reason: input.close };
  if (input.priority !== undefined) {
    check.checkLevel(input.priority, [...path, "priority"]);
    return { kind: "priority", priority: input.priority };
  }
  if (input["set-field"] !== undefined) {
    check.checkField(input["set-field"].name, [...path, "set-field", "name"]);
    return { kind: "set-field", field: input["set-field"].name, value: input["set-field"].value };
  }
  return { kind: "transition", transition: input.transition ?? "" };
}
