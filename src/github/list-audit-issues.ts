/**
 * The audit's reads: open issues, and issues closed since the audit window, in
 * GraphQL pages of 50–100 with everything evaluation needs. Where the organisation has issue types
 * or issue fields (which this GraphQL schema does not expose), they are read from the REST issue
 * list, 100 to a page. Reads for N issues: ⌈N/page⌉ GraphQL pages, plus ⌈N/100⌉ REST pages and
 * two capability checks for organisations that use types or fields. Issues with more than 100
 * comments or events need follow-up pages; those ride along in the next page request, and once
 * the pages are done go out as many to a request as GitHub's node limit allows, so long issues
 * add about one request per further 100 comments of the longest, not one per issue.
 */
import { answerProblem, expectRecord, expectString, invalidAnswer, isRecord, listProblems } from "../core/answer-shape.ts";
import type { Issue } from "../core/model.ts";
import { type AuditScope, TrackerError } from "../core/tracker.ts";
import { graphqlIssuePageProblems, graphqlIssueProblems, graphqlPageProblems } from "./check-answers.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { graphqlRequest } from "./graphql-request.ts";
import { buildAuditQuery, buildMoreQuery, type MoreRequest, moreRoom, moreVariables } from "./graphql-queries.ts";
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
  /** Each issue's node id as read, for writes that take it (GraphQL mutations). */
  onIssueNode?: (number: number, nodeId: string) => void;
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

const MIN_PAGE = 50;

const pageSizeOf = (value: number | undefined): number => Math.min(100, Math.max(MIN_PAGE, Math.floor(value ?? 100)));

function pendingMore(node: GqlIssue): PendingMore[] {
  const more: PendingMore[] = [];
  const comments = node.comments?.pageInfo;
  if (comments?.hasNextPage === true && comments.endCursor !== null) more.push({ node, id: node.id, what: "comments", after: comments.endCursor });
  const events = node.timelineItems?.pageInfo;
  if (events?.hasNextPage === true && events.endCursor !== null) more.push({ node, id: node.id, what: "timelineItems", after: events.endCursor });
  return more;
}

/** A follow-up waiting to be sent, with the issue node its page goes into. */
interface PendingMore extends MoreRequest {
  node: GqlIssue;
}

/**
 * Merge the follow-up pages of an answer (aliases `m0`, `m1`, … in `batch` order) into their
 * issue nodes; the next pages they call for go back on `queue`. An issue whose follow-up page is
 * missing or malformed is marked in `unreadable` (with what was wrong) and not followed further:
 * its comments or history would be incomplete.
 */
