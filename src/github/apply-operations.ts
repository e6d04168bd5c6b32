/**
 * Plan → GitHub REST writes, one operation at a time; a failing operation is reported and the
 * others still run. Every request is one of the contract (`github-rest.issues.json`).
 */
import type { FieldValue } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { type OperationResult, TrackerError } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { findIssueField, type IssueFieldInfo, type OrgCapabilities } from "./org-capabilities.ts";
import { renderCommentBody } from "./render-comment.ts";
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
}

type Target = ApplyContext & { issue_number: number };

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

async function applyOne(t: Target, op: Operation): Promise<void> {
  const base = { owner: t.owner, repo: t.repo, issue_number: t.issue_number };
  switch (op.kind) {
    case "add-labels":
      return addLabels(t, op.labels);
    case "remove-labels":
      return removeLabels(t, op.labels);
    case "comment":
      await t.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...base,
        body: renderCommentBody(op.body, op.mentions, op.key),
        // A comment is the one write that is not idempotent: after a server error it may exist
        // already, and a retry would post it twice. The next run sees its key and decides again.
        // (Rate-limit answers, which are refusals, are still retried by the throttling plugin.)
        request: { retries: 0 },
      });
      return;
    case "edit-comment": {
      const comment_id = Number(op.commentId);
      if (!Number.isSafeInteger(comment_id)) throw new TrackerError("invalid", `comment id ${op.commentId} is not a GitHub comment id`);
      await t.octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner: t.owner,
        repo: t.repo,
        comment_id,
        body: renderCommentBody(op.body, op.mentions, op.key),
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
      return `${op.kind} ${op.key}`;
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

/** Apply operations to one issue, in order; each result says whether it worked and why not. */
export async function applyOperations(context: ApplyContext, issueNumber: number, operations: readonly Operation[]): Promise<OperationResult[]> {
  const target: Target = { ...context, issue_number: issueNumber };
  const results: OperationResult[] = [];
  for (const operation of operations) {
    try {
      await applyOne(target, operation);
      results.push({ operation, ok: true });
    } catch (error) {
      const failure = toTrackerError(error, `${describe(operation)} on ${context.owner}/${context.repo}#${issueNumber}`);
      results.push({ operation, ok: false, error: `${failure.kind}: ${failure.message}` });
    }
  }
  return results;
}
