/**
 * How a snapshot file store reads Jira issues: the checks of one issue, its key, and the site
 * catalog folded from the header and the issues.
 */
import type { EntryFormat } from "../../core/issue-store.ts";
import { createCatalogFold, type JiraCatalog } from "./catalog.ts";
import { jiraEntryProblems } from "./check-entry.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

/** The Jira entry format: issues keyed by their key, as the site names them. */
export const jiraEntryFormat: EntryFormat<JiraSnapshotIssue, JiraCatalog> = {
  tracker: "jira",
  check: jiraEntryProblems,
  keyOf: (entry) => String(entry.key),
  catalog: (header) => createCatalogFold(header),
};
