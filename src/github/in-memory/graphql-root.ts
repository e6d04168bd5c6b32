/**
 * GraphQL of the in-memory GitHub: queries are executed by graphql-js against the real GitHub
 * schema (`github-schema.ts`), over the same REST-shaped state the REST endpoints use. Only the
 * fields the adapter reads have resolvers; anything else resolves to null, which the schema turns
 * into an error for non-null fields — a query asking for more than this GitHub knows fails loudly.
 */
import type { RestComment, RestReaction, RestTimelineEvent, RestUser } from "../rest-types.ts";
import { issueNodeId } from "./entry-index.ts";
import type { InMemoryGitHubState, InMemoryLabel, InMemoryRepo } from "./in-memory-state.ts";
import type { ListingFilter, ListingOrder } from "./issue-listing.ts";
import { addLabel, assign, closeIssue, removeLabel, reopenIssue } from "./issue-writes.ts";
import { assigneesOf, commentsOf, type GithubSnapshotEntry, labelNames, reactionsOf } from "./snapshot-entry.ts";

const cursor = (index: number): string => btoa(`cursor:${index}`);
/** The position a cursor names; -1 (before the first) for none or one this GitHub did not give. */
function fromCursor(value: unknown): number {
  if (typeof value !== "string") return -1;
  let text: string;
  try {
    text = atob(value);
  } catch {
    throw new InMemoryGraphqlError("INVALID_CURSOR_ARGUMENTS", `\`${value}\` does not appear to be a valid cursor.`);
  }
  const match = /^cursor:(\d+)$/.exec(text);
  if (match === null) throw new InMemoryGraphqlError("INVALID_CURSOR_ARGUMENTS", `\`${value}\` does not appear to be a valid cursor.`);
  return Number(match[1]);
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  /** The last records (without `first`): the newest of a list held oldest first. */
  last?: number | null;
}

const pageSize = (args: PageArgs): number => Math.min(args.first ?? 100, 100);

/** A connection over nodes at known positions: totalCount, pageInfo, nodes and edges. */
function connectionOf(nodes: { node: unknown; position: number }[], totalCount: number, hasNextPage: boolean, after: number): object {
  const first = nodes[0];
  const last = nodes.at(-1);
  return {
    totalCount,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after >= 0,
      endCursor: last === undefined ? null : cursor(last.position),
      startCursor: first === undefined ? null : cursor(first.position),
    },
    nodes: nodes.map((n) => n.node),
    edges: nodes.map((n) => ({ node: n.node, cursor: cursor(n.position) })),
  };
}

/** A connection over a list held whole: paged by first/after. */
function connection<T>(items: readonly T[], args: PageArgs): object {
  if (args.first == null && args.last != null) {
    const from = Math.max(0, items.length - Math.min(args.last, 100));
    return connectionOf(items.slice(from).map((node, i) => ({ node, position: from + i })), items.length, false, from - 1);
  }
  const after = fromCursor(args.after);
  const slice = items.slice(after + 1, after + 1 + pageSize(args)).map((node, i) => ({ node, position: after + 1 + i }));
  return connectionOf(slice, items.length, after + 1 + slice.length < items.length, after);
}

/** A REST user as a GraphQL Actor: bots are `Bot` and their login has no `[bot]` suffix. */
function actor(user: RestUser | null | undefined): object | null {
  if (user === null || user === undefined || typeof user.login !== "string") return null;
  const bot = user.type === "Bot" || user.login.endsWith("[bot]");
  const login = bot ? user.login.replace(/\[bot\]$/, "") : user.login;
  const url = `https://github.com/${login}`;
  return { __typename: bot ? "Bot" : "User", login, name: user.name ?? null, url, resourcePath: `/${login}`, avatarUrl: url, id: `U_${login}` };
}

const TIMELINE_TYPES: Record<string, { type: string; item: string }> = {
  labeled: { type: "LabeledEvent", item: "LABELED_EVENT" },
  unlabeled: { type: "UnlabeledEvent", item: "UNLABELED_EVENT" },
  closed: { type: "ClosedEvent", item: "CLOSED_EVENT" },
  reopened: { type: "ReopenedEvent", item: "REOPENED_EVENT" },
  assigned: { type: "AssignedEvent", item: "ASSIGNED_EVENT" },
  unassigned: { type: "UnassignedEvent", item: "UNASSIGNED_EVENT" },
};

