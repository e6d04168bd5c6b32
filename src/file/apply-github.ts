/**
 * Apply one operation to a GitHub snapshot entry, recording it as GitHub would: the issue object
 * changes and the timeline gains the matching event, with the tool as the actor. An operation
 * that finds the issue already as asked changes nothing.
 */
import type { FieldValue } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { operationKeys, withoutPostedKeys } from "../core/engine/digest.ts";
import { readMarkerKeys, withMarker } from "../core/text/hidden-key.ts";
import type { RestComment, RestIssueFieldValue, RestTimelineEvent, RestUser } from "../github/rest-types.ts";
import { readIssueFieldValue, readLabelName } from "../github/rest-values.ts";
import { sameLogin } from "../github/viewer.ts";
import { alreadyDone, type ApplyContext, type ApplyOutcome, changed, failed, renderMentions } from "./apply-result.ts";
import type { GithubSnapshotEntry } from "./snapshot.ts";

export interface GithubApplyContext extends ApplyContext {
  /** The issue field that holds the native priority (default `Priority`). */
  priorityField?: string;
  /** An issue field of that name on another issue of the snapshot, to copy its id and data type. */
  findIssueField?: (name: string) => RestIssueFieldValue | undefined;
}

/** Timestamps as GitHub writes them: seconds, `Z`. */
export const githubTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The body of one of the tool's comments: text, mentions, hidden keys. */
export const renderGithubComment = (body: string, mentions: readonly string[], keys: string | readonly string[]): string =>
  withMarker(`${body}${renderMentions(mentions)}`, keys);

/** The issue field a native priority is written to unless the context names another. */
const PRIORITY_FIELD = "Priority";

/** Is this the login the snapshot is written as (the tool's own identity here)? */
const isSelf = (user: RestUser | null | undefined, context: ApplyContext): boolean =>
  typeof user?.login === "string" && sameLogin(user.login, context.botLogin);

function botUser(context: ApplyContext): RestUser {
  return { login: context.botLogin, type: "Bot" };
}

function record(entry: GithubSnapshotEntry, context: ApplyContext, event: string, extra: Partial<RestTimelineEvent>): void {
  entry.timeline ??= [];
  entry.timeline.push({ id: context.nextId(), event, actor: botUser(context), created_at: githubTime(context.now), ...extra });
  entry.issue.updated_at = githubTime(context.now);
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function addLabels(entry: GithubSnapshotEntry, labels: readonly string[], context: ApplyContext): boolean {
  const issue = entry.issue;
  issue.labels = Array.isArray(issue.labels) ? issue.labels : [];
  let didChange = false;
  for (const label of labels) {
    if (issue.labels.some((existing) => sameName(readLabelName(existing) ?? "", label))) continue;
    issue.labels.push({ name: label });
    record(entry, context, "labeled", { label: { name: label } });
    didChange = true;
  }
  return didChange;
}

function removeLabels(entry: GithubSnapshotEntry, labels: readonly string[], context: ApplyContext): boolean {
  const issue = entry.issue;
  if (!Array.isArray(issue.labels)) return false;
  let didChange = false;
  for (const label of labels) {
    const index = issue.labels.findIndex((existing) => sameName(readLabelName(existing) ?? "", label));
    if (index === -1) continue;
    const name = readLabelName(issue.labels[index]) ?? label;
    issue.labels.splice(index, 1);
    record(entry, context, "unlabeled", { label: { name } });
    didChange = true;
  }
  return didChange;
}

/** The comment objects with this id: in the comments list and as a timeline `commented` event. */
function findComment(entry: GithubSnapshotEntry, id: string): RestComment[] {
  const fromList = (entry.comments ?? []).filter((comment) => String(comment.id) === id);
  const fromTimeline = (entry.timeline ?? []).filter((event) => event.event === "commented" && String(event.id) === id);
  return [...fromList, ...fromTimeline];
}

function comment(entry: GithubSnapshotEntry, planned: Extract<Operation, { kind: "comment" }>, context: ApplyContext): ApplyOutcome {
  const all = [...(entry.comments ?? []), ...(entry.timeline ?? []).filter((event) => event.event === "commented")];
  // Only a comment by the login the snapshot is written as carries a key; anyone else's is text.
  const posted = new Set(
    all.flatMap((candidate) => (typeof candidate.body === "string" && isSelf(candidate.user, context) ? (readMarkerKeys(candidate.body) ?? []) : [])),
  );
  // Notices already said are left out of the digest; nothing is left, nothing is written.
  const op = withoutPostedKeys(planned, posted);
  if (op === undefined) return alreadyDone();
  const time = githubTime(context.now);
  const written: RestComment = {
    id: context.nextId(),
    user: botUser(context),
    body: renderGithubComment(op.body, op.mentions, operationKeys(op)),
    created_at: time,
    updated_at: time,
    author_association: "NONE",
  };
  entry.comments ??= [];
  entry.comments.push(written);
  record(entry, context, "commented", { ...written });
  if (typeof entry.issue.comments === "number") entry.issue.comments += 1;
  return changed(true);
}

function editComment(
  entry: GithubSnapshotEntry,
  op: Extract<Operation, { kind: "edit-comment" }>,
  context: ApplyContext,
): ApplyOutcome {
  const copies = findComment(entry, op.commentId);
  if (copies.length === 0) return failed(`no comment ${op.commentId} on this issue`);
  const body = renderGithubComment(op.body, op.mentions, operationKeys(op));
  if (copies.every((copy) => copy.body === body)) return changed(false);
  for (const copy of copies) {
    copy.body = body;
    copy.updated_at = githubTime(context.now);
  }
  entry.issue.updated_at = githubTime(context.now);
  return changed(true);
}

function assign(entry: GithubSnapshotEntry, logins: readonly string[], context: ApplyContext): boolean {
  const issue = entry.issue;
  const assignees = Array.isArray(issue.assignees) ? issue.assignees : [];
  issue.assignees = assignees;
  let didChange = false;
  for (const login of logins) {
    if (assignees.some((user) => sameName(user.login ?? "", login))) continue;
    const user: RestUser = { login, type: "User" };
    assignees.push(user);
    if (issue.assignee === null || issue.assignee === undefined) issue.assignee = user;
    record(entry, context, "assigned", { assignee: user });
    didChange = true;
  }
  return didChange;
}

function setState(entry: GithubSnapshotEntry, op: Operation, context: ApplyContext): boolean {
  const issue = entry.issue;
  if (op.kind === "reopen") {
    if (issue.state !== "closed") return false;
    Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null, closed_by: null });
    record(entry, context, "reopened", {});
    return true;
  }
  if (op.kind !== "close") return false;
  const reason = op.closeReason;
  if (issue.state === "closed" && issue.state_reason === reason) return false;
  Object.assign(issue, { state: "closed", state_reason: reason, closed_at: githubTime(context.now), closed_by: botUser(context) });
  record(entry, context, "closed", { state_reason: reason });
  return true;
}

