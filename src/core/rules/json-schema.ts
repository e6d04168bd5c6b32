/** The JSON Schema of rule files, for editors (`# yaml-language-server: $schema=…`). */
import { z } from "zod";
import { replacesWhole } from "./merge-rule-data.ts";
import { RuleFile } from "./schema.ts";

type JsonSchema = Record<string, unknown>;

const isSchema = (v: unknown): v is JsonSchema => v !== null && typeof v === "object" && !Array.isArray(v);

/** `schema` that also accepts null, with its description kept on top for editors' hover help. */
function orNull(schema: JsonSchema): JsonSchema {
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

/**
 * Let editors accept `null` wherever the loader takes it as "remove this setting of the extended
 * files": mapping entries, not inside lists (own rules, ladders) nor inside settings that
 * replace as a whole (conditions, hours), which are also where `$ref`s lead.
 */
function allowRemovals(schema: JsonSchema, path: string[]): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (Array.isArray(schema["anyOf"])) out["anyOf"] = schema["anyOf"].map((s: unknown) => (isSchema(s) ? allowRemovals(s, path) : s));
  const entry = (key: string, value: JsonSchema): JsonSchema => {
    const at = [...path, key];
    return orNull(replacesWhole(at) ? value : allowRemovals(value, at));
  };
  if (isSchema(schema["properties"])) {
    out["properties"] = Object.fromEntries(
      Object.entries(schema["properties"]).map(([key, value]) =>
        isSchema(value) && !(path.length === 0 && key === "extends") ? [key, entry(key, value)] : [key, value],
      ),
    );
  }
  // A record (calendars, fields, targets…): any name may be removed.
  if (isSchema(schema["additionalProperties"])) out["additionalProperties"] = entry("*", schema["additionalProperties"]);
  return out;
}

export function ruleFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RuleFile, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema["$schema"],
    title: "issue-shepherd rule file",
    description: "Support-process rules applied to GitHub Issues and Jira: priorities, required information, SLA clocks, escalation, closure checklist.",
    ...allowRemovals(Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")), []),
  };
}
