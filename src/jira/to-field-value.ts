/**
 * A rule's field value (text, number, list of names) → the JSON Jira's edit-issue wants for that
 * field, by the field's schema from `/rest/api/3/field`: options as `{value}`, users as
 * `{accountId}`, multi-line text as ADF, lists as arrays of those.
 */
import type { FieldValue } from "../core/model.ts";
import { textToAdf } from "./adf-from-text.ts";
import type { FieldInfo } from "./field-catalog.ts";

/** System fields whose text is ADF in REST v3. */
const ADF_SYSTEM_FIELDS = new Set(["description", "environment"]);

const asText = (value: Exclude<FieldValue, null>): string => (Array.isArray(value) ? value.join(", ") : String(value));
const asList = (value: Exclude<FieldValue, null>): string[] =>
  Array.isArray(value) ? [...(value as readonly string[])] : String(value).split(",").map((part) => part.trim()).filter((part) => part !== "");

function element(type: string | undefined, text: string): unknown {
  switch (type) {
    case "option":
    case "option-with-child":
      return { value: text };
    case "user":
      return { accountId: text };
    case "group":
    case "component":
    case "version":
    case "priority":
    case "resolution":
    case "issuetype":
      return { name: text };
    case "number":
      return Number(text);
    default:
      return text;
  }
}

/** The JSON value to write into `fields[field.id]`. */
export function toFieldValue(field: FieldInfo, value: FieldValue): unknown {
  if (value === null) return null;
  if (field.type === "array") return asList(value).map((entry) => element(field.items, entry));
  if (ADF_SYSTEM_FIELDS.has(field.id) || (field.custom ?? "").endsWith(":textarea")) return textToAdf(asText(value));
  if (field.type === "number") {
    const number = typeof value === "number" ? value : Number(asText(value));
    return Number.isFinite(number) ? number : asText(value);
  }
  if (field.type === "string" || field.type === "date" || field.type === "datetime") return asText(value);
  if (typeof value === "boolean" || typeof value === "number") return value;
  return element(field.type, asText(value));
}
