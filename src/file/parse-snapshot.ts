/**
 * Read and check a snapshot file. Only the fields the adapters read are checked, and only where
 * present: a missing field is absent, a field of the wrong type is an error with its JSON path.
 */
import {
  anyObject,
  arrayOf,
  boolean,
  type Check,
  describeValue,
  either,
  fail,
  integer,
  isRecord,
  nonEmptyString,
  nullable,
  objectWith,
  oneOf,
  string,
  timestamp,
} from "./checks.ts";
import type { Snapshot } from "./snapshot.ts";

/** The most problems reported for one file; the rest are counted. */
const MAX_PROBLEMS = 20;

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

const githubEntry = objectWith(
  { issue: githubIssue, comments: arrayOf(githubComment), timeline: arrayOf(githubEvent) },
  ["issue"],
);

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

/** Two entries with the same id would make writes land on the wrong one. */
function checkUnique(ids: (string | undefined)[], path: (index: number) => string, problems: string[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    if (id === undefined) return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else problems.push(`${path(index)}: ${describeValue(id)} appears twice (also at issues[${first}])`);
  });
}

/** The problems of a parsed snapshot, as `path: expected …, found …` lines; empty when it is valid. */
export function checkSnapshot(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) {
    fail(problems, "(top level)", 'an object {"tracker": "github" or "jira", "issues": [...]}', value);
    return problems;
  }
  oneOf("github", "jira")(value.tracker, "tracker", problems);
  // Who the tool is in this snapshot: its comments, and only those, carry hidden keys.
  if (value.self !== undefined) nonEmptyString(value.self, "self", problems);
  if (!Array.isArray(value.issues)) fail(problems, "issues", "an array", value.issues);
  const issues: unknown[] = Array.isArray(value.issues) ? value.issues : [];
  if (value.tracker === "github") {
    if (typeof value.repository !== "string" || !/^[^/\s]+\/[^/\s]+$/.test(value.repository)) {
      fail(problems, "repository", '"OWNER/REPO"', value.repository);
    }
    arrayOf(githubEntry)(issues, "issues", problems);
    const numbers = issues.map((entry) =>
      isRecord(entry) && isRecord(entry.issue) && typeof entry.issue.number === "number"
        ? String(entry.issue.number)
        : undefined,
    );
    checkUnique(numbers, (index) => `issues[${index}].issue.number`, problems);
  } else if (value.tracker === "jira") {
    arrayOf(jiraIssue)(issues, "issues", problems);
    if (value.fields !== undefined) {
      arrayOf(objectWith({ id: nonEmptyString, name: string }, ["id", "name"]))(value.fields, "fields", problems);
    }
    const keys = issues.map((issue) =>
      isRecord(issue) && typeof issue.key === "string" ? issue.key.toUpperCase() : undefined,
    );
    checkUnique(keys, (index) => `issues[${index}].key`, problems);
  }
  return problems;
}

export type SnapshotParseResult = { ok: true; snapshot: Snapshot } | { ok: false; errors: string[] };

/**
 * Parse the text of a snapshot file. `source` (the file name) prefixes every error, e.g.
 * `demo.json: issues[3].issue.number: expected a number, found "x"`.
 */
export function parseSnapshot(text: string, source: string): SnapshotParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`${source}: not valid JSON: ${(error as Error).message}`] };
  }
  return checkedSnapshot(value, source);
}

/** A parsed value as a snapshot, or its problems prefixed with `source`. */
export function checkedSnapshot(value: unknown, source: string): SnapshotParseResult {
  const problems = checkSnapshot(value);
  if (problems.length === 0) return { ok: true, snapshot: value as Snapshot };
  const shown = problems.slice(0, MAX_PROBLEMS).map((problem) => `${source}: ${problem}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`${source}: … and ${problems.length - MAX_PROBLEMS} more problems`);
  return { ok: false, errors: shown };
}
