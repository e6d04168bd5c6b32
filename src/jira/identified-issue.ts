/**
 * Issues the tool opens itself on Jira (monitoring alerts) and finds again by a hidden identity:
 * created with `POST /rest/api/3/issue` (description in ADF, the priority by name), the identity
 * as a label (`alert-group-…`: Jira labels hold no spaces, and only an editor of the issue can
 * set one), and found by a JQL search on that label in the project, keeping only issues the
 * tool's own account reported.
 */
import type { CloudClient } from "jira.js";
import type { Issue } from "../core/model.ts";
import { type NewIssue, TrackerError } from "../core/tracker.ts";
import { textToAdf } from "./adf-from-text.ts";
import { searchIssues } from "./search-issues.ts";
import type { JiraIssue } from "./to-core-issue.ts";

/** The label that carries an identity on Jira. */
export const identityLabel = (identity: string): string => identity.replaceAll("/", "-");

/** How many issues with the label are looked at (the newest first). */
const MAX_MATCHES = 20;

/** Open the issue; answers its key. */
export async function createIdentifiedIssue(jira: CloudClient, issue: NewIssue): Promise<string> {
  if (issue.project === undefined) throw new TrackerError("invalid", "opening a Jira issue needs a project key (alerts.project)");
  // The transport turns Jira's refusals into TrackerErrors that say which request failed.
  const created: unknown = await jira.issues.createIssue({
    fields: {
      project: { key: issue.project },
      summary: issue.title,
      description: textToAdf(issue.body),
      issuetype: { name: issue.type ?? "Task" },
      labels: [...new Set([...issue.labels, identityLabel(issue.identity)])],
      ...(issue.nativePriority === undefined ? {} : { priority: { name: issue.nativePriority } }),
    },
  });
  const key = typeof created === "object" && created !== null ? (created as { key?: unknown }).key : undefined;
  if (typeof key !== "string" || key === "") throw new TrackerError("invalid", `Jira POST /rest/api/3/issue: expected the new issue's key, found ${JSON.stringify(key) ?? "none"}`);
  return key;
}

/** Keys of issues with the identity's label in the project, newest first. */
export async function findIdentifiedIssues(jira: CloudClient, identity: string, project: string | undefined): Promise<JiraIssue[]> {
  const where = project === undefined ? "" : `project = "${project}" AND `;
  const jql = `${where}labels = "${identityLabel(identity)}" ORDER BY created DESC`;
  const found: JiraIssue[] = [];
  for await (const raw of searchIssues(jira, jql)) {
    found.push(raw);
    if (found.length >= MAX_MATCHES) break;
  }
  return found;
}

/** The newest of `issues` the tool's own account reported. */
export function ownNewest(issues: readonly Issue[]): Issue | undefined {
  return issues.filter((issue) => issue.author.self === true).sort((a, b) => b.createdAt - a.createdAt)[0];
}
