/** `set-field`: a value for one of the issue's fields, named as the tracker names it. */
import { z } from "zod";
import type { OperationModule } from "./operation-module.ts";
import { Id } from "../rules/name-schemas.ts";
import { type Action, ruleAction } from "./rule-action.ts";

/** `set-field:`, compiled: the field by its name under `fields:`. */
interface SetFieldAction extends Action {
  kind: "set-field";
  field: string;
  value: string | number | boolean | null;
}

/** `set-field:` — a value for a field declared under `fields:`. */
const setFieldAction = ruleAction({
  key: "set-field",
  schema: z.strictObject({ name: Id, value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  description: "Set a named field.",
  compile: (value, { path, check }): SetFieldAction => {
    check.checkField(value.name, [...path, "name"]);
    return { kind: "set-field", field: value.name, value: value.value };
  },
  plan: (action, { facts, plan, rule, reason }) => {
    const { issue, rules } = facts;
    const key = rules.fields.get(action.field)?.sources[issue.capabilities.source]?.fields[0];
    if (key !== undefined && issue.fields[key] !== action.value) plan.push({ kind: "set-field", field: key, value: action.value, rule, reason });
  },
});

export const setField: OperationModule<"set-field"> = {
  kind: "set-field",
  fields: { field: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]) },
  describe: (op) => `= field ${op.field} = ${JSON.stringify(op.value)}`,
  markdown: (op) => `set ${op.field}`,
  brief: (op) => `set-field ${op.field}`,
  summaryName: "field set",
  actions: [setFieldAction],
};
