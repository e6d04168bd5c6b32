/** The JSON Schema of rule files, for editors (`# yaml-language-server: $schema=…`). */
import { z } from "zod";
import { CLOCK_KINDS } from "../clocks/registry.ts";
import { replacesWhole } from "./merge-rule-data.ts";
import type { RuleFormat } from "./rule-format.ts";

type JsonSchema = Record<string, unknown>;

const isSchema = (v: unknown): v is JsonSchema => v !== null && typeof v === "object" && !Array.isArray(v);

/** `schema` that also accepts null, with its description and default kept on top for editors' hover help. */
function orNull(schema: JsonSchema): JsonSchema {
  const { description, ...rest } = schema;
  const shown = "default" in rest ? { default: rest["default"] } : {};
  return { ...(description === undefined ? {} : { description }), ...shown, anyOf: [rest, { type: "null" }] };
}

/**
 * The clocks a name makes of a kind (`first-response`, `resolution`…) with their kind's
 * settings and defaults, beside the settings any clock takes: the same values are valid, and an
 * editor shows the defaults where the clock is written.
 */
function withClockKinds(schema: JsonSchema): JsonSchema {
  const sla = isSchema(schema["properties"]) ? schema["properties"]["sla"] : undefined;
  const clocks = isSchema(sla) && isSchema(sla["properties"]) ? sla["properties"]["clocks"] : undefined;
  if (!isSchema(clocks)) return schema;
  const properties: Record<string, JsonSchema> = {};
  for (const kind of Object.values(CLOCK_KINDS)) {
    const { $schema: _drop, ...settings } = z.toJSONSchema(kind.settings, { io: "input", unrepresentable: "any" });
    for (const name of kind.names) properties[name] = settings;
  }
  clocks["properties"] = properties;
  return schema;
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

/** The JSON Schema of rule files in `format` (with the registered trackers' keys and their help). */
export function ruleFileJsonSchema(format: RuleFormat): Record<string, unknown> {
  const schema = withClockKinds(z.toJSONSchema(format.schema, { io: "input", unrepresentable: "any" }));
  return {
    $schema: schema["$schema"],
    title: "issue-shepherd rule file",
    description: `Support-process rules applied to ${format.trackers.map((t) => t.product).join(" and ")}: priorities, required information, SLA clocks, escalation, closure checklist.`,
    ...allowRemovals(Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")), []),
  };
}
