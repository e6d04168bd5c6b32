/**
 * Every kind of operation as GitHub writes it: its REST write, and — for labels, assignees and
 * state — how it joins the plan's one GraphQL request instead. Typed by kind, so a kind without
 * a handler here does not compile.
 */
import { moduleOf } from "../core/operations/registry.ts";
import type { Operation, OperationKind, OperationOf } from "../core/plan.ts";
import { TrackerError } from "../core/tracker.ts";
import { type BatchIds, type BatchPart, labelSteps } from "./batch-part.ts";
import { addAssignees, addLabels, editComment, postComment, removeLabels, setField, setPriority, setState } from "./rest-writes.ts";
import { sendNotice } from "./send-notice.ts";
import type { WriteTarget } from "./write-target.ts";

export interface GitHubOperationHandler<K extends OperationKind> {
  /** Write it with REST; resolves to true when the issue already was as asked and nothing was written. */
  apply(t: WriteTarget, op: OperationOf<K>): Promise<boolean | void>;
  /** Present when it can join the plan's one GraphQL request. */
  batch?: BatchPart<K>;
}

const NO_LABELS = { add: [], remove: [] } as const;

/** The batch steps of a label change, from what the core says the operation changes. */
const viaLabels = <K extends OperationKind>(op: OperationOf<K>, ids: BatchIds) => labelSteps(moduleOf(op).labels?.(op) ?? NO_LABELS, ids);

export const GITHUB_OPERATIONS: { readonly [K in OperationKind]: GitHubOperationHandler<K> } = {
  "add-labels": { apply: (t, op) => addLabels(t, op.labels), batch: { joins: () => true, steps: viaLabels } },
  "remove-labels": { apply: (t, op) => removeLabels(t, op.labels), batch: { joins: () => true, steps: viaLabels } },
  comment: { apply: postComment },
  "edit-comment": { apply: editComment },
  assign: {
    apply: addAssignees,
    batch: {
      joins: () => true,
      logins: (op) => op.assignees,
      steps: (op, ids) => {
        const userIds = op.assignees.map((login) => ids.user(login));
        const unknown = op.assignees.filter((_, i) => userIds[i] === undefined);
        return unknown.length > 0 ? `GitHub has no user ${unknown.join(", ")}` : [{ kind: "add-assignees", userIds: userIds as string[] }];
      },
      check: (op, [answer], repository) => {
        const payload = answer as { assignable?: { assignees?: { nodes?: { login?: string }[] } } } | undefined;
        const assigned = new Set((payload?.assignable?.assignees?.nodes ?? []).map((user) => String(user.login).toLowerCase()));
        const dropped = op.assignees.filter((login) => !assigned.has(login.toLowerCase()));
        // GitHub drops people who cannot be assigned without an error; say so.
        return dropped.length > 0 ? `GitHub did not assign ${dropped.join(", ")} (no access to ${repository}?)` : undefined;
      },
    },
  },
  reopen: { apply: (t) => setState(t, { state: "open" }), batch: { joins: () => true, steps: () => [{ kind: "reopen" }] } },
  close: {
    apply: (t, op) => setState(t, { state: "closed", state_reason: op.closeReason }),
    batch: { joins: () => true, steps: (op) => [{ kind: "close", reason: op.closeReason === "not_planned" ? "NOT_PLANNED" : "COMPLETED" }] },
  },
  "set-priority": {
    apply: setPriority,
    // Only a priority kept as labels: an issue field value has no mutation in the schema.
    batch: { joins: (op) => op.native === undefined && op.labels !== undefined, steps: viaLabels },
  },
  "set-field": { apply: setField },
  transition: {
    apply: (_, op) => Promise.reject(new TrackerError("invalid", `transition "${op.to}" is a Jira workflow step; GitHub issues have none (use labels, close or reopen)`)),
  },
  // Through the injected channel sender, after the tracker writes (`apply-operations.ts`), then recorded.
  notify: { apply: (t, op) => sendNotice(t, op, t.channelSender) },
};

/** The handler of an operation, typed for its kind. */
export const handlerOf = <K extends OperationKind>(op: OperationOf<K>): GitHubOperationHandler<K> => GITHUB_OPERATIONS[op.kind];

/** Write one operation with REST; true when the issue already was as asked. */
export const applyWithRest = (t: WriteTarget, op: Operation): Promise<boolean | void> => handlerOf(op).apply(t, op);

/** Whether an operation goes into the plan's one GraphQL request. */
export const joinsBatch = (op: Operation): boolean => handlerOf(op).batch?.joins(op) ?? false;

/** How an operation joins the batch; undefined when it does not. */
export const batchPartOf = <K extends OperationKind>(op: OperationOf<K>): BatchPart<K> | undefined => {
  const part = handlerOf(op).batch;
  return part !== undefined && part.joins(op) ? part : undefined;
};
