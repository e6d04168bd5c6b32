/**
 * GraphQL issue nodes (as read by `graphql-queries.ts`) → the tracker-neutral issue. The node is
 * first rewritten into the REST shapes GitHub documents and then converted by the one REST
 * converter, so that an issue reads the same whether it came from an event (REST) or an audit
 * (GraphQL): same people, same roles, same history, same hidden keys.
 */
import type { Issue, Reaction, ReactionContent } from "../core/model.ts";
import type { RestComment, RestIssue, RestIssueFieldValue, RestTimelineEvent, RestUser } from "./rest-types.ts";
import { toCoreIssueFromRest } from "./to-core-issue.ts";

/** An Actor as the audit query reads it. */
export interface GqlActor {
  __typename?: string;
  login?: string | null;
  name?: string | null;
}

export interface GqlPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlComment {
  /** The REST id, as text (GraphQL BigInt). */
  fullDatabaseId?: string | number | null;
  /** The REST id where it fits a 32-bit Int (older answers). */
  databaseId?: number | null;
  author?: GqlActor | null;
  authorAssociation?: string | null;
  body?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

export interface GqlTimelineItem {
  __typename?: string;
  createdAt?: string | null;
  actor?: GqlActor | null;
  label?: { name?: string | null } | null;
  assignee?: GqlActor | null;
  stateReason?: string | null;
}

export interface GqlConnection<T> {
  pageInfo?: GqlPageInfo | null;
  nodes?: (T | null)[] | null;
}

export interface GqlIssue {
  id: string;
  number: number;
  title?: string | null;
  body?: string | null;
  url?: string | null;
  state?: string | null;
  stateReason?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  closedAt?: string | null;
  author?: GqlActor | null;
  authorAssociation?: string | null;
  labels?: GqlConnection<{ name?: string | null }> | null;
  assignees?: GqlConnection<GqlActor> | null;
  comments?: GqlConnection<GqlComment> | null;
  timelineItems?: GqlConnection<GqlTimelineItem> | null;
  /** The newest comments with their reactions (`graphql-queries.ts`). */
  recentComments?: GqlConnection<{ fullDatabaseId?: string | number | null; reactions?: GqlConnection<GqlReaction> | null }> | null;
}

/** A reaction as the audit query reads it. */
export interface GqlReaction {
  content?: string | null;
  createdAt?: string | null;
  user?: { login?: string | null } | null;
}

/** GraphQL's reaction contents in the core's (REST) spelling. */
const REACTION_CONTENT: Readonly<Record<string, ReactionContent>> = {
  THUMBS_UP: "+1",
  THUMBS_DOWN: "-1",
  LAUGH: "laugh",
  HOORAY: "hooray",
  CONFUSED: "confused",
  HEART: "heart",
  ROCKET: "rocket",
  EYES: "eyes",
};

/** The reactions read for the issue's newest comments, by comment id; unknown contents are left out. */
function reactionsById(node: GqlIssue): Map<string, Reaction[]> {
  const byId = new Map<string, Reaction[]>();
  for (const comment of nodes(node.recentComments)) {
    if (comment.fullDatabaseId === null || comment.fullDatabaseId === undefined) continue;
    const reactions = nodes(comment.reactions).flatMap((r): Reaction[] => {
      const content = REACTION_CONTENT[r.content ?? ""];
      const login = r.user?.login;
      if (content === undefined || typeof login !== "string") return [];
      const at = Date.parse(r.createdAt ?? "");
      return [{ content, by: { id: login }, ...(Number.isFinite(at) ? { at } : {}) }];
    });
    // None read is none there: the comment reads as it does through REST.
    if (reactions.length > 0) byId.set(String(comment.fullDatabaseId), reactions);
  }
  return byId;
}

/** What only REST knows (issue types, issue fields), merged in where the audit read it. */
export interface RestExtras {
  type?: RestIssue["type"];
  issue_field_values?: RestIssueFieldValue[];
}

export interface GraphqlConversionOptions {
  botLogins: readonly string[];
  /** The login the token acts as (GraphQL `viewer`): its comments and events are the tool's own. */
  selfLogin?: string | undefined;
  extras?: RestExtras | undefined;
}

/**
 * A GraphQL actor as a REST user. GraphQL names GitHub Apps without the `[bot]` suffix that REST,
 * webhooks and rule files use (`github-actions` vs `github-actions[bot]`); the suffix is restored.
 */
export function toRestUser(actor: GqlActor | null | undefined): RestUser | null {
  if (actor === null || actor === undefined || typeof actor.login !== "string") return null;
  const bot = actor.__typename === "Bot";
  const login = bot && !actor.login.endsWith("[bot]") ? `${actor.login}[bot]` : actor.login;
  const user: RestUser = { login, type: bot ? "Bot" : actor.__typename === "Organization" ? "Organization" : "User" };
  if (typeof actor.name === "string") user.name = actor.name;
  return user;
}

const lower = (value: string | null | undefined): string | null => (typeof value === "string" ? value.toLowerCase() : null);

const nodes = <T>(connection: GqlConnection<T> | null | undefined): T[] =>
  (connection?.nodes ?? []).filter((node): node is T => node !== null && node !== undefined);

const EVENT_NAMES: Record<string, string> = {
  LabeledEvent: "labeled",
  UnlabeledEvent: "unlabeled",
  ClosedEvent: "closed",
  ReopenedEvent: "reopened",
  AssignedEvent: "assigned",
  UnassignedEvent: "unassigned",
};

export function toRestComment(comment: GqlComment): RestComment {
  const rest: RestComment = { body: comment.body ?? "", user: toRestUser(comment.author) };
  const id = comment.fullDatabaseId === null || comment.fullDatabaseId === undefined ? comment.databaseId : Number(comment.fullDatabaseId);
  if (typeof id === "number" && Number.isSafeInteger(id)) rest.id = id;
  if (typeof comment.authorAssociation === "string") rest.author_association = comment.authorAssociation;
  if (typeof comment.createdAt === "string") rest.created_at = comment.createdAt;
  if (typeof comment.updatedAt === "string") rest.updated_at = comment.updatedAt;
  return rest;
}

export function toRestTimelineEvent(item: GqlTimelineItem): RestTimelineEvent | undefined {
  const event = EVENT_NAMES[item.__typename ?? ""];
  if (event === undefined) return undefined;
  const rest: RestTimelineEvent = { event, actor: toRestUser(item.actor) };
  if (typeof item.createdAt === "string") rest.created_at = item.createdAt;
  if (item.label !== null && item.label !== undefined && typeof item.label.name === "string") rest.label = { name: item.label.name };
  if (item.assignee !== undefined) rest.assignee = toRestUser(item.assignee);
  if (event === "closed") rest.state_reason = lower(item.stateReason);
  return rest;
}

/** The issue node as a REST issue (without comments and timeline). */
export function toRestIssue(node: GqlIssue, extras?: RestExtras): RestIssue {
  const rest: RestIssue = {
    number: node.number,
    node_id: node.id,
    title: node.title ?? "",
    body: node.body ?? "",
    labels: nodes(node.labels).flatMap((label) => (typeof label.name === "string" ? [{ name: label.name }] : [])),
    state: lower(node.state) ?? "open",
    state_reason: lower(node.stateReason),
    user: toRestUser(node.author),
    assignees: nodes(node.assignees).flatMap((actor): RestUser[] => {
      const user = toRestUser({ __typename: "User", ...actor });
      return user === null ? [] : [user];
    }),
    closed_at: node.closedAt ?? null,
  };
  if (typeof node.url === "string") rest.html_url = node.url;
  if (typeof node.createdAt === "string") rest.created_at = node.createdAt;
  if (typeof node.updatedAt === "string") rest.updated_at = node.updatedAt;
  if (typeof node.authorAssociation === "string") rest.author_association = node.authorAssociation;
  if (extras?.type !== undefined) rest.type = extras.type;
  if (extras?.issue_field_values !== undefined) rest.issue_field_values = extras.issue_field_values;
  return rest;
}

/**
 * Convert one issue node whose `comments` and `timelineItems` hold every page (the lister merges
 * follow-up pages in before calling this). `repo` is `OWNER/REPO`.
 */
export function toCoreIssueFromGraphql(repo: string, node: GqlIssue, options: GraphqlConversionOptions): Issue {
  const comments = nodes(node.comments).map(toRestComment);
  const timeline = nodes(node.timelineItems).flatMap((item): RestTimelineEvent[] => {
    const event = toRestTimelineEvent(item);
    return event === undefined ? [] : [event];
  });
  const issue = toCoreIssueFromRest(repo, toRestIssue(node, options.extras), comments, timeline, {
    botLogins: options.botLogins,
    selfLogin: options.selfLogin,
  });
  const reactions = reactionsById(node);
  if (reactions.size === 0) return issue;
  return { ...issue, comments: issue.comments.map((c) => (reactions.has(c.id) ? { ...c, reactions: reactions.get(c.id) as Reaction[] } : c)) };
}
