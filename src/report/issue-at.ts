/**
 * An issue as it stood at an earlier instant, rebuilt backwards from now through its history:
 * labels, state and close reason, workflow status, assignees, type, the tracker's priority and
 * fields, and only the comments and events written by then. What the history does not record
 * (title, body) is as it is now. Evaluating this issue at that instant gives the clocks as they
 * stood then.
 */
import { createLabelSet } from "../core/engine/label-set.ts";
import { presentState, undoEvent } from "../core/engine/undo-event.ts";
import type { CloseReason, Issue } from "../core/model.ts";

/** The issue as it was at instant `t` (events and comments at `t` included). */
export function issueAt(issue: Issue, t: number): Issue {
  const history = issue.history;
  const laterEvent = history.findIndex((e) => e.at > t);
  const laterComment = issue.comments.findIndex((c) => c.createdAt > t);
  const closedLater = issue.state === "closed" && issue.closedAt !== undefined && issue.closedAt > t;
  if (laterEvent < 0 && laterComment < 0 && !closedLater) return issue;

  const kept = laterEvent < 0 ? history : history.slice(0, laterEvent);
  const past = presentState(issue, createLabelSet(issue.labels));
  let sawStateChange = false;
  for (let i = history.length - 1; i >= 0 && laterEvent >= 0 && i >= laterEvent; i--) {
    const event = history[i];
    if (!event) continue;
    undoEvent(past, event);
    if (event.kind === "closed" || event.kind === "reopened") sawStateChange = true;
  }
  const { labels, status, assignees, type, nativePriority, fields } = past;
  let { state } = past;
  // A snapshot without a timeline still says when the issue was closed.
  if (!sawStateChange && closedLater && !history.some((e) => e.kind === "closed")) state = "open";
  let closedAt: number | undefined;
  let closeReason: CloseReason | undefined;
  if (state === "closed") {
    for (let i = kept.length - 1; i >= 0; i--) {
      const event = kept[i];
      if (event?.kind === "closed") {
        closedAt = event.at;
        closeReason = event.reason ?? "completed";
        break;
      }
    }
    closedAt ??= issue.closedAt !== undefined && issue.closedAt <= t ? issue.closedAt : undefined;
    closeReason ??= issue.closeReason ?? "completed";
  }
  const { status: _now, updatedAt, closedAt: _closed, closeReason: _reason, nativePriority: _priority, ...rest } = issue;
  return {
    ...rest,
    ...(status === undefined ? {} : { status: { name: status, category: status === issue.status?.name ? (issue.status?.category ?? "indeterminate") : "indeterminate" } }),
    ...(updatedAt !== undefined && updatedAt <= t ? { updatedAt } : {}),
    labels: [...labels.values()],
    state,
    closedAt,
    closeReason,
    assignees,
    type,
    ...(nativePriority === undefined ? {} : { nativePriority }),
    fields,
    comments: laterComment < 0 ? issue.comments : issue.comments.slice(0, laterComment),
    history: kept,
  };
}
