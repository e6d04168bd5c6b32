/**
 * Plan → GitHub writes: comments and issue fields as REST requests, one operation at a time, and
 * labels, assignees and state as one GraphQL request (`apply-batch.ts`). A failing operation is
 * reported and the others still run, except after an auth failure (a revoked token): then
 * nothing more is tried.
 * A keyed comment is posted only when no comment by the token's own account carries its key, and
 * checked again once posted, so that two runs racing on one issue leave one comment. Every REST
 * request is one of the contract (`github-rest.issues.json`).
 */
import type { Comment, FieldValue, Issue } from "../core/model.ts";
import { operationKeys, withoutPostedKeys } from "../core/engine/digest.ts";
import type { Operation } from "../core/plan.ts";
import { commentKeys } from "../core/text/hidden-key.ts";
import { type OperationResult, TrackerError } from "../core/tracker.ts";
import { type BatchOperation, type BatchWriter, isBatchable } from "./apply-batch.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { findIssueField, type IssueFieldInfo, type OrgCapabilities } from "./org-capabilities.ts";
import { renderCommentBody } from "./render-comment.ts";
import { toCoreIssueFromRest } from "./to-core-issue.ts";
import { toTrackerError } from "./to-tracker-error.ts";

export interface ApplyContext {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The organisation's issue types and fields, read on first need. */
  capabilities: () => Promise<OrgCapabilities>;
  /** Name of the issue field that holds the priority (default Priority). */
  priorityField: string;
  /** Rule field name → GitHub issue field name, for set-field. */
  issueFieldNames: ReadonlyMap<string, string>;
  /** Rules `bot.logins`, for converting comments as the reads do. */
  botLogins: readonly string[];
  /** The login the token acts as: only its comments carry keys. */
  selfLogin: () => Promise<string>;
  /** Labels, assignees and state as one GraphQL request per issue; without it, REST one by one. */
  batch?: BatchWriter;
}

type Target = ApplyContext & {
  issue_number: number;
  /** The latest instant among the comments the issue had when it was read (see `sinceOf`). */
  since: number | undefined;
  /** The issue was found unchanged right before this apply: no second look before posting. */
  fresh: boolean;
};

/**
 * Where to start listing comments so that every comment created or edited after the issue was
 * read is included: GitHub's `since` compares `updated_at`, and a comment written after the read
 * is updated no earlier than the newest one the read saw. A second of slack for GitHub's whole-
 * second timestamps. Undefined (list them all) when the issue had no comments with times.
 */
function sinceOf(issue: Issue | undefined): number | undefined {
  let latest = 0;
  for (const comment of issue?.comments ?? []) latest = Math.max(latest, comment.createdAt, comment.updatedAt ?? 0);
  return latest > 0 ? latest - 1000 : undefined;
}

/** The issue's comments written since the read, converted as reads convert them (identity, key). */
async function recentComments(t: Target): Promise<readonly Comment[]> {
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
async function postComment(t: Target, planned: Extract<Operation, { kind: "comment" }>): Promise<boolean> {
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

async function addLabels(t: Target, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issue_number,
    labels: [...labels],
  });
}

