/**
 * The GraphQL queries of the audit. One request reads a page of open issues and, on
 * the first pages, a page of issues closed within the audit window, each with labels, assignees,
 * the first 100 comments and the first 100 history events. Issues with more comments or events
 * get follow-up pages: as many issues' next pages to a request as GitHub's node limit allows,
 * carried by the next page request while there is one. The page query also reads `viewer`,
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

// `fullDatabaseId` (BigInt, as text): comment ids have outgrown `databaseId`'s 32-bit Int.
const COMMENT_FIELDS = `fullDatabaseId author ${ACTOR} authorAssociation body createdAt updatedAt`;

const TIMELINE_FIELDS = `__typename
        ... on LabeledEvent { createdAt actor ${ACTOR} label { name } }
        ... on UnlabeledEvent { createdAt actor ${ACTOR} label { name } }
        ... on ClosedEvent { createdAt actor ${ACTOR} stateReason }
        ... on ReopenedEvent { createdAt actor ${ACTOR} }
        ... on AssignedEvent { createdAt actor ${ACTOR} assignee { __typename ... on Actor { login } } }
        ... on UnassignedEvent { createdAt actor ${ACTOR} assignee { __typename ... on Actor { login } } }`;

const ITEM_TYPES = `[${TIMELINE_ITEM_TYPES.join(", ")}]`;

/**
 * The newest comments whose reactions are read: a survey is answered by reacting to the tool's
 * comment, and GitHub sends no webhook for reactions. Reactions under every comment would cost a
 * 100-issue page 200 more rate-limit points (it costs 8 without them); under the newest ten they
 * cost 22, and the survey is among the newest ten unless the thread went on past it.
 */
export const REACTION_COMMENTS = 10;
/** Reactions read per such comment, the newest. */
export const REACTIONS_PER_COMMENT = 20;

