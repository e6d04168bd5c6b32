/**
 * The audit's reads (DESIGN §6, §8): open issues, and issues closed since the audit window, in
 * GraphQL pages of 50–100 with everything evaluation needs. Follow-up requests only for issues
 * with more than 100 comments or history events, batched. Where the organisation has issue types
 * or issue fields (which this GraphQL schema does not expose), they are read from the REST issue
 * list, 100 to a page. Reads for N issues: ⌈N/page⌉ GraphQL pages, plus ⌈N/100⌉ REST pages and
 * two capability checks for organisations that use types or fields, plus follow-ups.
 */
import type { Issue } from "../core/model.ts";
import { type AuditScope, TrackerError } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { graphqlRequest } from "./graphql-request.ts";
import { AUDIT_ISSUES_QUERY, buildMoreQuery, type MoreRequest, moreVariables } from "./graphql-queries.ts";
import { type GqlComment, type GqlConnection, type GqlIssue, type GqlTimelineItem, type RestExtras, toCoreIssueFromGraphql } from "./graphql-to-issue.ts";
import { noCapabilities, type OrgCapabilities, readOrgCapabilities } from "./org-capabilities.ts";
import type { RestIssue } from "./rest-types.ts";
import { toTrackerError } from "./to-tracker-error.ts";
import { readViewerLogin } from "./viewer.ts";

export interface ListContext {
  octokit: GitHubClient;
  graphqlUrl: string;
  owner: string;
  repo: string;
  botLogins: readonly string[];
  /** Issues per GraphQL page, 50–100 (default 100). */
  pageSize?: number | undefined;
  /** Called once with the login the token acts as (the audit query reads `viewer` too). */
  onSelfLogin?: (login: string) => void;
  /** Called once with what the organisation offers, for the writes that need it. */
  onCapabilities?: (capabilities: OrgCapabilities) => void;
}

interface IssuePage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (GqlIssue | null)[];
}

interface AuditAnswer {
  viewer?: { login?: string | null } | null;
  repository: {
    owner: { __typename: string; login: string };
    open?: IssuePage;
    closed?: IssuePage;
  } | null;
}

/** Follow-up requests per GraphQL request. */
const MORE_BATCH = 10;

const MIN_PAGE = 50;

const pageSizeOf = (value: number | undefined): number => Math.min(100, Math.max(MIN_PAGE, Math.floor(value ?? 100)));

function pendingMore(node: GqlIssue): MoreRequest[] {
  const more: MoreRequest[] = [];
  const comments = node.comments?.pageInfo;
  if (comments?.hasNextPage === true && comments.endCursor !== null) more.push({ id: node.id, what: "comments", after: comments.endCursor });
  const events = node.timelineItems?.pageInfo;
  if (events?.hasNextPage === true && events.endCursor !== null) more.push({ id: node.id, what: "timelineItems", after: events.endCursor });
  return more;
}

/** Read the remaining comment and event pages of these issues into their nodes. */
async function completeIssues(context: ListContext, issues: readonly GqlIssue[]): Promise<void> {
  const byId = new Map(issues.map((node) => [node.id, node]));
  let queue = issues.flatMap(pendingMore);
  while (queue.length > 0) {
    const batch = queue.slice(0, MORE_BATCH);
    queue = queue.slice(MORE_BATCH);
    const answer = await graphqlRequest<Record<string, Partial<GqlIssue> | null>>(
      context.octokit,
      context.graphqlUrl,
      buildMoreQuery(batch),
      moreVariables(batch),
      `reading more comments and events of ${context.owner}/${context.repo}`,
    );
    batch.forEach((request, i) => {
      const node = byId.get(request.id);
      const page = answer[`m${i}`]?.[request.what] as GqlConnection<GqlComment | GqlTimelineItem> | undefined;
      if (node === undefined || page === undefined || page === null) return;
      const target = (node[request.what] ??= { nodes: [] }) as GqlConnection<GqlComment | GqlTimelineItem>;
      target.nodes = [...(target.nodes ?? []), ...(page.nodes ?? [])];
      target.pageInfo = page.pageInfo ?? { hasNextPage: false, endCursor: null };
      const next = target.pageInfo;
      if (next.hasNextPage && next.endCursor !== null) queue.push({ ...request, after: next.endCursor });
    });
  }
}

