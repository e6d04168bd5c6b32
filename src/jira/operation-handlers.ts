/**
 * Every kind of operation as Jira writes it: labels and priority by edit-issue, comments as ADF
 * with their keys, the assignee by accountId, and reopen, close and named transitions through
 * the workflow. Typed by kind, so a kind without a handler here does not compile.
 */
import type { OperationKind, OperationOf } from "../core/plan.ts";
import type { ApplyTarget } from "./apply-target.ts";
import { assign, comment, editComment, editLabels, setField, setPriority, transition } from "./rest-writes.ts";
import { sendNotice } from "./send-notice.ts";

/** Write one operation; resolves to true when the issue already was as asked and nothing was written. */
export type JiraOperationHandler<K extends OperationKind> = (target: ApplyTarget, op: OperationOf<K>) => Promise<boolean | void>;

export const JIRA_OPERATIONS: { readonly [K in OperationKind]: JiraOperationHandler<K> } = {
  "add-labels": (target, op) => editLabels(target, op.labels, []),
  "remove-labels": (target, op) => editLabels(target, [], op.labels),
  comment,
  "edit-comment": editComment,
  assign,
  reopen: (target) => transition(target, { kind: "reopen" }),
  close: (target, op) => transition(target, { kind: "close", reason: op.closeReason }),
  "set-priority": setPriority,
  "set-field": setField,
  transition: (target, op) => transition(target, { kind: "named", name: op.to }),
  // Through the injected channel sender, after the tracker writes (`create-jira-tracker.ts`), then recorded.
  notify: (target, op) => sendNotice(target, op, target.channelSender),
};

/** The handler of an operation, typed for its kind. */
export const handlerOf = <K extends OperationKind>(op: OperationOf<K>): JiraOperationHandler<K> => JIRA_OPERATIONS[op.kind];
