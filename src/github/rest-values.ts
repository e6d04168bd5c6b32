/**
 * Runtime readers for values of GitHub REST objects: each returns undefined for anything that is
 * not what GitHub documents, so a missing or odd field is treated as absent instead of crashing.
 */
import type { FieldValue } from "../core/model.ts";
import type { RestIssueFieldValue, RestLabel } from "./rest-types.ts";

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const readString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** An ISO 8601 timestamp as epoch milliseconds. */
export function readInstant(value: unknown): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A label as its name, whether GitHub sent an object or a bare string. */
export function readLabelName(label: RestLabel | string | null | undefined): string | undefined {
  if (typeof label === "string") return label === "" ? undefined : label;
  if (!isRecord(label)) return undefined;
  const name = readString(label.name);
  return name === "" ? undefined : name;
}

/** The label names of an issue, in order, without duplicates. */
export function readLabelNames(labels: unknown): string[] {
  if (!Array.isArray(labels)) return [];
  const names: string[] = [];
  for (const label of labels as unknown[]) {
    const name = readLabelName(label as RestLabel | string);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** One issue field value flattened to a core field value: option names, texts, numbers. */
export function readIssueFieldValue(field: RestIssueFieldValue): FieldValue {
  const options = field.multi_select_options;
  if (Array.isArray(options)) {
    return options.flatMap((option) => (isRecord(option) && typeof option.name === "string" ? [option.name] : []));
  }
  const option = field.single_select_option;
  if (isRecord(option) && typeof option.name === "string") return option.name;
  const value = field.value;
  if (field.data_type === "multi_select" && typeof value === "string") {
    return value.split(",").map((part) => part.trim()).filter((part) => part !== "");
  }
  if (typeof value === "string" || typeof value === "number") return value;
  return null;
}

/** Issue field values by field name. */
export function readIssueFields(values: unknown): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  if (!Array.isArray(values)) return fields;
  for (const entry of values as unknown[]) {
    if (!isRecord(entry)) continue;
    const name = readString(entry.issue_field_name);
    if (name === undefined || name === "") continue;
    fields[name] = readIssueFieldValue(entry);
  }
  return fields;
}