/** Issue type and field values by issue number, from the REST issue list (all pages). */
async function readExtras(context: ListContext, state: "open" | "closed", since?: string): Promise<Map<number, RestExtras>> {
  const extras = new Map<number, RestExtras>();
  try {
    const params = { owner: context.owner, repo: context.repo, state, per_page: 100, ...(since === undefined ? {} : { since }) };
    for await (const { data } of context.octokit.paginate.iterator("GET /repos/{owner}/{repo}/issues", params)) {
      for (const issue of data as RestIssue[]) {
        if (typeof issue.number !== "number" || (issue.pull_request !== undefined && issue.pull_request !== null)) continue;
        const entry: RestExtras = {};
        if (issue.type !== undefined) entry.type = issue.type;
        if (Array.isArray(issue.issue_field_values)) entry.issue_field_values = issue.issue_field_values;
        extras.set(issue.number, entry);
      }
    }
  } catch (error) {
    throw toTrackerError(error, `listing ${state} issues of ${context.owner}/${context.repo}`);
  }
  return extras;
}

/** Open issues, then those closed at or after `scope.closedSince`, each converted to the core model. */
export async function* listAuditIssues(context: ListContext, scope: AuditScope): AsyncGenerator<Issue> {
  const repoName = `${context.owner}/${context.repo}`;
  let pageSize = pageSizeOf(context.pageSize);
  const closedSince = scope.closedSince === undefined ? undefined : new Date(scope.closedSince).toISOString();
  let withOpen = true;
  let withClosed = closedSince !== undefined;
  let openAfter: string | null = null;
  let closedAfter: string | null = null;
  let capabilities: OrgCapabilities | undefined;
  // Who the tool is, from the first page: only its own comments carry hidden keys.
  let selfLogin: string | undefined;
  let openExtras: Map<number, RestExtras> | undefined;
  let closedExtras: Map<number, RestExtras> | undefined;

  while (withOpen || withClosed) {
    let answer: AuditAnswer;
    try {
      answer = await graphqlRequest<AuditAnswer>(
        context.octokit,
        context.graphqlUrl,
        AUDIT_ISSUES_QUERY,
        { owner: context.owner, name: context.repo, pageSize, withOpen, openAfter, withClosed, closedAfter, closedSince: closedSince ?? null },
        `reading issues of ${repoName}`,
      );
    } catch (error) {
      // Pages of long issues can time out on GitHub's side; smaller pages usually go through.
      if (error instanceof TrackerError && error.kind === "transient" && pageSize > MIN_PAGE) {
        pageSize = MIN_PAGE;
        continue;
      }
      throw error;
    }
    const repository = answer.repository;
    if (repository === null) throw new TrackerError("not-found", `repository ${repoName} not found (or the token cannot read it)`);
    if (selfLogin === undefined) {
      selfLogin = readViewerLogin(answer, `GraphQL ShepherdAuditIssues for ${repoName}`);
      context.onSelfLogin?.(selfLogin);
    }
    if (capabilities === undefined) {
      capabilities = repository.owner.__typename === "Organization" ? await readOrgCapabilities(context.octokit, repository.owner.login) : noCapabilities();
      context.onCapabilities?.(capabilities);
    }
    const needExtras = capabilities.issueTypes.length > 0 || capabilities.issueFields.length > 0;
    const open = withOpen ? (repository.open?.nodes ?? []).filter((n): n is GqlIssue => n !== null) : [];
    const closed = withClosed
      ? (repository.closed?.nodes ?? [])
          .filter((n): n is GqlIssue => n !== null)
          // filterBy.since is "updated since": keep only issues closed within the window.
          .filter((n) => scope.closedSince !== undefined && Date.parse(n.closedAt ?? "") >= scope.closedSince)
      : [];
    await completeIssues(context, [...open, ...closed]);
    if (needExtras && open.length > 0) openExtras ??= await readExtras(context, "open");
    if (needExtras && closed.length > 0) closedExtras ??= await readExtras(context, "closed", closedSince);
    for (const node of open) {
      yield toCoreIssueFromGraphql(repoName, node, { botLogins: context.botLogins, selfLogin, extras: openExtras?.get(node.number) });
    }
    for (const node of closed) {
      yield toCoreIssueFromGraphql(repoName, node, { botLogins: context.botLogins, selfLogin, extras: closedExtras?.get(node.number) });
    }
    if (withOpen) {
      const info = repository.open?.pageInfo;
      withOpen = info?.hasNextPage === true && info.endCursor !== null;
      openAfter = info?.endCursor ?? null;
    }
    if (withClosed) {
      const info = repository.closed?.pageInfo;
      const nodes = repository.closed?.nodes ?? [];
      // Ordered by update time, newest first: once a page ends before the window, stop.
      const last = nodes[nodes.length - 1];
      const beforeWindow = scope.closedSince !== undefined && Date.parse(last?.updatedAt ?? "") < scope.closedSince;
      withClosed = info?.hasNextPage === true && info.endCursor !== null && !beforeWindow;
      closedAfter = info?.endCursor ?? null;
    }
  }
}
