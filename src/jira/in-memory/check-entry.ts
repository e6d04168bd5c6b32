/**
 * The checks of one Jira issue read from a snapshot file, and of the snapshot's `fields` header:
 * only the fields the adapter reads, and only where present — a missing field is absent, a field
 * of the wrong type is a problem naming its JSON path.
 */
import { anyObject, arrayOf, boolean, either, isRecord, nonEmptyString, nullable, objectWith, string, timestamp } from "../../core/json-checks.ts";

const jiraUser = nullable(objectWith({ accountId: string, displayName: string, accountType: string }));
const jiraText = nullable(either("text or an ADF document", [(v) => typeof v === "string", string], [isRecord, anyObject]));

const jiraComment = objectWith(
  {
    id: nonEmptyString,
    author: jiraUser,
    body: jiraText,
    created: timestamp,
    updated: timestamp,
    jsdPublic: boolean,
    properties: arrayOf(objectWith({ key: string })),
  },
  ["id"],
);

const jiraHistory = objectWith({
  created: timestamp,
  author: jiraUser,
  items: arrayOf(objectWith({ field: string, fieldId: string })),
});

const jiraIssue = objectWith(
  {
    key: nonEmptyString,
    fields: objectWith({
      summary: string,
      description: jiraText,
      labels: arrayOf(string),
      status: nullable(objectWith({ name: string, statusCategory: objectWith({ key: string }) })),
      priority: nullable(objectWith({ name: string })),
      issuetype: nullable(objectWith({ name: string })),
      reporter: jiraUser,
      assignee: jiraUser,
      created: timestamp,
      updated: timestamp,
      resolutiondate: nullable(timestamp),
      resolution: nullable(objectWith({ name: string })),
      comment: objectWith({ comments: arrayOf(jiraComment) }),
    }),
    changelog: objectWith({ histories: arrayOf(jiraHistory) }),
    properties: anyObject,
  },
  ["key", "fields"],
);

/** The problems of one issue at `path` (e.g. `issues[3]`); empty when it is a usable issue. */
export function jiraEntryProblems(value: unknown, path: string): string[] {
  const problems: string[] = [];
  jiraIssue(value, path, problems);
  return problems;
}

/** The problems of a snapshot's `fields` (the site's field list), at `path`. */
export function jiraFieldsProblems(value: unknown, path = "fields"): string[] {
  const problems: string[] = [];
  arrayOf(objectWith({ id: nonEmptyString, name: string }, ["id", "name"]))(value, path, problems);
  return problems;
}