function mergeMore(answer: unknown, batch: readonly PendingMore[], queue: PendingMore[], unreadable: Map<GqlIssue, string>, operation: string): void {
  batch.forEach((request, i) => {
    const node = request.node;
    if (unreadable.has(node)) return;
    const holder: unknown = isRecord(answer) ? answer[`m${i}`] : undefined;
    const raw = isRecord(holder) ? holder[request.what] : undefined;
    const problems = isRecord(holder) ? graphqlPageProblems(raw, request.what) : [`m${i}: expected the issue, found ${holder === null ? "null" : "nothing"}`];
    if (problems.length > 0) {
      unreadable.set(node, `the follow-up page of ${request.what} (GraphQL ${operation}): ${listProblems(problems)}`);
      return;
    }
    const page = raw as GqlConnection<GqlComment | GqlTimelineItem>;
    const target = (node[request.what] ??= { nodes: [] }) as GqlConnection<GqlComment | GqlTimelineItem>;
    target.nodes = [...(target.nodes ?? []), ...(page.nodes ?? [])];
    target.pageInfo = page.pageInfo ?? { hasNextPage: false, endCursor: null };
    const next = target.pageInfo;
    if (next.hasNextPage && next.endCursor !== null) queue.push({ ...request, after: next.endCursor });
  });
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
  // Follow-ups not sent yet, and the issues that wait for them (with the list each came from).
  // They go out with the next page request, as many as the node limit leaves room for, so that
  // long issues cost no request of their own while pages remain.
  let queue: PendingMore[] = [];
  const waiting = new Map<GqlIssue, "open" | "closed">();
  // An issue node that lacks what a plan depends on is skipped (and said so), never read as
  // empty: `labels: null` taken as "no labels" would add a priority beside a person's.
  const unreadable = new Map<GqlIssue, string>();
  // Lowered when a request with many follow-ups fails on GitHub's side (a timeout).
  let moreCap = Number.POSITIVE_INFINITY;
  const what = `GraphQL ShepherdAuditIssues for ${repoName}`;

  while (withOpen || withClosed || queue.length > 0) {
    const paging = withOpen || withClosed;
    const batch = queue.slice(0, Math.min(moreCap, moreRoom(paging ? pageSize : undefined)));
    let answer: unknown;
    try {
      answer = paging
        ? await graphqlRequest<AuditAnswer>(
            context.octokit,
            context.graphqlUrl,
            buildAuditQuery(batch),
            {
              owner: context.owner,
              name: context.repo,
              pageSize,
              withOpen,
              openAfter,
              withClosed,
              closedAfter,
              closedSince: closedSince ?? null,
              ...moreVariables(batch),
            },
            `reading issues of ${repoName}`,
          )
        : await graphqlRequest<unknown>(context.octokit, context.graphqlUrl, buildMoreQuery(batch), moreVariables(batch), `reading more comments and events of ${repoName}`);
    } catch (error) {
      // Large requests can time out on GitHub's side; smaller ones usually go through: first
      // fewer follow-ups, then smaller pages.
      if (error instanceof TrackerError && error.kind === "transient") {
        if (batch.length > 1) {
          moreCap = Math.ceil(batch.length / 2);
          continue;
        }
        if (paging && pageSize > MIN_PAGE) {
          pageSize = MIN_PAGE;
          continue;
        }
      }
      throw error;
    }
    queue = queue.slice(batch.length);
    const ready: [GqlIssue, "open" | "closed"][] = [];
    if (paging) {
      const page = answer as AuditAnswer;
      if (!isRecord(page) || page.repository === undefined) throw invalidAnswer(what, [answerProblem("data.repository", "the repository", isRecord(page) ? undefined : page)]);
      const repository = page.repository;
      if (repository === null) throw new TrackerError("not-found", `repository ${repoName} not found (or the token cannot read it)`);
      // A page the audit cannot read whole ends it with a message: skipping quietly would leave
      // the rest of the repository unaudited without anyone knowing.
      const pageProblems: string[] = [];
      if (expectRecord(repository, "repository", pageProblems)) {
        if (expectRecord(repository.owner, "repository.owner", pageProblems)) expectString(repository.owner.login, "repository.owner.login", pageProblems);
        if (withOpen) pageProblems.push(...graphqlIssuePageProblems(repository.open, "repository.open"));
        if (withClosed) pageProblems.push(...graphqlIssuePageProblems(repository.closed, "repository.closed"));
      }
      if (pageProblems.length > 0) throw invalidAnswer(what, pageProblems);
      if (selfLogin === undefined) {
        selfLogin = readViewerLogin(page, what);
        context.onSelfLogin?.(selfLogin);
      }
      if (capabilities === undefined) {
        capabilities = repository.owner.__typename === "Organization" ? await readOrgCapabilities(context.octokit, repository.owner.login) : noCapabilities();
        context.onCapabilities?.(capabilities);
      }
      mergeMore(answer, batch, queue, unreadable, "ShepherdAuditIssues");
      const usable = (list: "open" | "closed", node: unknown): node is GqlIssue => {
        const problems = isRecord(node) ? graphqlIssueProblems(node) : [`expected an issue, found ${node === null ? "null" : typeof node}`];
        if (problems.length === 0) return true;
        const number = isRecord(node) && typeof node.number === "number" ? node.number : undefined;
        const id = number === undefined ? `${repoName} (an ${list} issue without a number)` : `${repoName}#${number}`;
        scope.onSkip?.({ id, reason: `${what}: ${listProblems(problems)}; left unchanged, read again next run` });
        return false;
      };
      const open = withOpen ? (repository.open?.nodes ?? []).filter((n): n is GqlIssue => usable("open", n)) : [];
      const closed = withClosed
        ? (repository.closed?.nodes ?? [])
            .filter((n): n is GqlIssue => usable("closed", n))
            // filterBy.since is "updated since": keep only issues closed within the window.
            .filter((n) => scope.closedSince !== undefined && Date.parse(n.closedAt ?? "") >= scope.closedSince)
        : [];
      for (const [node, list] of [...open.map((n) => [n, "open"] as const), ...closed.map((n) => [n, "closed"] as const)]) {
        const more = pendingMore(node);
        if (more.length === 0) ready.push([node, list]);
        else {
          queue.push(...more);
          waiting.set(node, list);
        }
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
    } else {
      mergeMore(answer, batch, queue, unreadable, "ShepherdMoreItems");
    }
    // Issues whose last follow-up came back are complete (or unreadable) now.
    const still = new Set(queue.map((request) => request.node));
    for (const node of new Set(batch.map((request) => request.node))) {
      const list = waiting.get(node);
      if (list === undefined || still.has(node)) continue;
      waiting.delete(node);
      ready.unshift([node, list]);
    }
    const needExtras = capabilities !== undefined && (capabilities.issueTypes.length > 0 || capabilities.issueFields.length > 0);
    if (needExtras && ready.some(([, list]) => list === "open")) openExtras ??= await readExtras(context, "open");
    if (needExtras && ready.some(([, list]) => list === "closed")) closedExtras ??= await readExtras(context, "closed", closedSince);
    for (const [node, list] of ready) {
      const problem = unreadable.get(node);
      if (problem !== undefined) {
        scope.onSkip?.({ id: `${repoName}#${node.number}`, reason: `${problem}; left unchanged, read again next run` });
        continue;
      }
      if (typeof node.id === "string") context.onIssueNode?.(node.number, node.id);
      const extras = list === "open" ? openExtras : closedExtras;
      yield toCoreIssueFromGraphql(repoName, node, { botLogins: context.botLogins, selfLogin, extras: extras?.get(node.number) });
    }
  }
}
