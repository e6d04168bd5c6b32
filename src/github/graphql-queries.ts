/**
 * The GraphQL queries of the audit (DESIGN §6). One request reads a page of open issues and, on
 * the first pages, a page of issues closed within the audit window, each with labels, assignees,
 * the first 100 comments and the first 100 history events. Issues with more comments or events
 * get follow-up pages, batched several issues to a request. The page query also reads `viewer`,
 * the account the token acts as, so knowing who the tool is costs the audit no extra request.
 * Tests validate every query here against `@octokit/graphql-schema`, both its introspection JSON
 * and its SDL; `stateReason` is read without `enableDuplicate` because the JSON schema lacks
 * that argument, so duplicates read as not planned (both are exempt from the closure checklist).
 */

/** The timeline events the core's history needs. */
export const TIMELINE_ITEM_TYPES = [
  "LABELED_EVENT",
  "UNLABELED_EVENT",
  "CLOSED_EVENT",
  "REOPENED_EVENT",
  "ASSIGNED_EVENT",
  "UNASSIGNED_EVENT",
] as const;

const ACTOR = "{ __typename login }";

const COMMENT_FIELDS = `databaseId author ${ACTOR} authorAssociation body createdAt updatedAt`;

const TIMELINE_FIELDS = `__typename
        ... on LabeledEvent { createdAt actor ${ACTOR} label { name } }
        ... on UnlabeledEvent { createdAt actor ${ACTOR} label { name } }
        ... on ClosedEvent { createdAt actor ${ACTOR} stateReason }
        ... on ReopenedEvent { createdAt actor ${ACTOR} }
        ... on AssignedEvent { createdAt actor ${ACTOR} assignee { __typename ... on Actor { login } } }
        ... on UnassignedEvent { createdAt actor ${ACTOR} assignee { __typename ... on Actor { login } } }`;

const ITEM_TYPES = `[${TIMELINE_ITEM_TYPES.join(", ")}]`;

const ISSUE_FRAGMENT = `fragment ShepherdIssue on Issue {
  id number title body url state stateReason createdAt updatedAt closedAt
  author ${ACTOR}
  authorAssociation
  labels(first: 100) { nodes { name } }
  assignees(first: 50) { nodes { login name } }
  comments(first: 100) {
    pageInfo { hasNextPage endCursor }
    nodes { ${COMMENT_FIELDS} }
  }
  timelineItems(first: 100, itemTypes: ${ITEM_TYPES}) {
    pageInfo { hasNextPage endCursor }
    nodes { ${TIMELINE_FIELDS} }
  }
}`;

/**
 * A page of open issues and a page of recently closed ones. `withOpen`/`withClosed` switch off a
 * connection that has no more pages, so one request can continue both lists.
 */
export const AUDIT_ISSUES_QUERY = `query ShepherdAuditIssues(
  $owner: String!, $name: String!, $pageSize: Int!,
  $withOpen: Boolean!, $openAfter: String,
  $withClosed: Boolean!, $closedAfter: String, $closedSince: DateTime
) {
  viewer { login }
  repository(owner: $owner, name: $name) {
    owner { __typename login }
    open: issues(states: [OPEN], first: $pageSize, after: $openAfter, orderBy: { field: CREATED_AT, direction: ASC }) @include(if: $withOpen) {
      pageInfo { hasNextPage endCursor }
      nodes { ...ShepherdIssue }
    }
    closed: issues(states: [CLOSED], first: $pageSize, after: $closedAfter, filterBy: { since: $closedSince }, orderBy: { field: UPDATED_AT, direction: DESC }) @include(if: $withClosed) {
      pageInfo { hasNextPage endCursor }
      nodes { ...ShepherdIssue }
    }
  }
}
${ISSUE_FRAGMENT}`;

/** One follow-up: the next page of comments or of timeline events of one issue. */
export interface MoreRequest {
  /** The issue's node id. */
  id: string;
  what: "comments" | "timelineItems";
  after: string;
}

/**
 * A query that reads the next page of comments or events of several issues at once, one alias
 * per request (`m0`, `m1`, …) with variables `$id0`, `$after0`, ….
 */
export function buildMoreQuery(requests: readonly MoreRequest[]): string {
  const variables = requests.map((_, i) => `$id${i}: ID!, $after${i}: String`).join(", ");
  const fields = requests.map((request, i) => {
    const inner =
      request.what === "comments"
        ? `comments(first: 100, after: $after${i}) { pageInfo { hasNextPage endCursor } nodes { ${COMMENT_FIELDS} } }`
        : `timelineItems(first: 100, after: $after${i}, itemTypes: ${ITEM_TYPES}) { pageInfo { hasNextPage endCursor } nodes { ${TIMELINE_FIELDS} } }`;
    return `  m${i}: node(id: $id${i}) { ... on Issue { ${inner} } }`;
  });
  return `query ShepherdMoreItems(${variables}) {\n${fields.join("\n")}\n}`;
}

/** Variables for `buildMoreQuery`. */
export function moreVariables(requests: readonly MoreRequest[]): Record<string, string> {
  const variables: Record<string, string> = {};
  requests.forEach((request, i) => {
    variables[`id${i}`] = request.id;
    variables[`after${i}`] = request.after;
  });
  return variables;
}
