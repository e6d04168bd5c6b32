/**
 * GraphQL for the fake GitHub: queries are executed by graphql-js against the real GitHub schema
 * (`@octokit/graphql-schema`), over the same REST-shaped state the REST endpoints use. Only the
 * fields the adapter reads have resolvers; anything else resolves to null, which the schema turns
 * into an error for non-null fields — a query asking for more than the fake knows fails loudly.
 */
import { schema as octokitSchema } from "@octokit/graphql-schema";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import type { RestComment, RestTimelineEvent, RestUser } from "../../../src/github/rest-types.ts";
import type { FakeIssue, FakeLabel, FakeRepo, FakeState } from "./fake-state.ts";

let schema: GraphQLSchema | undefined;

/** The real GitHub schema, built once per process. */
export function githubSchema(): GraphQLSchema {
  if (schema === undefined) {
    schema = buildClientSchema(octokitSchema.json as unknown as IntrospectionQuery);
  }
  return schema;
}

const cursor = (index: number): string => Buffer.from(`cursor:${index}`).toString("base64");
const fromCursor = (value: unknown): number =>
  typeof value === "string" ? Number(Buffer.from(value, "base64").toString().replace("cursor:", "")) + 1 : 0;

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A connection over a list: totalCount, pageInfo and nodes, paged by first/after. */
function connection<T>(items: readonly T[], args: PageArgs): object {
  const start = fromCursor(args.after);
  const first = Math.min(args.first ?? 100, 100);
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length;
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      endCursor: nodes.length > 0 ? cursor(end - 1) : null,
      startCursor: nodes.length > 0 ? cursor(start) : null,
    },
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: cursor(start + i) })),
  };
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
      stateReason: typeof event.state_reason === "string" ? event.state_reason.toUpperCase() : null,
    },
  };
}

function commentNode(comment: RestComment): object {
  return {
    __typename: "IssueComment",
    id: `IC_${String(comment.id)}`,
    databaseId: comment.id,
    author: actor(comment.user),
    authorAssociation: comment.author_association ?? "NONE",
    body: comment.body ?? "",
    createdAt: comment.created_at,
    updatedAt: comment.updated_at ?? comment.created_at,
  };
}

function issueNode(repo: FakeRepo, state: FakeState, entry: FakeIssue): object {
  const issue = entry.issue;
  return {
    __typename: "Issue",
    id: issue.node_id,
    number: issue.number,
    title: issue.title ?? "",
    body: issue.body ?? "",
    url: issue.html_url,
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
    labels: (args: PageArgs) => connection(issue.labels.map((l) => labelNode(state.ensureLabel(repo, l.name))), args),
    assignees: (args: PageArgs) => connection(issue.assignees.map((u) => actor(u)), args),
    comments: (args: PageArgs) => connection(entry.comments.map(commentNode), args),
    timelineItems: (args: PageArgs & { itemTypes?: string[] | null; since?: string | null }) => {
      const items = state
        .timelineOf(entry)
        .flatMap((event) => timelineItem(event) ?? [])
        .filter((item) => args.itemTypes === null || args.itemTypes === undefined || args.itemTypes.includes(item.item))
        .filter((item) => args.since == null || Date.parse((item.node as { createdAt: string }).createdAt) >= Date.parse(args.since));
      return connection(items.map((item) => item.node), args);
    },
  };
}

interface IssuesArgs extends PageArgs {
  states?: string[] | null;
  filterBy?: { since?: string | null; states?: string[] | null } | null;
  orderBy?: { field: string; direction: string } | null;
}

const labelNode = (label: FakeLabel): object => ({ __typename: "Label", id: label.id, name: label.name, color: label.color });

/** An error as GitHub's GraphQL answers carry it: a `type` beside the message. */
export class FakeGraphqlError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

