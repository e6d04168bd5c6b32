/**
 * Apply one operation to a Jira snapshot issue, recording it as Jira Cloud would: the fields
 * change and the changelog gains a history entry by the tool's account. Comments are ADF with
 * real mention nodes and carry their hidden key as a comment property.
 */
import type { FieldValue } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { operationKeys, withoutPostedKeys } from "../core/engine/digest.ts";
import { readMarkerKeys } from "../core/text/hidden-key.ts";
import { toAdfWithMentions, textToAdf } from "../jira/adf-from-text.ts";
import { adfToText } from "../jira/adf.ts";
import { isAdfDoc } from "../jira/adf-types.ts";
import { commentPropertyKeys, propertyValue, readLedger, withEntry } from "../jira/ledger.ts";
import { flattenJiraValue, type JiraComment, type JiraIssue, type JiraStatus, type JiraUser, PROPERTY_KEY } from "../jira/to-core-issue.ts";
import { categoryOf, closeTarget, RESOLUTIONS, reopenTarget, transition } from "./apply-jira-status.ts";
import { alreadyDone, type ApplyContext, type ApplyOutcome, changed, failed } from "./apply-result.ts";
import { isRecord } from "./checks.ts";
import { botUser, fieldsOf, item, type JiraApplyContext, jiraTime, record } from "./jira-changelog.ts";

export type { JiraApplyContext };
export { jiraTime };

function setLabels(issue: JiraIssue, add: readonly string[], remove: readonly string[], context: JiraApplyContext): ApplyOutcome {
  const bad = add.find((label) => /\s/.test(label) || label === "");
  if (bad !== undefined) return failed(`Jira labels cannot be empty or contain spaces: ${JSON.stringify(bad)}`);
  const fields = fieldsOf(issue);
  const before = Array.isArray(fields.labels) ? fields.labels.filter((label): label is string => typeof label === "string") : [];
  const after = [...before.filter((label) => !remove.includes(label)), ...add.filter((label) => !before.includes(label))];
  if (after.length === before.length && after.every((label, index) => label === before[index])) return changed(false);
  fields.labels = after;
  record(issue, context, [item("labels", before.join(" "), after.join(" "))]);
  return changed(true);
}

function comments(issue: JiraIssue): JiraComment[] {
  const fields = fieldsOf(issue);
  if (!isRecord(fields.comment)) fields.comment = { comments: [], startAt: 0, maxResults: 0, total: 0 };
  const holder = fields.comment as { comments?: JiraComment[]; [key: string]: unknown };
  holder.comments = Array.isArray(holder.comments) ? holder.comments : [];
  return holder.comments;
}

function keysOf(comment: JiraComment): string[] {
  return commentPropertyKeys(comment.properties) ?? readMarkerKeys(adfToText(comment.body)) ?? [];
}

/**
 * Record a comment's keys in the issue property too (`{comments: {[id]: key or keys}}`), where
 * the live Jira adapter keeps its ledger: a snapshot exported from Jira carries it.
 */
function recordKeys(issue: JiraIssue, commentId: string, keys: readonly string[]): void {
  const properties = isRecord(issue.properties) ? issue.properties : {};
  const current = properties[PROPERTY_KEY];
  const ledger = readLedger(properties);
  const { comments } = withEntry(ledger, commentId, keys);
  issue.properties = { ...properties, [PROPERTY_KEY]: { ...(isRecord(current) ? current : {}), comments } };
}

function comment(issue: JiraIssue, planned: Extract<Operation, { kind: "comment" }>, context: JiraApplyContext): ApplyOutcome {
  const list = comments(issue);
  // Only a comment by the account the snapshot is written as carries a key; anyone else's is text.
  const posted = new Set(list.flatMap((candidate) => (candidate.author?.accountId === context.botLogin ? keysOf(candidate) : [])));
  // Notices already said are left out of the digest; nothing is left, nothing is written.
  const op = withoutPostedKeys(planned, posted);
  if (op === undefined) return alreadyDone();
  const keys = operationKeys(op);
  const time = jiraTime(context.now);
  const id = String(context.nextId());
  list.push({
    id,
    author: botUser(context),
    body: toAdfWithMentions(op.body, op.mentions),
    created: time,
    updated: time,
    jsdPublic: true,
    properties: [{ key: PROPERTY_KEY, value: propertyValue(keys) }],
  });
  recordKeys(issue, id, keys);
  const holder = fieldsOf(issue).comment as Record<string, unknown>;
  for (const counter of ["total", "maxResults"]) {
    if (typeof holder[counter] === "number") holder[counter] = list.length;
  }
  fieldsOf(issue).updated = time;
  return changed(true);
}

