/**
 * One step back through an issue's history: the parts of an issue its events change, and how an
 * event is undone on them. The engine's pauses (`history.ts`) and the review's past issues
 * (`src/report/issue-at.ts`) both rebuild an issue backwards from now with it.
 */
import type { HistoryEvent, Issue, Person } from "../model.ts";
import type { LabelSet } from "./label-set.ts";

/** What the history records of an issue, as it stood at some instant. */
export interface PastState {
  labels: LabelSet;
  status: string | undefined;
  state: Issue["state"];
  assignees: Person[];
  type: string | undefined;
  nativePriority: Issue["nativePriority"];
  fields: Record<string, Issue["fields"][string]>;
}

/** The state as it was just before `event`. The close reason is the caller's: its sources differ. */
export function undoEvent(past: PastState, event: HistoryEvent): void {
  switch (event.kind) {
    case "labeled":
      past.labels.delete(event.label);
      break;
    case "unlabeled":
      past.labels.add(event.label);
      break;
    case "status":
      past.status = event.from ?? undefined;
      break;
    case "closed":
      past.state = "open";
      break;
    case "reopened":
      past.state = "closed";
      break;
    case "assigned":
      past.assignees = past.assignees.filter((p) => p.id !== event.assignee);
      break;
    case "unassigned":
      if (!past.assignees.some((p) => p.id === event.assignee)) past.assignees = [...past.assignees, { id: event.assignee }];
      break;
    case "type":
      past.type = event.from ?? undefined;
      break;
    case "priority":
      past.nativePriority = event.from;
      break;
    case "field":
      past.fields[event.field] = event.from;
      break;
  }
}

/** The state the history starts rewinding from: the issue as it is now. */
export const presentState = (issue: Issue, labels: LabelSet): PastState => ({
  labels,
  status: issue.status?.name,
  state: issue.state,
  assignees: [...issue.assignees],
  type: issue.type,
  nativePriority: issue.nativePriority,
  fields: { ...issue.fields },
});
