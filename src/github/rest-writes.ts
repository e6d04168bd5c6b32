/**
 * The REST writes of a plan's operations, one issue at a time: keyed comments posted once (and
 * checked again once posted, so that two runs racing on one issue leave one comment), comment
 * edits, labels, assignees, state and issue-field values. Every request is one of the contract
 * (`github-rest.issues.json`). Failures throw; `apply-operations.ts` reports them.
 */
import type { Comment, FieldValue } from "../core/model.ts";
import { operationKeys, withoutPostedKeys } from "../core/engine/digest.ts";
import type { OperationOf } from "../core/plan.ts";
import { commentKeys } from "../core/text/hidden-key.ts";
import { TrackerError } from "../core/tracker.ts";
import { findIssueField, type IssueFieldInfo } from "./org-capabilities.ts";
import { renderCommentBody } from "./render-comment.ts";
import { toCoreIssueFromRest } from "./to-core-issue.ts";
import type { WriteTarget } from "./write-target.ts";

/** The issue's comments written since the read, converted as reads convert them (identity, key). */
async function recentComments(t: WriteTarget): Promise<readonly Comment[]> {
  const [rest, selfLogin] = await Promise.all([
    t.octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: t.owner,
      repo: t.repo,
      issue_number: t.issue_number,
      per_page: 100,
      ...(t.since === undefined ? {} : { since: new Date(t.since).toISOString() }),
    }),
    t.selfLogin(),
  ]);
  const issue = { number: t.issue_number };
  return toCoreIssueFromRest(`${t.owner}/${t.repo}`, issue, rest, [], { botLogins: t.botLogins, selfLogin }).comments;
}

/** The tool's own comments carrying any of these keys, oldest (lowest id) first. */
const ownWithKeys = (comments: readonly Comment[], keys: readonly string[]): Comment[] =>
  comments.filter((c) => c.author.self === true && commentKeys(c).some((key) => keys.includes(key))).sort((a, b) => Number(a.id) - Number(b.id));

/** The keys among `keys` that the tool's own comments already carry. */
const postedKeys = (comments: readonly Comment[], keys: readonly string[]): Set<string> =>
  new Set(ownWithKeys(comments, keys).flatMap((c) => commentKeys(c).filter((key) => keys.includes(key))));

/**
 * Post a keyed comment once (renovate's `ensureComment`, made safe for races), key by key: the
 * notices whose keys the tool's own account already posted are left out (a digest shrinks to the
 * others, or nothing is posted). When another run posted one of the same keys in the moment
 * between that check and this post, the comment with the lowest id keeps the key: this one gives
 * it up — edited down to its other notices, or deleted when it has none left. A comment gives up
 * only keys an earlier one holds, so the earliest holder of each key never does, and exactly one
 * comment says each notice. True when nothing is left written.
 */
export async function postComment(t: WriteTarget, planned: OperationOf<"comment">): Promise<boolean> {
  const op = t.fresh ? planned : withoutPostedKeys(planned, postedKeys(await recentComments(t), operationKeys(planned)));
  if (op === undefined) return true;
  const keys = operationKeys(op);
  const { data } = await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue_number,
    body: renderCommentBody(op.body, op.mentions, keys),
    // A comment is the one write that is not idempotent: after a server error it may exist
    // already, and a retry would post it twice. The next run sees its key and decides again.
    // (Rate-limit answers, which are refusals, are still retried by the throttling plugin.)
    request: { retries: 0 },
  });
  const mine = Number((data as { id?: unknown }).id);
  if (!Number.isSafeInteger(mine)) return false;
  const earlier = ownWithKeys(await recentComments(t), keys).filter((c) => Number(c.id) < mine);
  if (earlier.length === 0) return false;
  const rest = withoutPostedKeys(op, new Set(earlier.flatMap((c) => commentKeys(c))));
  if (rest === undefined) {
    await t.octokit.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", { owner: t.owner, repo: t.repo, comment_id: mine });
    return true;
  }
  await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    owner: t.owner,
    repo: t.repo,
    comment_id: mine,
    body: renderCommentBody(rest.body, rest.mentions, operationKeys(rest)),
  });
  return false;
}

export async function addLabels(t: WriteTarget, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue_number,
    labels: [...labels],
  });
}