function editComment(issue: JiraIssue, op: Extract<Operation, { kind: "edit-comment" }>, context: ApplyContext): ApplyOutcome {
  const target = comments(issue).find((candidate) => String(candidate.id) === op.commentId);
  if (target === undefined) return failed(`no comment ${op.commentId} on this issue`);
  const body = toAdfWithMentions(op.body, op.mentions);
  const keys = operationKeys(op);
  const properties = [
    ...(target.properties ?? []).filter((property) => property.key !== PROPERTY_KEY),
    { key: PROPERTY_KEY, value: propertyValue(keys) },
  ];
  if (JSON.stringify(target.body) === JSON.stringify(body) && keysOf(target).join(" ") === keys.join(" ")) return changed(false);
  Object.assign(target, { body, properties, updated: jiraTime(context.now) });
  recordKeys(issue, op.commentId, keys);
  fieldsOf(issue).updated = jiraTime(context.now);
  return changed(true);
}

function assign(issue: JiraIssue, accountIds: readonly string[], context: JiraApplyContext): ApplyOutcome {
  const accountId = accountIds[0];
  if (accountId === undefined) return failed("no one to assign");
  const fields = fieldsOf(issue);
  const before = isRecord(fields.assignee) ? (fields.assignee as JiraUser) : undefined;
  if (before?.accountId === accountId) return changed(false);
  const known = context.findUser?.(accountId);
  const user: JiraUser = known === undefined ? { accountId } : { ...known };
  fields.assignee = user;
  record(issue, context, [
    item("assignee", before?.displayName ?? before?.accountId ?? null, user.displayName ?? accountId, {
      from: before?.accountId ?? null,
      to: accountId,
    }),
  ]);
  return changed(true);
}

function setPriority(issue: JiraIssue, name: string, context: JiraApplyContext): ApplyOutcome {
  const fields = fieldsOf(issue);
  const before = isRecord(fields.priority) && typeof fields.priority.name === "string" ? fields.priority.name : null;
  if (before === name) return changed(false);
  fields.priority = { name };
  record(issue, context, [item("priority", before, name)]);
  return changed(true);
}

/** A field value in the shape the field already has (option, user, ADF, list of options). */
function encodeLike(current: unknown, value: FieldValue): unknown {
  if (value === null) return null;
  const list: readonly string[] | undefined = Array.isArray(value) ? (value as readonly string[]) : undefined;
  const text = list !== undefined ? list.join(", ") : String(value);
  if (isAdfDoc(current)) return textToAdf(text);
  if (Array.isArray(current) && list !== undefined) {
    const sample: unknown = current[0];
    if (isRecord(sample) && "value" in sample) return list.map((entry) => ({ value: entry }));
    if (isRecord(sample) && "name" in sample) return list.map((entry) => ({ name: entry }));
    return [...list];
  }
  if (isRecord(current)) {
    if ("accountId" in current) return { accountId: text };
    if ("value" in current) return { value: text };
    if ("name" in current) return { name: text };
  }
  return list !== undefined ? [...list] : value;
}

function setField(issue: JiraIssue, field: string, value: FieldValue, context: JiraApplyContext): ApplyOutcome {
  const fields = fieldsOf(issue);
  const id = Object.hasOwn(fields, field) ? field : (context.fieldIdOf?.(field) ?? field);
  const current = fields[id];
  const before = flattenJiraValue(current);
  if (JSON.stringify(before) === JSON.stringify(value)) return changed(false);
  fields[id] = encodeLike(current, value);
  const show = (flat: FieldValue): string | null => (flat === null ? null : Array.isArray(flat) ? flat.join(", ") : String(flat));
  record(issue, context, [item(id, show(before), show(value), { field })]);
  return changed(true);
}

/** Apply one operation to one issue of a Jira snapshot. */
export function applyJiraOperation(issue: JiraIssue, op: Operation, context: JiraApplyContext): ApplyOutcome {
  switch (op.kind) {
    case "add-labels":
      return setLabels(issue, op.labels, [], context);
    case "remove-labels":
      return setLabels(issue, [], op.labels, context);
    case "comment":
      return comment(issue, op, context);
    case "edit-comment":
      return editComment(issue, op, context);
    case "assign":
      return assign(issue, op.assignees, context);
    case "set-priority":
      if (op.native === undefined && op.labels !== undefined) return setLabels(issue, op.labels.add, op.labels.remove, context);
      return setPriority(issue, op.native ?? op.priority, context);
    case "set-field":
      return setField(issue, op.field, op.value, context);
    case "transition":
      return transition(issue, op.to, undefined, context);
    case "close": {
      const resolution = RESOLUTIONS[op.closeReason];
      const fields = fieldsOf(issue);
      const current = isRecord(fields.status) ? (fields.status as JiraStatus) : undefined;
      const target = categoryOf(current) === "done" && current?.name !== undefined ? current.name : closeTarget(context);
      return transition(issue, target, resolution, context);
    }
    case "reopen":
      if (categoryOf(fieldsOf(issue).status) !== "done") return changed(false);
      return transition(issue, reopenTarget(issue, context), undefined, context);
  }
}
