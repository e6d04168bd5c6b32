/**
 * The Jira REST v3 writes of a plan's operations: labels through edit-issue `update` (add/remove,
 * so concurrent human edits are kept), priority by name, fields by schema, ADF comments with real
 * mention nodes and their key as a comment property plus a ledger entry, assignment by accountId,
 * transitions by name. A keyed comment is posted only when no comment by the tool's own account
 * (`/myself`) carries the key, and checked again once posted so that two runs racing on one issue
 * leave one comment. Failures throw `TrackerError`s.
 */
import type { Comment } from "../core/model.ts";
import { operationKeys, withoutPostedKeys } from "../core/engine/digest.ts";
import type { OperationOf } from "../core/plan.ts";
import { commentKeys } from "../core/text/hidden-key.ts";
import { TrackerError, isTrackerError } from "../core/tracker.ts";
import { toAdfWithMentions } from "./adf-from-text.ts";
import type { ApplyTarget } from "./apply-target.ts";
import { describeMissing, pickTransition, readTransitions, type TransitionIntent } from "./find-transition.ts";
import { hasEntry, PROPERTY_KEY, propertyValue, withEntry } from "./ledger.ts";
import { type JiraComment, toCoreIssueFromJira } from "./to-core-issue.ts";
import { toFieldValue } from "./to-field-value.ts";

/** Comments per page when looking for a key (Jira's maximum). */
const PAGE = 100;

/** Upper bound on pages, so a misbehaving server cannot keep us paging for ever. */
const MAX_PAGES = 50;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The comments written since the issue was read, newest first, converted as reads convert them
 * (identity, key from the comment property): pages from the newest until one the read already
 * had — anything older was in the read, and its key is in the plan's view already.
 */
async function recentComments(target: ApplyTarget, known: ReadonlySet<string>): Promise<readonly Comment[]> {
  const raw: JiraComment[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: unknown = await target.jira.issueComments.getComments({
      issueIdOrKey: target.key,
      startAt: page * PAGE,
      maxResults: PAGE,
      orderBy: "-created",
      expand: "properties",
    });
    const values = isRecord(answer) && Array.isArray(answer.comments) ? (answer.comments as JiraComment[]) : [];
    const fresh = values.filter((comment) => !known.has(String(comment.id)));
    raw.push(...fresh);
    const total = isRecord(answer) && typeof answer.total === "number" ? answer.total : undefined;
    if (fresh.length < values.length || values.length === 0 || (total !== undefined && (page + 1) * PAGE >= total)) break;
  }
  const selfAccountId = await target.selfAccountId();
  return toCoreIssueFromJira({ key: target.key, fields: { comment: { comments: raw } } }, { botAccountIds: [], selfAccountId }).comments;
}

/** The tool's own comments carrying any of these keys, oldest (lowest id) first. */
const ownWithKeys = (comments: readonly Comment[], keys: readonly string[]): Comment[] =>
  comments.filter((c) => c.author.self === true && commentKeys(c).some((key) => keys.includes(key))).sort((a, b) => Number(a.id) - Number(b.id));

/** The keys among `keys` that these comments carry. */
const keysIn = (comments: readonly Comment[], keys: readonly string[]): Set<string> =>
  new Set(comments.flatMap((c) => commentKeys(c).filter((key) => keys.includes(key))));

function checkLabels(labels: readonly string[]): void {
  const bad = labels.find((label) => label === "" || /\s/.test(label));
  if (bad !== undefined) throw new TrackerError("invalid", `Jira labels cannot be empty or contain spaces: ${JSON.stringify(bad)}`);
}

/** Add and remove labels in one edit (`update`, so labels a person set meanwhile are kept). */
export async function editLabels(target: ApplyTarget, add: readonly string[], remove: readonly string[]): Promise<void> {
  checkLabels(add);
  const labels = [...add.map((label) => ({ add: label })), ...remove.map((label) => ({ remove: label }))];
  if (labels.length === 0) return;
  await target.jira.issues.editIssue({ issueIdOrKey: target.key, update: { labels } });
}

async function writeLedger(target: ApplyTarget, commentId: string, keys: readonly string[]): Promise<void> {
  if (hasEntry(target.ledger, commentId, keys)) return;
  const ledger = withEntry(target.ledger, commentId, keys, target.commentIds);
  await target.jira.issueProperties.setIssueProperty({ issueIdOrKey: target.key, propertyKey: PROPERTY_KEY, body: ledger });
  target.ledger = ledger;
}

const keyProperty = (keys: readonly string[]) => [{ key: PROPERTY_KEY, value: propertyValue(keys) }];

/** The ADF of a comment, typed as jira.js's comment body (an open record). */
const commentBody = (body: string, mentions: readonly string[]) =>
  toAdfWithMentions(body, mentions) as unknown as { type: "doc"; version: number; content: Record<string, unknown>[] };