const INT_MAX = 2 ** 31 - 1;

/** A closed event's reason: without `enableDuplicate` (ClosedEvent has no such argument) a duplicate reads as not planned. */
const closedReason = (reason: unknown): string | null => {
  const upper = typeof reason === "string" ? reason.toUpperCase() : null;
  return upper === "DUPLICATE" ? "NOT_PLANNED" : upper;
};

function timelineItem(event: RestTimelineEvent): { item: string; node: object } | undefined {
  const kind = TIMELINE_TYPES[event.event ?? ""];
  if (kind === undefined) return undefined;
  return {
    item: kind.item,
    node: {
      __typename: kind.type,
      id: `E_${String(event.id)}`,
      createdAt: event.created_at,
      actor: actor(event.actor),
      label: event.label === null || event.label === undefined ? null : { name: event.label.name, id: `L_${String(event.label.name)}` },
      assignee: actor(event.assignee),
      stateReason: closedReason(event.state_reason),
    },
  };
}

/** GitHub's GraphQL names of the REST reaction contents. */
const REACTION_CONTENT: Readonly<Record<string, string>> = {
  "+1": "THUMBS_UP",
  "-1": "THUMBS_DOWN",
  laugh: "LAUGH",
  hooray: "HOORAY",
  confused: "CONFUSED",
  heart: "HEART",
  rocket: "ROCKET",
  eyes: "EYES",
};

function reactionNode(reaction: RestReaction): object {
  return {
    __typename: "Reaction",
    id: `REA_${String(reaction.id)}`,
    databaseId: reaction.id ?? null,
    content: REACTION_CONTENT[reaction.content ?? ""] ?? "EYES",
    createdAt: reaction.created_at,
    user: actor(reaction.user),
  };
}

function commentNode(comment: RestComment, entry: GithubSnapshotEntry): object {
  return {
    reactions: (args: PageArgs) => connection(reactionsOf(entry, comment.id).map(reactionNode), args),
    __typename: "IssueComment",
    id: typeof comment.node_id === "string" ? comment.node_id : `IC_${String(comment.id)}`,
    // GitHub's comment ids no longer fit databaseId's Int; fullDatabaseId (BigInt) is the id as text.
    databaseId: typeof comment.id === "number" && comment.id <= INT_MAX ? comment.id : null,
    fullDatabaseId: typeof comment.id === "number" ? String(comment.id) : null,
    author: actor(comment.user),
    authorAssociation: comment.author_association ?? "NONE",
    body: comment.body ?? "",
    createdAt: comment.created_at,
    updatedAt: comment.updated_at ?? comment.created_at,
  };
}

function issueNode(repo: InMemoryRepo, state: InMemoryGitHubState, entry: GithubSnapshotEntry): object {
  const issue = entry.issue;
  repo.index.note(String(issue.number), entry);
  return {
    __typename: "Issue",
    id: issueNodeId(issue),
    number: issue.number,
    title: issue.title ?? "",
    body: issue.body ?? "",
    url: issue.html_url ?? `https://github.com/${repo.owner}/${repo.name}/issues/${String(issue.number)}`,
    state: issue.state === "closed" ? "CLOSED" : "OPEN",
    stateReason: ({ enableDuplicate }: { enableDuplicate?: boolean }) => {
      const reason = typeof issue.state_reason === "string" ? issue.state_reason.toUpperCase() : null;
      return reason === "DUPLICATE" && enableDuplicate !== true ? "NOT_PLANNED" : reason;
    },
    createdAt: issue.created_at,
    updatedAt: issue.updated_at ?? issue.created_at,
    closedAt: issue.closed_at ?? null,
    author: actor(issue.user),
    authorAssociation: issue.author_association ?? "NONE",
    repository: { __typename: "Repository", nameWithOwner: `${repo.owner}/${repo.name}` },
    labels: (args: PageArgs) => connection(labelNames(issue).map((name) => labelNode(state.ensureLabel(repo, name))), args),
    assignees: (args: PageArgs) => connection(assigneesOf(issue).map((u) => actor(u)), args),
    comments: (args: PageArgs) => connection(commentsOf(entry).map((comment) => commentNode(comment, entry)), args),
    timelineItems: (args: PageArgs & { itemTypes?: string[] | null; since?: string | null }) => {
      const items = state
        .timelineOf(entry)
        .flatMap((event) => timelineItem(event) ?? [])
        .filter((item) => args.itemTypes === null || args.itemTypes === undefined || args.itemTypes.includes(item.item))
        .filter((item) => args.since == null || Date.parse((item.node as { createdAt: string }).createdAt) >= Date.parse(args.since));
      return connection(
        items.map((item) => item.node),
        args,
      );
    },
  };
}

