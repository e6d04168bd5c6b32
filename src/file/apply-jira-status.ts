/**
 * Jira workflow moves in a snapshot: transitions by status name, close with a resolution, reopen
 * back to where the issue came from. Entering a done status sets the resolution, leaving one
 * clears it, as Jira's default workflows do.
 */
import type { StatusCategory } from "../core/model.ts";
import {
  guessStatusCategory,
  type JiraChangeItem,
  type JiraIssue,
  type JiraStatus,
  toStatusCategory,
} from "../jira/to-core-issue.ts";
import { type ApplyOutcome, changed } from "./apply-result.ts";
import { isRecord } from "./checks.ts";
import { fieldsOf, item, type JiraApplyContext, jiraTime, record } from "./jira-changelog.ts";

/** The category of a status object, or undefined when there is no status. */
export function categoryOf(status: unknown): StatusCategory | undefined {
  if (!isRecord(status)) return undefined;
  return toStatusCategory(isRecord(status.statusCategory) ? status.statusCategory.key : undefined);
}

/** The resolution a close reason is recorded with. */
export const RESOLUTIONS = { completed: "Done", not_planned: "Won't Do" } as const;

/**
 * Move the issue to a status. Entering a done status sets a resolution (and resolution date),
 * leaving one clears it, as Jira's default workflows do.
 */
export function transition(issue: JiraIssue, to: string, resolution: string | undefined, context: JiraApplyContext): ApplyOutcome {
  const fields = fieldsOf(issue);
  const before = isRecord(fields.status) ? (fields.status as JiraStatus) : undefined;
  const known = findStatus(context, to);
  const status: JiraStatus =
    known !== undefined ? structuredClone(known) : { name: to, statusCategory: { key: guessStatusCategory(to) } };
  const wasDone = categoryOf(before) === "done";
  const isDone = categoryOf(status) === "done";
  const beforeResolution = isRecord(fields.resolution) && typeof fields.resolution.name === "string" ? fields.resolution.name : null;
  const afterResolution = isDone ? (resolution ?? beforeResolution ?? RESOLUTIONS.completed) : null;
  const sameStatus = before?.name !== undefined && before.name.toLowerCase() === (status.name ?? to).toLowerCase();
  if (sameStatus && beforeResolution === afterResolution) return changed(false);
  // Jira lists the resolution before the status in the change that closes or reopens an issue.
  const items: JiraChangeItem[] = [];
  if (beforeResolution !== afterResolution) {
    fields.resolution = afterResolution === null ? null : { name: afterResolution };
    fields.resolutiondate = afterResolution === null ? null : jiraTime(context.now);
    items.push(item("resolution", beforeResolution, afterResolution));
  }
  if (!sameStatus) {
    fields.status = status;
    items.push(item("status", before?.name ?? null, status.name ?? to));
    if (wasDone !== isDone) fields.statuscategorychangedate = jiraTime(context.now);
  }
  record(issue, context, items);
  return changed(true);
}

function findStatus(context: JiraApplyContext, name: string): JiraStatus | undefined {
  const wanted = name.toLowerCase();
  return context.statuses?.().find((status) => status.name?.toLowerCase() === wanted);
}

const categoryByName = (context: JiraApplyContext, name: string): StatusCategory =>
  categoryOf(findStatus(context, name)) ?? guessStatusCategory(name);

/** Where a closed issue goes: a done status the snapshot uses, preferring "Done". */
export function closeTarget(context: JiraApplyContext): string {
  const done = (context.statuses?.() ?? []).filter((status) => categoryOf(status) === "done" && status.name !== undefined);
  return (done.find((status) => status.name === "Done") ?? done[0])?.name ?? "Done";
}

/** Where a reopened issue goes: back to the status it was in before it was last closed. */
export function reopenTarget(issue: JiraIssue, context: JiraApplyContext): string {
  const histories = Array.isArray(issue.changelog?.histories) ? issue.changelog.histories : [];
  for (const history of [...histories].reverse()) {
    for (const change of [...(history.items ?? [])].reverse()) {
      const from = Object.hasOwn(change, "fromString") ? change.fromString : null;
      if (change.field === "status" && typeof from === "string" && categoryByName(context, from) !== "done") return from;
    }
  }
  return "To Do";
}