/**
 * Post a keyed comment once, key by key: the notices whose keys the tool's own account already
 * posted are left out (a digest shrinks to the others, or nothing is posted). When another run
 * posted one of the same keys in the moment between that check and this post, the lowest id
 * keeps the key and this comment gives it up — edited down to its other notices, or deleted when
 * none is left; the earliest holder of a key never gives it up, so each notice is said once.
 * True when nothing is left written.
 */
export async function comment(target: ApplyTarget, planned: OperationOf<"comment">): Promise<boolean> {
  const known = new Set(target.commentIds);
  const op = withoutPostedKeys(planned, keysIn(ownWithKeys(await recentComments(target, known), operationKeys(planned)), operationKeys(planned)));
  if (op === undefined) return true;
  const keys = operationKeys(op);
  const created: unknown = await target.jira.issueComments.addComment({
    issueIdOrKey: target.key,
    body: commentBody(op.body, op.mentions),
    properties: keyProperty(keys),
  });
  const raw = typeof created === "object" && created !== null ? (created as { id?: unknown }).id : undefined;
  if (typeof raw !== "string" && typeof raw !== "number") {
    throw new TrackerError("invalid", "Jira created the comment but its answer has no comment id");
  }
  const id = String(raw);
  const earlier = ownWithKeys(await recentComments(target, known), keys).filter((c) => Number(c.id) < Number(id));
  const rest = earlier.length === 0 ? op : withoutPostedKeys(op, keysIn(earlier, keys));
  if (rest === undefined) {
    await target.jira.issueComments.deleteComment({ issueIdOrKey: target.key, id });
    return true;
  }
  if (rest !== op) {
    await target.jira.issueComments.updateComment({
      issueIdOrKey: target.key,
      id,
      body: { body: commentBody(rest.body, rest.mentions), properties: keyProperty(operationKeys(rest)) },
    });
  }
  target.commentIds.add(id);
  // The comment already carries its keys as a property; the ledger entry makes them readable with the issue.
  await writeLedger(target, id, operationKeys(rest));
  return false;
}

/** Replace the text and keys of one of the tool's own comments, and its ledger entry. */
export async function editComment(target: ApplyTarget, op: OperationOf<"edit-comment">): Promise<void> {
  await target.jira.issueComments.updateComment({
    issueIdOrKey: target.key,
    id: op.commentId,
    body: { body: commentBody(op.body, op.mentions), properties: keyProperty(operationKeys(op)) },
  });
  await writeLedger(target, op.commentId, operationKeys(op));
}

/** Move the issue through the workflow transition that matches the intent (a closing one with its resolution). */
export async function transition(target: ApplyTarget, intent: TransitionIntent): Promise<void> {
  const transitions = readTransitions(await target.jira.issues.getTransitions({ issueIdOrKey: target.key }));
  const picked = pickTransition(transitions, intent, target.transitionNames);
  if (picked === undefined) throw new TrackerError("invalid", describeMissing(intent, transitions));
  const request = { issueIdOrKey: target.key, transition: { id: picked.transition.id } };
  if (picked.resolution === undefined) {
    await target.jira.issues.doTransition(request);
    return;
  }
  try {
    await target.jira.issues.doTransition({ ...request, fields: { resolution: { name: picked.resolution } } });
  } catch (error) {
    // The transition's screen has no resolution field: close anyway, with the workflow's default resolution.
    if (!isTrackerError(error) || error.kind !== "invalid") throw error;
    await target.jira.issues.doTransition(request);
  }
}

/** A value for the site's field of that name or id, in the form the field's schema takes. */
export async function setField(target: ApplyTarget, op: OperationOf<"set-field">): Promise<void> {
  const field = (await target.fields()).find(op.field);
  if (field === undefined) throw new TrackerError("invalid", `this Jira site has no field named "${op.field}"`);
  await target.jira.issues.editIssue({ issueIdOrKey: target.key, fields: { [field.id]: toFieldValue(field, op.value) } });
}

/** The priority by name in the priority field, or as labels when the rules keep it so. */
export async function setPriority(target: ApplyTarget, op: OperationOf<"set-priority">): Promise<void> {
  if (op.native === undefined && op.labels !== undefined) {
    await editLabels(target, op.labels.add, op.labels.remove);
    return;
  }
  await target.jira.issues.editIssue({ issueIdOrKey: target.key, fields: { priority: { name: op.native ?? op.priority } } });
}

/** Assign the issue to one account (a Jira issue has a single assignee). */
export async function assign(target: ApplyTarget, op: OperationOf<"assign">): Promise<void> {
  const accountId = op.assignees[0];
  if (accountId === undefined) throw new TrackerError("invalid", "nobody to assign");
  await target.jira.issues.assignIssue({ issueIdOrKey: target.key, accountId });
}