interface IssuesArgs extends PageArgs {
  states?: string[] | null;
  filterBy?: { since?: string | null; states?: string[] | null } | null;
  orderBy?: { field: string; direction: string } | null;
}

const labelNode = (label: InMemoryLabel): object => ({ __typename: "Label", id: label.id, name: label.name, color: label.color });

/** An error as GitHub's GraphQL answers carry it: a `type` beside the message. */
export class InMemoryGraphqlError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

const notANode = (id: string) => new InMemoryGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);

/** The issues connection: the store's issues in the asked order, paged forward from the cursor. */
function issuesConnection(repo: InMemoryRepo, state: InMemoryGitHubState, args: IssuesArgs): object {
  const states = args.states ?? args.filterBy?.states ?? null;
  const since = args.filterBy?.since;
  const order: ListingOrder = {
    field: args.orderBy?.field === "UPDATED_AT" ? "updated" : "created",
    direction: args.orderBy?.direction === "DESC" ? -1 : 1,
  };
  const wantsOpen = states === null || states.includes("OPEN");
  const wantsClosed = states === null || states.includes("CLOSED");
  const filter: ListingFilter = {
    issuesOnly: true,
    open: wantsOpen === wantsClosed ? undefined : wantsOpen,
    since: since == null ? undefined : Date.parse(since),
  };
  const after = fromCursor(args.after);
  const page = repo.listing.page(order, filter, after, pageSize(args), after < 0 ? state.request : undefined);
  const nodes = page.rows.flatMap(({ row, position }) => {
    const entry = repo.store.get(row.key);
    return entry === undefined ? [] : [{ node: issueNode(repo, state, entry), position }];
  });
  return connectionOf(nodes, page.totalCount, page.hasNextPage, after);
}

function repositoryNode(repo: InMemoryRepo, state: InMemoryGitHubState): object {
  return {
    label: ({ name }: { name: string }) => {
      const label = repo.labels.get(name.toLowerCase());
      return label === undefined ? null : labelNode(label);
    },
    labels: (args: PageArgs) => connection([...repo.labels.values()].map(labelNode), args),
    issue: ({ number }: { number: number }) => {
      const entry = repo.store.get(String(number));
      if (entry === undefined) throw new InMemoryGraphqlError("NOT_FOUND", `Could not resolve to an Issue with the number of ${number}.`);
      return issueNode(repo, state, entry);
    },
    __typename: "Repository",
    id: repositoryId(repo),
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: { __typename: repo.ownerType, login: repo.owner, id: `O_${repo.owner}` },
    issues: (args: IssuesArgs) => issuesConnection(repo, state, args),
  };
}

const repositoryId = (repo: InMemoryRepo): string => `R_${repo.owner}_${repo.name}`;

/** The issue with a node id, with its repository; NOT_FOUND as GitHub answers otherwise. */
function issueById(state: InMemoryGitHubState, id: string): { repo: InMemoryRepo; entry: GithubSnapshotEntry } {
  const found = state.issueByNodeId(id);
  if (found === undefined) throw notANode(id);
  return found;
}

