/**
 * The checks of one GitHub issue entry read from a file: only the fields the adapter and the
 * in-memory GitHub read, and only where present; a field of the wrong type is a problem named by
 * its JSON path (`issues[3].issue.labels[0]: expected a label name or a label object, found 7`).
 */
import { anyObject, arrayOf, type Check, either, integer, isRecord, nullable, objectWith, oneOf, string, timestamp } from "../../core/json-checks.ts";

const githubUser = nullable(objectWith({ login: string, type: string }));
const githubLabel = either(
  "a label name or a label object",
  [(value) => typeof value === "string", string],
  [isRecord, objectWith({ name: string }, ["name"])],
);

const githubIssue = objectWith(
  {
    number: integer,
    title: string,
    body: nullable(string),
    labels: arrayOf(githubLabel),
    state: oneOf("open", "closed"),
    state_reason: nullable(string),
    user: githubUser,
    assignee: githubUser,
    assignees: nullable(arrayOf(githubUser)),
    created_at: timestamp,
    updated_at: timestamp,
    closed_at: nullable(timestamp),
    author_association: string,
    pull_request: nullable(anyObject),
    html_url: string,
    type: nullable(objectWith({ name: string })),
    issue_field_values: arrayOf(objectWith({ issue_field_name: string, data_type: string })),
  },
  ["number"],
);

const githubComment = objectWith(
  {
    id: integer,
    body: nullable(string),
    user: githubUser,
    created_at: timestamp,
    updated_at: timestamp,
    author_association: string,
  },
  ["id"],
);

const githubEvent: Check = (value, path, problems) => {
  if (isRecord(value) && value.event === "commented") return githubComment(value, path, problems);
  objectWith({ event: string, created_at: timestamp, actor: githubUser })(value, path, problems);
};

/** Check one entry `{issue, comments?, timeline?}` at `path`. */
export const checkGithubEntry: Check = objectWith({ issue: githubIssue, comments: arrayOf(githubComment), timeline: arrayOf(githubEvent) }, ["issue"]);