export async function removeLabels(t: WriteTarget, labels: readonly string[]): Promise<void> {
  for (const name of labels) {
    try {
      await t.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
        owner: t.owner,
        repo: t.repo,
        issue_number: t.issue_number,
        name,
      });
    } catch (error) {
      // Already gone (removed by someone in between): the desired state holds.
      if ((error as { status?: number }).status !== 404) throw error;
    }
  }
}

/** An issue field value in the form the API takes for the field's type. */
function fieldValue(field: IssueFieldInfo, value: Exclude<FieldValue, null>): string | number | string[] {
  switch (field.dataType) {
    case "number": {
      const n = typeof value === "number" ? value : Number(value);
      if (!Number.isFinite(n)) throw new TrackerError("invalid", `issue field ${field.name} takes a number, not ${JSON.stringify(value)}`);
      return n;
    }
    case "multi_select":
      return typeof value === "object" ? [...value] : [String(value)];
    case "single_select": {
      const text = Array.isArray(value) ? String(value[0] ?? "") : String(value);
      const option = field.options.find((o) => o.name.toLowerCase() === text.toLowerCase());
      if (option === undefined) {
        throw new TrackerError("invalid", `issue field ${field.name} has no option "${text}" (options: ${field.options.map((o) => o.name).join(", ")})`);
      }
      return option.name;
    }
    default:
      return Array.isArray(value) ? value.join(", ") : String(value);
  }
}

async function setIssueField(t: WriteTarget, field: IssueFieldInfo, value: FieldValue): Promise<void> {
  const base = { owner: t.owner, repo: t.repo, issue_number: t.issue_number };
  if (value === null) {
    await t.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/issue-field-values/{issue_field_id}", {
      ...base,
      issue_field_id: field.id,
    });
    return;
  }
  await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/issue-field-values", {
    ...base,
    issue_field_values: [{ field_id: field.id, value: fieldValue(field, value) }],
  });
}

/** Replace the text of one of the tool's own comments. */
export async function editComment(t: WriteTarget, op: OperationOf<"edit-comment">): Promise<void> {
  const comment_id = Number(op.commentId);
  if (!Number.isSafeInteger(comment_id)) throw new TrackerError("invalid", `comment id ${op.commentId} is not a GitHub comment id`);
  await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
    owner: t.owner,
    repo: t.repo,
    comment_id,
    body: renderCommentBody(op.body, op.mentions, operationKeys(op)),
  });
}

/** Add assignees; GitHub drops people who cannot be assigned without an error, so say so. */
export async function addAssignees(t: WriteTarget, op: OperationOf<"assign">): Promise<void> {
  const { data } = await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/assignees", {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue_number,
    assignees: [...op.assignees],
  });
  const assigned = new Set((data.assignees ?? []).map((user) => user.login.toLowerCase()));
  const dropped = op.assignees.filter((login) => !assigned.has(login.toLowerCase()));
  if (dropped.length > 0) {
    throw new TrackerError("invalid", `GitHub did not assign ${dropped.join(", ")} (no access to ${t.owner}/${t.repo}?)`);
  }
}

/** Open or close the issue (closed with a reason). */
export async function setState(t: WriteTarget, state: { state: "open" } | { state: "closed"; state_reason: "completed" | "not_planned" }): Promise<void> {
  await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: t.owner, repo: t.repo, issue_number: t.issue_number, ...state });
}

/** The priority as the issue field the rules name, as labels, or both. */
export async function setPriority(t: WriteTarget, op: OperationOf<"set-priority">): Promise<void> {
  const field = op.native === undefined ? undefined : findIssueField(await t.capabilities(), t.priorityField);
  if (op.labels === undefined && field === undefined) {
    throw new TrackerError("invalid", `cannot set priority ${op.priority}: no labels given and no "${t.priorityField}" issue field in ${t.owner}`);
  }
  if (field !== undefined && op.native !== undefined) await setIssueField(t, field, op.native);
  if (op.labels !== undefined) {
    await removeLabels(t, op.labels.remove);
    await addLabels(t, op.labels.add);
  }
}

/** A rule field's value in the organisation's issue field of that name (or its mapped name). */
export async function setField(t: WriteTarget, op: OperationOf<"set-field">): Promise<void> {
  const name = t.issueFieldNames.get(op.field) ?? op.field;
  const field = findIssueField(await t.capabilities(), name);
  if (field === undefined) throw new TrackerError("invalid", `no issue field named "${name}" in the organisation ${t.owner}`);
  await setIssueField(t, field, op.value);
}
