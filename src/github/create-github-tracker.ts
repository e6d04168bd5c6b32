/**
 * The GitHub adapter behind the Tracker port: audit reads through GraphQL, single issues through
 * REST, comments and issue fields through REST, labels, assignees and state as one GraphQL
 * request per issue. Everything it needs is passed in; it reads no environment.
 */
import type { Issue } from "../core/model.ts";
import type { ChannelSender } from "../core/channels/channel.ts";
import type { Operation } from "../core/plan.ts";
import type { CaseSearch, CaseSearchQuery } from "../core/case-search.ts";
import { type AuditScope, type NewIssue, type OperationResult, type Tracker, TrackerError } from "../core/tracker.ts";
import { createBatchWriter } from "./apply-batch.ts";
import { GITHUB_CAPABILITIES } from "./capabilities.ts";
import { applyOperations } from "./apply-operations.ts";
import type { GitHubClient } from "./create-octokit.ts";
import { fetchIssue, parseIssueNumber } from "./fetch-issue.ts";
import { createIdentifiedIssue, findIdentifiedIssue } from "./identified-issue.ts";
import { defaultGraphqlUrl } from "./graphql-request.ts";
import { searchSolvedIssues } from "./search-solved-issues.ts";
import { toTrackerError } from "./to-tracker-error.ts";
import { listAuditIssues } from "./list-audit-issues.ts";
import { type OrgCapabilities, readOrgCapabilities } from "./org-capabilities.ts";
import { fetchViewerLogin } from "./viewer.ts";

export interface GitHubTrackerOptions {
  octokit: GitHubClient;
  /** `OWNER/REPO`. */
  repository: string;
  /** GraphQL endpoint; default derived from the Octokit's REST base URL. */
  graphqlUrl?: string | undefined;
  /**
   * Accounts to treat as automation besides GitHub Apps (rules `bot.logins`): a role only. The
   * tool's own identity is the account the token acts as, read from GitHub.
   */
  botLogins?: readonly string[];
  /** Name of the single-select issue field that holds the priority (default Priority). */
  priorityField?: string | undefined;
  /** Rule field name → GitHub issue field name, for set-field operations. */
  issueFieldNames?: ReadonlyMap<string, string>;
  /** Issues per audit page, 50–100 (default 100). */
  pageSize?: number;
  /** Sends the notices of `notify` operations (chat, pager, e-mail); without it a notify fails, saying so. */
  channelSender?: ChannelSender | undefined;
}

export function splitRepository(repository: string): { owner: string; repo: string } {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository.trim());
  if (match === null) throw new TrackerError("invalid", `expected a repository as OWNER/REPO, found "${repository}"`);
  return { owner: match[1] as string, repo: match[2] as string };
}

export interface GitHubTracker extends Tracker, CaseSearch {
  readonly kind: "github";
  /**
   * The login the token acts as (`octocat`, `github-actions[bot]`, `<app-slug>[bot]`): the only
   * account whose comments count as the tool's own. Read once per tracker (the audit's first page
   * brings it along); a failure is a TrackerError that says why it matters.
   */
  selfLogin(): Promise<string>;
}

/**
 * The issue's `updated_at` now, in one small request: every comment, label, assignment or state
 * change moves it, so an equal value means the issue is as it was read.
 */
async function updatedAtOf(octokit: GitHubClient, owner: string, repo: string, number: number): Promise<number | undefined> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: number });
    const value = (data as { updated_at?: unknown }).updated_at;
    return typeof value === "string" ? Date.parse(value) : undefined;
  } catch (error) {
    throw toTrackerError(error, `reading ${owner}/${repo}#${number}`);
  }
}

export function createGitHubTracker(options: GitHubTrackerOptions): GitHubTracker {
  const { octokit } = options;
  const { owner, repo } = splitRepository(options.repository);
  const name = `${owner}/${repo}`;
  const botLogins = options.botLogins ?? [];
  const graphqlUrl = options.graphqlUrl ?? defaultGraphqlUrl(String(octokit.request.endpoint.DEFAULTS.baseUrl));
  // Knows the ids GraphQL writes take (issues the audit read, labels, users) for the tracker's life.
  const batch = createBatchWriter({ octokit, graphqlUrl, owner, repo });
  let capabilities: Promise<OrgCapabilities> | undefined;
  const readCapabilities = (): Promise<OrgCapabilities> => (capabilities ??= readOrgCapabilities(octokit, owner));
  let self: Promise<string> | undefined;
  const selfLogin = (): Promise<string> => {
    self ??= fetchViewerLogin(octokit, graphqlUrl).catch((error: unknown) => {
      // Not cached: the next read may go through (a rate limit, a network fault).
      self = undefined;
      throw error;
    });
    return self;
  };

  const numberOf = (issue: Issue | string): number => {
    const id = typeof issue === "string" ? issue : issue.id;
    const number = parseIssueNumber(id, name);
    if (number === undefined) throw new TrackerError("invalid", `"${id}" is not an issue of ${name}`);
    return number;
  };

  // Issues `refresh` found unchanged, until they are applied (once).
  const unchanged = new WeakSet<Issue>();

  return {
    kind: "github",
    capabilities: GITHUB_CAPABILITIES,
    name,
    selfLogin,
    listIssues(scope: AuditScope): AsyncIterable<Issue> {
      return listAuditIssues(
        {
          octokit,
          graphqlUrl,
          owner,
          repo,
          botLogins,
          pageSize: options.pageSize,
          onSelfLogin: (login) => {
            self ??= Promise.resolve(login);
          },
          onCapabilities: (found) => {
            capabilities ??= Promise.resolve(found);
          },
          onIssueNode: (number, nodeId) => batch.rememberIssue(number, nodeId),
        },
        scope,
      );
    },
    getIssue(id: string): Promise<Issue> {
      return fetchIssue({ octokit, owner, repo, botLogins, selfLogin }, numberOf(id));
    },
    createIssue(issue: NewIssue): Promise<Issue> {
      return createIdentifiedIssue({ octokit, owner, repo, botLogins, selfLogin }, issue);
    },
    findIssueByIdentity(identity: string, where: { labels: readonly string[] }): Promise<Issue | undefined> {
      return findIdentifiedIssue({ octokit, owner, repo, botLogins, selfLogin }, identity, where.labels);
    },
    searchSolved(query: CaseSearchQuery): Promise<Issue[]> {
      return searchSolvedIssues({ octokit, owner, repo, botLogins, selfLogin }, query);
    },
    async refresh(issue: Issue): Promise<Issue> {
      const number = numberOf(issue);
      if (issue.updatedAt !== undefined && (await updatedAtOf(octokit, owner, repo, number)) === issue.updatedAt) {
        unchanged.add(issue);
        return issue;
      }
      return fetchIssue({ octokit, owner, repo, botLogins, selfLogin }, number);
    },
    apply(issue: Issue, operations: readonly Operation[]): Promise<OperationResult[]> {
      return applyOperations(
        {
          octokit,
          owner,
          repo,
          capabilities: readCapabilities,
          priorityField: options.priorityField ?? "Priority",
          issueFieldNames: options.issueFieldNames ?? new Map(),
          botLogins,
          selfLogin,
          batch,
          channelSender: options.channelSender,
        },
        numberOf(issue),
        operations,
        issue,
        // Found unchanged by `refresh` a moment ago: that was the look before posting.
        unchanged.delete(issue),
      );
    },
  };
}
