/**
 * What Jira can do, as the core sees it: its own priority field on every issue, a workflow of
 * statuses, internal notes (Service Management) and one assignee.
 */
import type { TrackerCapabilities } from "../core/model.ts";

/** Jira's capabilities; `source` is the rule file's `jira:` keys. */
export const JIRA_CAPABILITIES: TrackerCapabilities = Object.freeze({
  source: "jira",
  nativePriority: true,
  workflowStatus: true,
  issueTypes: true,
  internalComments: true,
  singleAssignee: true,
});