function repositoryNode(repo: FakeRepo, state: FakeState): object {
  return {
    label: ({ name }: { name: string }) => {
      const label = repo.labels.get(name.toLowerCase());
      return label === undefined ? null : labelNode(label);
    },
    labels: (args: PageArgs) => connection([...repo.labels.values()].map(labelNode), args),
    issue: ({ number }: { number: number }) => {
      const entry = repo.issues.get(number);
      if (entry === undefined) throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to an Issue with the number of ${number}.`);
      return issueNode(repo, state, entry);
    },
    __typename: "Repository",
    id: `R_${repo.owner}_${repo.name}`,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: { __typename: repo.ownerType, login: repo.owner, id: `O_${repo.owner}` },
    issues: (args: IssuesArgs) => {
      const states = args.states ?? args.filterBy?.states ?? null;
      const since = args.filterBy?.since;
      const field = args.orderBy?.field === "UPDATED_AT" ? "updated_at" : "created_at";
      const direction = args.orderBy?.direction === "DESC" ? -1 : 1;
      const entries = [...repo.issues.values()]
        .filter((entry) => entry.issue.pull_request === undefined || entry.issue.pull_request === null)
        .filter((entry) => states === null || states.includes(entry.issue.state === "closed" ? "CLOSED" : "OPEN"))
        .filter((entry) => since == null || Date.parse(entry.issue.updated_at ?? "") >= Date.parse(since))
        .sort((a, b) => direction * (Date.parse(a.issue[field] ?? "") - Date.parse(b.issue[field] ?? "") || a.issue.number - b.issue.number));
      return connection(
        entries.map((entry) => issueNode(repo, state, entry)),
        args,
      );
    },
  };
}

/** The issue with a node id, with its repository; NOT_FOUND as GitHub answers otherwise. */
function issueById(state: FakeState, id: string): { repo: FakeRepo; entry: FakeIssue } {
  for (const repo of state.repos.values()) {
    for (const entry of repo.issues.values()) if (entry.issue.node_id === id) return { repo, entry };
  }
  throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

function labelById(repo: FakeRepo, id: string): FakeLabel {
  const label = [...repo.labels.values()].find((l) => l.id === id);
  if (label === undefined) throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  return label;
}

/** Users by node id: the fake's users are `U_<login>`, as `actor` and `user(login:)` give them. */
function userById(id: string): RestUser {
  const match = /^U_(.+)$/.exec(id);
  if (match === null) throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  return { login: match[1] as string, type: "User" };
}

/**
 * Mutations with GitHub's semantics over the same state the REST endpoints change: adding a label
 * the issue has, or removing one it lacks, changes nothing and records no event; every id must
 * resolve (labels of the issue's own repository), or the mutation fails with NOT_FOUND.
 */
function mutationFields(state: FakeState): object {
  type Input<T> = { input: T & { clientMutationId?: string | null } };
  const payload = (input: { clientMutationId?: string | null }, rest: object) => ({ clientMutationId: input.clientMutationId ?? null, ...rest });
  return {
    addLabelsToLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.labelableId);
      const found = input.labelIds.map((id) => labelById(repo, id));
      for (const label of found) {
        if (entry.issue.labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase())) continue;
        entry.issue.labels.push({ name: label.name });
        state.event(entry, { event: "labeled", label: { name: label.name } });
      }
      return payload(input, { labelable: issueNode(repo, state, entry) });
    },
    removeLabelsFromLabelable: ({ input }: Input<{ labelableId: string; labelIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.labelableId);
      const found = input.labelIds.map((id) => labelById(repo, id));
      for (const label of found) {
        if (!entry.issue.labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase())) continue;
        entry.issue.labels = entry.issue.labels.filter((l) => l.name.toLowerCase() !== label.name.toLowerCase());
        state.event(entry, { event: "unlabeled", label: { name: label.name } });
      }
      return payload(input, { labelable: issueNode(repo, state, entry) });
    },
    addAssigneesToAssignable: ({ input }: Input<{ assignableId: string; assigneeIds: string[] }>) => {
      const { repo, entry } = issueById(state, input.assignableId);
      for (const id of input.assigneeIds) {
        const user = userById(id);
        // GitHub leaves out, without an error, people who cannot be assigned.
        if (state.unassignable.has(user.login ?? "") || entry.issue.assignees.some((a) => a.login === user.login)) continue;
        entry.issue.assignees.push(user);
        state.event(entry, { event: "assigned", assignee: user });
      }
      return payload(input, { assignable: issueNode(repo, state, entry) });
    },
    closeIssue: ({ input }: Input<{ issueId: string; stateReason?: string | null }>) => {
      const { repo, entry } = issueById(state, input.issueId);
      if (entry.issue.state !== "closed") {
        const reason = (input.stateReason ?? "COMPLETED").toLowerCase();
        entry.issue.state = "closed";
        entry.issue.state_reason = reason;
        entry.issue.closed_at = state.iso();
        state.event(entry, { event: "closed", state_reason: reason });
      }
      return payload(input, { issue: issueNode(repo, state, entry) });
    },
    reopenIssue: ({ input }: Input<{ issueId: string }>) => {
      const { repo, entry } = issueById(state, input.issueId);
      if (entry.issue.state !== "open") {
        entry.issue.state = "open";
        entry.issue.state_reason = "reopened";
        entry.issue.closed_at = null;
        state.event(entry, { event: "reopened" });
      }
      return payload(input, { issue: issueNode(repo, state, entry) });
    },
    createLabel: ({ input }: Input<{ repositoryId: string; name: string; color: string }>) => {
      const repo = [...state.repos.values()].find((r) => `R_${r.owner}_${r.name}` === input.repositoryId);
      if (repo === undefined) throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${input.repositoryId}'`);
      if (repo.labels.has(input.name.toLowerCase())) throw new FakeGraphqlError("UNPROCESSABLE", "Name has already been taken");
      const label = state.ensureLabel(repo, input.name);
      label.color = input.color;
      return payload(input, { label: labelNode(label) });
    },
  };
}

/**
 * The root value: Query and Mutation fields over the fake state. Every login is a user unless the
 * state lists it as unknown.
 */
export function graphqlRoot(state: FakeState): object {
  return {
    ...mutationFields(state),
    user: ({ login }: { login: string }) => {
      if (state.unknownLogins.has(login)) throw new FakeGraphqlError("NOT_FOUND", `Could not resolve to a User with the login of '${login}'.`);
      return actor({ login, type: "User" });
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      return repo === undefined ? null : repositoryNode(repo, state);
    },
    node: ({ id }: { id: string }) => {
      for (const repo of state.repos.values()) {
        for (const entry of repo.issues.values()) if (entry.issue.node_id === id) return issueNode(repo, state, entry);
      }
      return null;
    },
    rateLimit: () => ({ cost: 1, limit: 5000, nodeCount: 0, remaining: 4999, resetAt: new Date(state.now() + 3_600_000).toISOString(), used: 1 }),
    // As GitHub answers `viewer`: the login with its `[bot]` suffix for Apps (unlike other actors).
    viewer: () => ({ ...actor(state.viewer), login: state.viewer.login }),
  };
}
