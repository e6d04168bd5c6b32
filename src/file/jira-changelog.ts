/**
 * How the Jira snapshot applier records a change, as Jira Cloud does: every change through the
 * API adds one changelog history entry by the acting account and bumps `updated`.
 */
import type { JiraChangeItem, JiraIssue, JiraStatus, JiraUser } from "../jira/to-core-issue.ts";
import type { ApplyContext } from "./apply-result.ts";

export interface JiraApplyContext extends ApplyContext {
  /** The statuses seen in the snapshot, to learn the category of a status by its name. */
  statuses?: () => readonly JiraStatus[];
  /** A user with that accountId seen elsewhere in the snapshot (to copy the display name). */
  findUser?: (accountId: string) => JiraUser | undefined;
  /** Field name → field id, for set-field by name. */
  fieldIdOf?: (name: string) => string | undefined;
}

/** Timestamps as Jira writes them: milliseconds and a `+0000` offset. */
export const jiraTime = (ms: number): string => new Date(ms).toISOString().replace("Z", "+0000");

type Fields = Record<string, unknown>;

export function fieldsOf(issue: JiraIssue): Fields {
  issue.fields ??= {};
  return issue.fields;
}

/** The tool's account as the snapshot shows it elsewhere, else its bare accountId. */
export function botUser(context: JiraApplyContext): JiraUser {
  const known = context.findUser?.(context.botLogin);
  return { ...known, accountId: context.botLogin, accountType: "app" };
}

/** Append one changelog history entry by the tool, as Jira does for every change through the API. */
export function record(issue: JiraIssue, context: JiraApplyContext, items: JiraChangeItem[]): void {
  issue.changelog ??= {};
  const histories = Array.isArray(issue.changelog.histories) ? issue.changelog.histories : [];
  histories.push({ id: String(context.nextId()), author: botUser(context), created: jiraTime(context.now), items });
  issue.changelog.histories = histories;
  for (const counter of ["total", "maxResults"]) {
    if (typeof issue.changelog[counter] === "number") issue.changelog[counter] = histories.length;
  }
  fieldsOf(issue).updated = jiraTime(context.now);
}

/** Overrides of a change item; the field's display name when it differs from its id. */
export interface ItemExtra {
  field?: string;
  from?: string | null;
  to?: string | null;
}

export const item = (fieldId: string, fromString: string | null, toString: string | null, extra: ItemExtra = {}): JiraChangeItem => ({
  field: fieldId,
  fieldtype: fieldId.startsWith("customfield_") ? "custom" : "jira",
  fieldId,
  from: null,
  fromString,
  to: null,
  toString,
  ...extra,
});

