/** The JSON Schema of rule files, for editors (`# yaml-language-server: $schema=…`). */
import { z } from "zod";
import { RuleFile } from "./schema.ts";

export function ruleFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RuleFile, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema["$schema"],
    title: "issue-shepherd rule file",
    description: "Support-process rules applied to GitHub Issues and Jira: priorities, required information, SLA clocks, escalation, closure checklist.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}