const RECENT_REACTIONS = `recentComments: comments(last: ${REACTION_COMMENTS}) {
    nodes { fullDatabaseId reactions(last: ${REACTIONS_PER_COMMENT}) { nodes { content createdAt user { login } } } }
  }`;

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
  ${RECENT_REACTIONS}
}`;

/** GitHub's limits on one GraphQL query: nodes it may return, and records per connection page. */
export const MAX_QUERY_NODES = 500_000;
export const MAX_PAGE = 100;

/**
 * Nodes the page query may return as GitHub counts them (each connection's `first` times those
 * above it): per list, the issues and, per issue, 100 labels, 50 assignees, 100 comments, 100
 * events and the newest comments with their reactions. Both lists count even when one is
 * switched off, as the strictest reading of the limit.
 */
export const auditPageNodes = (pageSize: number): number =>
  2 * (pageSize + pageSize * (100 + 50 + MAX_PAGE + MAX_PAGE + REACTION_COMMENTS + REACTION_COMMENTS * REACTIONS_PER_COMMENT));

/** One follow-up: the next page of comments or of timeline events of one issue. */
export interface MoreRequest {
  /** The issue's node id. */
  id: string;
  what: "comments" | "timelineItems";
  after: string;
}

/** Nodes one follow-up may return: a page of 100. */
export const MORE_NODES = MAX_PAGE;

/** How many follow-ups fit in GitHub's node limit beside a page query of `pageSize` (or alone). */
export const moreRoom = (pageSize?: number): number => Math.floor((MAX_QUERY_NODES - (pageSize === undefined ? 0 : auditPageNodes(pageSize))) / MORE_NODES);

const COMMENTS_PAGE = `fragment ShepherdCommentPage on IssueCommentConnection { pageInfo { hasNextPage endCursor } nodes { ${COMMENT_FIELDS} } }`;
const EVENTS_PAGE = `fragment ShepherdEventPage on IssueTimelineItemsConnection { pageInfo { hasNextPage endCursor } nodes { ${TIMELINE_FIELDS} } }`;

/** The aliases (`m0`, `m1`, …, variables `$id0`, `$after0`, …) and fragments of follow-ups. */
function moreParts(requests: readonly MoreRequest[]): { declarations: string[]; fields: string[]; fragments: string[] } {
  const declarations = requests.map((_, i) => `$id${i}: ID!, $after${i}: String`);
  const fields = requests.map((request, i) => {
    const inner =
      request.what === "comments"
        ? `comments(first: ${MAX_PAGE}, after: $after${i}) { ...ShepherdCommentPage }`
        : `timelineItems(first: ${MAX_PAGE}, after: $after${i}, itemTypes: ${ITEM_TYPES}) { ...ShepherdEventPage }`;
    return `  m${i}: node(id: $id${i}) { ... on Issue { ${inner} } }`;
  });
  // A fragment no field uses makes the query invalid.
  const fragments = [
    ...(requests.some((r) => r.what === "comments") ? [COMMENTS_PAGE] : []),
    ...(requests.some((r) => r.what === "timelineItems") ? [EVENTS_PAGE] : []),
  ];
  return { declarations, fields, fragments };
}

/**
 * A page of open issues and a page of recently closed ones. `withOpen`/`withClosed` switch off a
 * connection that has no more pages, so one request can continue both lists. Follow-ups of
 * issues read before ride along in the same request (see `buildMoreQuery`).
 */
export function buildAuditQuery(more: readonly MoreRequest[] = []): string {
  const parts = moreParts(more);
  return `query ShepherdAuditIssues(
  $owner: String!, $name: String!, $pageSize: Int!,
  $withOpen: Boolean!, $openAfter: String,
  $withClosed: Boolean!, $closedAfter: String, $closedSince: DateTime${parts.declarations.map((d) => `,
  ${d}`).join("")}
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
${parts.fields.map((f) => `${f}\n`).join("")}}
${[ISSUE_FRAGMENT, ...parts.fragments].join("\n")}`;
}

/** The page query alone. */
export const AUDIT_ISSUES_QUERY = buildAuditQuery();

/**
 * A query that reads the next page of comments or events of several issues at once, one alias
 * per request (`m0`, `m1`, …) with variables `$id0`, `$after0`, …. As many as GitHub's node
 * limit allows go in one query: 100 nodes each.
 */
export function buildMoreQuery(requests: readonly MoreRequest[]): string {
  const parts = moreParts(requests);
  return `query ShepherdMoreItems(${parts.declarations.join(", ")}) {\n${parts.fields.join("\n")}\n}\n${parts.fragments.join("\n")}`;
}

/** Variables for `buildMoreQuery` and the follow-ups of `buildAuditQuery`. */
export function moreVariables(requests: readonly MoreRequest[]): Record<string, string> {
  const variables: Record<string, string> = {};
  requests.forEach((request, i) => {
    variables[`id${i}`] = request.id;
    variables[`after${i}`] = request.after;
  });
  return variables;
}

/**
 * One step of an issue's write batch. Every step adds or removes (never replaces a whole list),
 * so a label or assignee a person set between the read and the write is kept.
 */
export type MutationStep =
  | { kind: "add-labels"; labelIds: readonly string[] }
  | { kind: "remove-labels"; labelIds: readonly string[] }
  | { kind: "add-assignees"; userIds: readonly string[] }
  | { kind: "close"; reason: "COMPLETED" | "NOT_PLANNED" }
  | { kind: "reopen" };

/**
 * The mutations of one issue's plan as one GraphQL request: one alias per step (`m0`, `m1`, …),
 * which GitHub runs in order, each failing on its own. One request, five secondary-limit points,
 * one content-creating request, where REST needs one request per label removed and one each for
 * labels added, assignees, and the state. `$issue` is the issue's node id.
 */
export function buildApplyMutation(steps: readonly MutationStep[]): { query: string; variables: Record<string, unknown> } {
  const declarations = ["$issue: ID!"];
  const variables: Record<string, unknown> = {};
  const fields = steps.map((step, i) => {
    const alias = `m${i}`;
    switch (step.kind) {
      case "add-labels":
      case "remove-labels": {
        declarations.push(`$ids${i}: [ID!]!`);
        variables[`ids${i}`] = [...step.labelIds];
        const name = step.kind === "add-labels" ? "addLabelsToLabelable" : "removeLabelsFromLabelable";
        return `  ${alias}: ${name}(input: { labelableId: $issue, labelIds: $ids${i} }) { clientMutationId }`;
      }
      case "add-assignees":
        declarations.push(`$ids${i}: [ID!]!`);
        variables[`ids${i}`] = [...step.userIds];
        // The assignees after the step: GitHub leaves out people it cannot assign without an error.
        return `  ${alias}: addAssigneesToAssignable(input: { assignableId: $issue, assigneeIds: $ids${i} }) { assignable { ... on Issue { assignees(first: 100) { nodes { login } } } } }`;
      case "close":
        declarations.push(`$reason${i}: IssueClosedStateReason`);
        variables[`reason${i}`] = step.reason;
        return `  ${alias}: closeIssue(input: { issueId: $issue, stateReason: $reason${i} }) { issue { state } }`;
      case "reopen":
        return `  ${alias}: reopenIssue(input: { issueId: $issue }) { issue { state } }`;
    }
  });
  return { query: `mutation ShepherdApply(${declarations.join(", ")}) {\n${fields.join("\n")}\n}`, variables };
}

/** What a write batch needs to know by id before it can be sent; each part only when not known. */
export interface WriteIdsRequest {
  /** The issue number whose node id is wanted. */
  issue?: number;
  /** Read the repository's labels from this page on (`null`: the first page). */
  labelsAfter?: string | null;
  /** Label names looked up one by one (created since the labels were read). */
  labels?: readonly string[];
  /** User logins whose node ids are wanted. */
  users?: readonly string[];
}

/**
 * One read for the ids a write batch needs: the repository's id (for labels it creates), the
 * issue's node id, a page of the repository's labels, single labels by name, users by login.
 */
export function buildWriteIdsQuery(request: WriteIdsRequest): { query: string; variables: Record<string, unknown> } {
  const declarations = ["$owner: String!", "$name: String!"];
  const variables: Record<string, unknown> = {};
  const inRepository = ["id"];
  if (request.issue !== undefined) {
    declarations.push("$number: Int!");
    variables.number = request.issue;
    inRepository.push("issue(number: $number) { id }");
  }
  if (request.labelsAfter !== undefined) {
    declarations.push("$labelsAfter: String");
    variables.labelsAfter = request.labelsAfter;
    inRepository.push("labels(first: 100, after: $labelsAfter) { pageInfo { hasNextPage endCursor } nodes { id name } }");
  }
  (request.labels ?? []).forEach((name, i) => {
    declarations.push(`$label${i}: String!`);
    variables[`label${i}`] = name;
    inRepository.push(`l${i}: label(name: $label${i}) { id name }`);
  });
  const users = (request.users ?? []).map((login, i) => {
    declarations.push(`$user${i}: String!`);
    variables[`user${i}`] = login;
    return `  u${i}: user(login: $user${i}) { id login }`;
  });
  const query = `query ShepherdWriteIds(${declarations.join(", ")}) {\n  repository(owner: $owner, name: $name) { ${inRepository.join(" ")} }\n${users.join("\n")}\n}`;
  return { query, variables };
}

/**
 * Labels the repository does not have yet, created in one request (`c0`, `c1`, …) before the
 * batch that adds them: GraphQL takes label ids, and GitHub's REST add-labels would create them
 * on the fly. GitHub's colour for labels created that way.
 */
export function buildCreateLabelsMutation(repositoryId: string, names: readonly string[]): { query: string; variables: Record<string, unknown> } {
  const declarations = ["$repository: ID!"];
  const variables: Record<string, unknown> = { repository: repositoryId };
  const fields = names.map((name, i) => {
    declarations.push(`$name${i}: String!`);
    variables[`name${i}`] = name;
    return `  c${i}: createLabel(input: { repositoryId: $repository, name: $name${i}, color: "ededed" }) { label { id name } }`;
  });
  return { query: `mutation ShepherdCreateLabels(${declarations.join(", ")}) {\n${fields.join("\n")}\n}`, variables };
}