/** The REST shape of a field value; undefined when the value does not fit the field's type. */
function toIssueFieldValue(template: RestIssueFieldValue, value: FieldValue): RestIssueFieldValue | undefined {
  const dataType =
    template.data_type ?? (Array.isArray(value) ? "multi_select" : typeof value === "number" ? "number" : "text");
  const base: RestIssueFieldValue = { ...template, data_type: dataType };
  delete base.single_select_option;
  delete base.multi_select_options;
  const names = Array.isArray(value) ? (value as string[]) : [String(value)];
  switch (dataType) {
    case "number": {
      const number = Number(value);
      return typeof value === "boolean" || Array.isArray(value) || Number.isNaN(number) ? undefined : { ...base, value: number };
    }
    case "single_select":
      return names.length === 1 ? { ...base, value: names[0] ?? "", single_select_option: { name: names[0] ?? "" } } : undefined;
    case "multi_select":
      return { ...base, value: names.join(","), multi_select_options: names.map((name) => ({ name })) };
    default:
      return Array.isArray(value) ? undefined : { ...base, value: String(value) };
  }
}

function setField(entry: GithubSnapshotEntry, field: string, value: FieldValue, context: GithubApplyContext): ApplyOutcome {
  const issue = entry.issue;
  const values = Array.isArray(issue.issue_field_values) ? issue.issue_field_values : [];
  const index = values.findIndex((candidate) => sameName(candidate.issue_field_name ?? "", field));
  const current = values[index];
  if (value === null) {
    if (current === undefined) return changed(false);
    values.splice(index, 1);
  } else {
    const template: RestIssueFieldValue = current ??
      context.findIssueField?.(field) ?? { issue_field_id: context.nextId(), issue_field_name: field };
    const next = toIssueFieldValue({ ...template, issue_field_name: template.issue_field_name ?? field }, value);
    if (next === undefined) {
      return failed(`the issue field ${field} holds ${template.data_type ?? "text"} values, not ${JSON.stringify(value)}`);
    }
    if (current !== undefined && JSON.stringify(readIssueFieldValue(current)) === JSON.stringify(readIssueFieldValue(next))) {
      return changed(false);
    }
    if (current === undefined) values.push(next);
    else values[index] = next;
  }
  issue.issue_field_values = values;
  issue.updated_at = githubTime(context.now);
  return changed(true);
}

/** Apply one operation to one issue of a GitHub snapshot. */
export function applyGithubOperation(
  entry: GithubSnapshotEntry,
  op: Operation,
  context: GithubApplyContext,
): ApplyOutcome {
  switch (op.kind) {
    case "add-labels":
      return changed(addLabels(entry, op.labels, context));
    case "remove-labels":
      return changed(removeLabels(entry, op.labels, context));
    case "comment":
      return comment(entry, op, context);
    case "edit-comment":
      return editComment(entry, op, context);
    case "assign":
      return changed(assign(entry, op.assignees, context));
    case "reopen":
    case "close":
      return changed(setState(entry, op, context));
    case "set-priority": {
      if (op.labels === undefined && op.native === undefined) {
        return failed(`set-priority ${op.priority} names neither labels nor a ${context.priorityField ?? PRIORITY_FIELD} value to write`);
      }
      const labelsChanged =
        op.labels === undefined
          ? false
          : [addLabels(entry, op.labels.add, context), removeLabels(entry, op.labels.remove, context)].some(Boolean);
      if (op.native === undefined) return changed(labelsChanged);
      const outcome = setField(entry, context.priorityField ?? PRIORITY_FIELD, op.native, context);
      return outcome.ok ? changed(outcome.changed || labelsChanged) : outcome;
    }
    case "set-field":
      return setField(entry, op.field, op.value, context);
    case "transition":
      return failed(`GitHub issues have no workflow status to move to "${op.to}"; use close, reopen or labels`);
  }
}