function labelById(repo: InMemoryRepo, id: string): InMemoryLabel {
  for (const label of repo.labels.values()) if (label.id === id) return label;
  throw notANode(id);
}

/** Users by node id: users here are `U_<login>`, as `actor` and `user(login:)` give them. */
function userById(id: string): RestUser {
  const match = /^U_(.+)$/.exec(id);
  if (match === null) throw notANode(id);
  return { login: match[1] as string, type: "User" };
}

/**
 * Mutations with GitHub's semantics over the same state the REST endpoints change: adding a label
 * the issue has, or removing one it lacks, changes nothing and records no event; every id must
 * resolve (labels of the issue's own repository), or the mutation fails with NOT_FOUND.
 */
function mutationFields(state: InMemoryGitHubState): object {
  type Input<T> = { input: T & { clientMutationId?: string | null } };
  const payload = (input: { clientMutationId?: string | null }, rest: object) => ({ clientMutationId: input.clientMutationId ?? null, ...rest });
  return {
    addLabelsToLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.labelableId);
      const found = input.labelIds.map((id) => labelById(repo, id));
      if (found.map((label) => addLabel(state, entry, label.name)).some(Boolean)) state.save(repo, entry);
      return payload(input, { labelable: issueNode(repo, state, entry) });
    },
    removeLabelsFromLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.labelableId);
      const found = input.labelIds.map((id) => labelById(repo, id));
      if (found.map((label) => removeLabel(state, entry, label.name)).some(Boolean)) state.save(repo, entry);
      return payload(input, { labelable: issueNode(repo, state, entry) });
    },
    addAssigneesToAssignable: ({ input }: Input<{ assignableId: string; assigneeIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.assignableId);
      assign(state, entry, input.assigneeIds.map(userById));
      state.save(repo, entry);
      return payload(input, { assignable: issueNode(repo, state, entry) });
    },
    closeIssue: ({ input }: Input<{ issueId: string; stateReason?: string | null }>) => {
      const { repo, entry } = issueById(state, input.issueId);
      closeIssue(state, entry, (input.stateReason ?? "COMPLETED").toLowerCase());
      state.save(repo, entry);
      return payload(input, { issue: issueNode(repo, state, entry) });
    },
    reopenIssue: ({ input }: Input<{ issueId: string }>) => {
      const { repo, entry } = issueById(state, input.issueId);
      reopenIssue(state, entry);
      state.save(repo, entry);
      return payload(input, { issue: issueNode(repo, state, entry) });
    },
    createLabel: ({ input }: Input<{ repositoryId: string; name: string; color: string }>) => {
      const repo = [...state.repos.values()].find((r) => repositoryId(r) === input.repositoryId);
      if (repo === undefined) throw notANode(input.repositoryId);
      if (repo.labels.has(input.name.toLowerCase())) throw new InMemoryGraphqlError("UNPROCESSABLE", "Name has already been taken");
      const label = state.ensureLabel(repo, input.name);
      label.color = input.color;
      return payload(input, { label: labelNode(label) });
    },
  };
}

/**
 * The root value: Query and Mutation fields over the state. Every login is a user unless the
 * state lists it as unknown.
 */
export function graphqlRoot(state: InMemoryGitHubState): object {
  return {
    ...mutationFields(state),
    user: ({ login }: { login: string }) => {
      if (state.unknownLogins.has(login)) throw new InMemoryGraphqlError("NOT_FOUND", `Could not resolve to a User with the login of '${login}'.`);
      return actor({ login, type: "User" });
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      return repo === undefined ? null : repositoryNode(repo, state);
    },
    node: ({ id }: { id: string }) => {
      const found = state.issueByNodeId(id);
      return found === undefined ? null : issueNode(found.repo, state, found.entry);
    },
    rateLimit: () => ({ cost: 1, limit: 5000, nodeCount: 0, remaining: 4999, resetAt: new Date(state.now() + 3_600_000).toISOString(), used: 1 }),
    // As GitHub answers `viewer`: the login with its `[bot]` suffix for Apps (unlike other actors).
    viewer: () => ({ ...actor(state.viewer), login: state.viewer.login }),
  };
}
