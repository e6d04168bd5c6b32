/**
 * What the in-memory GitHub derives from all issues together, folded one entry at a time (a
 * snapshot store folds it while it indexes the file): the repository's labels, the
 * organisation's issue fields and issue types as far as the issues show them, and the largest
 * numeric id in use, so that the ids of new comments and events never collide with one.
 *
 * A snapshot's header may name more than its issues show, in the shapes GitHub's REST API answers:
 * `labels` (names or label objects), `issue_fields` (`GET /orgs/{org}/issue-fields`, with every
 * option) and `issue_types` (names or `GET /orgs/{org}/issue-types` objects). The header's come
 * first; an option or field seen only on issues is added to them.
 */
import type { RestIssueFieldValue } from "../rest-types.ts";
import { isRecord } from "../../core/json-checks.ts";
import { labelNames, type GithubSnapshotEntry } from "./snapshot-entry.ts";

/** An organisation's issue field, as `GET /orgs/{org}/issue-fields` answers it. */
export interface InMemoryIssueField {
  id: number;
  node_id: string;
  name: string;
  data_type: "text" | "date" | "single_select" | "multi_select" | "number";
  options?: { id: number; name: string; color?: string }[];
}

export interface GithubCatalog {
  /** Label names, unique regardless of case, in the spelling first seen. */
  labels: string[];
  issueFields: InMemoryIssueField[];
  issueTypes: string[];
  /** The largest numeric id of an issue, comment, event, field or option; 0 when none. */
  maxId: number;
}

const DATA_TYPES = new Set(["text", "date", "single_select", "multi_select", "number"]);

const numberOr = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/** A fresh fold over the entries of one repository. */
export function catalogFold(header: Readonly<Record<string, unknown>> = {}): { add(entry: GithubSnapshotEntry): void; result(): GithubCatalog } {
  const labels = new Map<string, string>();
  const types = new Map<string, string>();
  const fields = new Map<string, InMemoryIssueField>();
  // Fields and options without an id (hand-written values) get one once every id is known.
  const unnumbered: { id?: number }[] = [];
  let maxId = 0;
  const seeId = (value: unknown) => {
    if (typeof value === "number" && Number.isSafeInteger(value) && value > maxId) maxId = value;
  };
  const addLabel = (name: string) => {
    if (!labels.has(name.toLowerCase())) labels.set(name.toLowerCase(), name);
  };
  const addType = (name: string) => {
    if (!types.has(name.toLowerCase())) types.set(name.toLowerCase(), name);
  };
  const fieldNamed = (name: string, id: unknown, dataType: unknown): InMemoryIssueField => {
    let field = fields.get(name.toLowerCase());
    if (field === undefined) {
      const type = typeof dataType === "string" && DATA_TYPES.has(dataType) ? (dataType as InMemoryIssueField["data_type"]) : "text";
      field = { id: numberOr(id, Number.NaN), node_id: "", name, data_type: type };
      if (Number.isNaN(field.id)) unnumbered.push(field);
      fields.set(name.toLowerCase(), field);
    }
    seeId(id);
    return field;
  };
  const addOption = (field: InMemoryIssueField, option: unknown) => {
    if (!isRecord(option) || typeof option.name !== "string") return;
    field.options ??= [];
    if (field.options.some((o) => o.name.toLowerCase() === (option.name as string).toLowerCase())) return;
    const added = { id: numberOr(option.id, Number.NaN), name: option.name, ...(typeof option.color === "string" ? { color: option.color } : {}) };
    if (Number.isNaN(added.id)) unnumbered.push(added);
    seeId(option.id);
    field.options.push(added);
  };

  for (const label of Array.isArray(header.labels) ? header.labels : []) {
    const name = typeof label === "string" ? label : isRecord(label) && typeof label.name === "string" ? label.name : undefined;
    if (name !== undefined) addLabel(name);
  }
  for (const value of Array.isArray(header.issue_fields) ? header.issue_fields : []) {
    if (!isRecord(value) || typeof value.name !== "string") continue;
    const field = fieldNamed(value.name, value.id, value.data_type);
    if (typeof value.node_id === "string") field.node_id = value.node_id;
    for (const option of Array.isArray(value.options) ? value.options : []) addOption(field, option);
  }
  for (const type of Array.isArray(header.issue_types) ? header.issue_types : []) {
    const name = typeof type === "string" ? type : isRecord(type) && typeof type.name === "string" ? type.name : undefined;
    if (name !== undefined) addType(name);
  }

  const addValue = (value: RestIssueFieldValue) => {
    if (typeof value.issue_field_name !== "string") return;
    const field = fieldNamed(value.issue_field_name, value.issue_field_id, value.data_type);
    if (field.node_id === "" && typeof value.node_id === "string") field.node_id = value.node_id;
    addOption(field, value.single_select_option);
    for (const option of Array.isArray(value.multi_select_options) ? value.multi_select_options : []) addOption(field, option);
  };

  return {
    add(entry) {
      const issue = entry.issue;
      seeId(issue.id);
      for (const name of labelNames(issue)) addLabel(name);
      if (typeof issue.type?.name === "string") addType(issue.type.name);
      for (const value of Array.isArray(issue.issue_field_values) ? issue.issue_field_values : []) addValue(value);
      for (const comment of Array.isArray(entry.comments) ? entry.comments : []) seeId(comment.id);
      for (const event of Array.isArray(entry.timeline) ? entry.timeline : []) seeId(event.id);
    },
    result() {
      for (const item of unnumbered) item.id = ++maxId;
      const issueFields = [...fields.values()].map((field) => ({ ...field, node_id: field.node_id === "" ? `IFSS_${field.id}` : field.node_id }));
      return { labels: [...labels.values()], issueFields, issueTypes: [...types.values()], maxId };
    },
  };
}
