/** `shepherd schema`: the JSON Schema of rule files, generated from the zod schema. */
import { RULE_FORMAT } from "../../config/trackers.ts";
import { ruleFileJsonSchema } from "../../core/rules/json-schema.ts";
import type { CliIO } from "../io.ts";

export function runSchema(io: CliIO): number {
  io.stdout.write(`${JSON.stringify(ruleFileJsonSchema(RULE_FORMAT), null, 2)}\n`);
  return 0;
}