async function removeLabels(t: Target, labels: readonly string[]): Promise<void> {
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

async function setIssueField(t: Target, field: IssueFieldInfo, value: FieldValue): Promise<void> {
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

/** Apply one operation; true when the issue already was as asked and nothing was written. */
async function applyOne(t: Target, op: Operation): Promise<boolean | void> {
  const base = { owner: t.owner, repo: t.repo, issue_number: t.issue_number };
  switch (op.kind) {
    case "add-labels":
      return addLabels(t, op.labels);
    case "remove-labels":
      return removeLabels(t, op.labels);
    case "comment":
      return postComment(t, op);
    case "edit-comment": {
      const comment_id = Number(op.commentId);
      if (!Number.isSafeInteger(comment_id)) throw new TrackerError("invalid", `comment id ${op.commentId} is not a GitHub comment id`);
      await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner: t.owner,
        repo: t.repo,
        comment_id,
        body: renderCommentBody(op.body, op.mentions, operationKeys(op)),
      });
      return;
    }
    case "assign": {
      const { data } = await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/assignees", {
        ...base,
        assignees: [...op.assignees],
      });
      // GitHub drops people who cannot be assigned without an error; say so.
      const assigned = new Set((data.assignees ?? []).map((user) => user.login.toLowerCase()));
      const dropped = op.assignees.filter((login) => !assigned.has(login.toLowerCase()));
      if (dropped.length > 0) {
        throw new TrackerError("invalid", `GitHub did not assign ${dropped.join(", ")} (no access to ${t.owner}/${t.repo}?)`);
      }
      return;
    }
    case "reopen":
      await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...base, state: "open" });
      return;
    case "close":
      await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...base, state: "closed", state_reason: op.closeReason });
      return;
    case "set-priority": {
      const field = op.native === undefined ? undefined : findIssueField(await t.capabilities(), t.priorityField);
      if (op.labels === undefined && field === undefined) {
        throw new TrackerError("invalid", `cannot set priority ${op.priority}: no labels given and no "${t.priorityField}" issue field in ${t.owner}`);
      }
      if (field !== undefined && op.native !== undefined) await setIssueField(t, field, op.native);
      if (op.labels !== undefined) {
        await removeLabels(t, op.labels.remove);
        await addLabels(t, op.labels.add);
      }
      return;
    }
    case "set-field": {
      const name = t.issueFieldNames.get(op.field) ?? op.field;
      const field = findIssueField(await t.capabilities(), name);
      if (field === undefined) throw new TrackerError("invalid", `no issue field named "${name}" in the organisation ${t.owner}`);
      return setIssueField(t, field, op.value);
    }
    case "transition":
      throw new TrackerError("invalid", `transition "${op.to}" is a Jira workflow step; GitHub issues have none (use labels, close or reopen)`);
  }
}

const describe = (op: Operation): string => {
  switch (op.kind) {
    case "add-labels":
    case "remove-labels":
      return `${op.kind} ${op.labels.join(", ")}`;
    case "comment":
    case "edit-comment":
      return `${op.kind} ${operationKeys(op).join(" ")}`;
    case "assign":
      return `assign ${op.assignees.join(", ")}`;
    case "set-priority":
      return `set-priority ${op.priority}`;
    case "set-field":
      return `set-field ${op.field}`;
    default:
      return op.kind;
  }
};

/**
 * Apply operations to one issue, in order; each result says whether it worked and why not. `read`
 * is the issue as the plan was made from: comments newer than it are checked before posting.
 * With a batch writer, the labels, assignees and state changes of the plan go out as one GraphQL
 * request at the place of the first of them; comments and issue fields stay REST requests.
 */
export async function applyOperations(
  context: ApplyContext,
  issueNumber: number,
  operations: readonly Operation[],
  read?: Issue,
  fresh = false,
): Promise<OperationResult[]> {
  const target: Target = { ...context, issue_number: issueNumber, since: sinceOf(read), fresh };
  const results: (OperationResult | undefined)[] = operations.map(() => undefined);
  const batch = context.batch;
  const batched = batch === undefined ? [] : operations.flatMap((op, i) => (isBatchable(op) ? [i] : []));
  let refused: string | undefined;
  for (const [index, operation] of operations.entries()) {
    if (results[index] !== undefined) continue;
    if (refused !== undefined) {
      results[index] = { operation, ok: false, notAttempted: true, error: `not attempted after the auth failure: ${refused}` };
      continue;
    }
    if (batch !== undefined && batched.includes(index)) {
      const answers = await batch.apply(issueNumber, batched.map((i) => operations[i] as BatchOperation));
      batched.forEach((i, n) => (results[i] = answers[n]));
      const auth = answers.find((answer) => answer.errorKind === "auth");
      if (auth !== undefined) refused = auth.error ?? "the token was refused";
      continue;
    }
    try {
      const alreadyDone = (await applyOne(target, operation)) === true;
      results[index] = alreadyDone ? { operation, ok: true, alreadyDone } : { operation, ok: true };
    } catch (error) {
      const failure = toTrackerError(error, `${describe(operation)} on ${context.owner}/${context.repo}#${issueNumber}`);
      results[index] = { operation, ok: false, errorKind: failure.kind, error: `${failure.kind}: ${failure.message}` };
      // A refused token stays refused: every further write would be one more 401, and a plan
      // half-applied after the failure was known helps nobody.
      if (failure.kind === "auth") refused = failure.message;
    }
  }
  return results as OperationResult[];
}
