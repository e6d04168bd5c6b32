/**
 * The Jira Cloud tracker: the `Tracker` port on jira.js v6 `createCloudClient`.
 * Credentials are passed in (the composition root reads JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN);
 * this module reads no environment. The account the token belongs to (`/myself`) is the tool's
 * own identity, the only one whose comments carry hidden keys; the ids the rules name are treated
 * as automation (their activity is no team response), never as the tool.
 */
import { type CloudClient, createCloudClient } from "jira.js";
import type { ChannelSender } from "../core/channels/channel.ts";
import type { Logger } from "../core/logger.ts";
import type { Issue, StatusCategory } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { applyOrder } from "../core/operations/registry.ts";
import type { CaseSearch, CaseSearchQuery } from "../core/case-search.ts";
import { type AuditScope, isTrackerError, type NewIssue, type OperationResult, type Tracker, TrackerError } from "../core/tracker.ts";
import { type ApplyTarget, applyOperation } from "./apply-operation.ts";
import { JIRA_CAPABILITIES } from "./capabilities.ts";
import { createJiraTransport, type RetryNotice } from "./create-jira-transport.ts";
import { cachedCatalog, type FieldCatalog } from "./field-catalog.ts";
import { DEFAULT_TRANSITION_NAMES, type TransitionNames } from "./find-transition.ts";
import { createWritePacer } from "./pace-writes.ts";
import { completeIssue, readIssue } from "./read-issue.ts";
import { createIdentifiedIssue, findIdentifiedIssues, ownNewest } from "./identified-issue.ts";
import { auditQuery, searchIssues } from "./search-issues.ts";
import { solvedIssuesJql } from "./search-solved-issues.ts";
import { type JiraIssue, toCoreIssueFromJira, toStatusCategory } from "./to-core-issue.ts";

export interface JiraTrackerOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  /** Account ids of other automation (the rules' bot logins): a role, never the tool's identity. */
  botAccountIds?: readonly string[];
  transitionNames?: Partial<TransitionNames>;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock (epoch ms), for `Retry-After` dates and pacing. */
  now?: () => number;
  random?: () => number;
  /** Least ms between two writes to one issue. Default 200. */
  writeIntervalMs?: number;
  maxRetries?: number;
  maxWaitMs?: number;
  /** Told about every retry (rate limits, transient failures), for logs and metrics. */
  onRetry?: (notice: RetryNotice) => void;
  /** Where retries are logged (`jira.retry`, warn). Default: nowhere. */
  logger?: Logger;
  /** Sends the notices of `notify` operations (chat, pager, e-mail); without it a notify fails, saying so. */
  channelSender?: ChannelSender | undefined;
}

export interface JiraTracker extends Tracker, CaseSearch {
  readonly kind: "jira";
  /**
   * The account the token belongs to (`/myself`), read once: the tool's own identity. Fails with
   * an auth error when Jira does not name it.
   */
  selfAccountId(): Promise<string>;
  /**
   * Accounts whose changes never start an evaluation (no loops): the token's account and the
   * configured ones. Not whose keys count: that is `selfAccountId` alone.
   */
  ownAccountIds(): Promise<ReadonlySet<string>>;
  /**
   * The site's fields (`/rest/api/3/field`), read once and shared with reads and writes: the
   * composition roots check the rules' field names against it before anything is read.
   */
  fieldCatalog(): Promise<FieldCatalog>;
  /** The raw jira.js client, for composition roots (health checks). */
  readonly client: CloudClient;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Create the Jira tracker. No request is made until it is used. */
export function createJiraTracker(options: JiraTrackerOptions): JiraTracker {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const pacer = createWritePacer({ intervalMs: options.writeIntervalMs ?? 200, now, sleep });
  const transport = createJiraTransport({
    baseUrl: options.baseUrl,
    email: options.email,
    apiToken: options.apiToken,
    now,
    sleep,
    pacer,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
    ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const jira = createCloudClient(transport);
  const transitionNames: TransitionNames = { ...DEFAULT_TRANSITION_NAMES, ...options.transitionNames };
  const fields = cachedCatalog(() => jira.issueFields.getFields());

  let self: Promise<string> | undefined;
  const selfAccountId = (): Promise<string> => {
    self ??= jira.myself.getCurrentUser().then(
      (me: unknown) => {
        const accountId = typeof me === "object" && me !== null ? (me as { accountId?: unknown }).accountId : undefined;
        if (typeof accountId === "string" && accountId !== "") return accountId;
        throw new TrackerError(
          "auth",
          `Jira GET /rest/api/3/myself: expected the token's account with an accountId, found ${accountId === undefined ? "none" : JSON.stringify(accountId)}; ` +
            "issue-shepherd recognises its own comments by that account: check JIRA_EMAIL and JIRA_API_TOKEN",
        );
      },
      (error: unknown) => {
        // Not cached: the next read may go through.
        self = undefined;
        throw error;
      },
    );
    return self;
  };
  const ownAccountIds = async (): Promise<ReadonlySet<string>> => new Set([...(options.botAccountIds ?? []), await selfAccountId()]);

  /** Status name → category from `/rest/api/3/status`; best effort, history reads better with it. */
  let categories: Promise<Record<string, StatusCategory>> | undefined;
  const statusCategories = (): Promise<Record<string, StatusCategory>> => {
    categories ??= jira.workflowStatuses.getStatuses().then(
      (answer: unknown) => {
        const map: Record<string, StatusCategory> = {};
        for (const status of Array.isArray(answer) ? answer : []) {
          if (typeof status !== "object" || status === null) continue;
          const { name, statusCategory } = status as { name?: unknown; statusCategory?: { key?: unknown } };
          if (typeof name === "string") map[name] = toStatusCategory(statusCategory?.key);
        }
        return map;
      },
      () => {
        categories = undefined;
        return {};
      },
    );
    return categories;
  };

  async function convert(raw: JiraIssue): Promise<Issue> {
    const [me, catalog, categories] = await Promise.all([selfAccountId(), fields(), statusCategories()]);
    await completeIssue(jira, raw, me);
    return toCoreIssueFromJira(raw, {
      botAccountIds: options.botAccountIds ?? [],
      selfAccountId: me,
      fieldNames: catalog.names(),
      statusCategories: categories,
      ...(raw.properties === undefined ? {} : { properties: raw.properties }),
    });
  }

  return {
    kind: "jira",
    capabilities: JIRA_CAPABILITIES,
    name: new URL(options.baseUrl).host,
    client: jira,
    fieldCatalog: fields,
    selfAccountId,
    ownAccountIds,

    async *listIssues(scope: AuditScope): AsyncIterable<Issue> {
      if (scope.jql === undefined || scope.jql.trim() === "") {
        throw new TrackerError("invalid", "a Jira audit needs a JQL query that selects the issues (--jql)");
      }
      for await (const raw of searchIssues(jira, auditQuery(scope.jql, scope.closedSince), scope.onSkip)) {
        let issue: Issue;
        try {
          issue = await convert(raw);
        } catch (error) {
          // One issue whose changelog or comments cannot be read is skipped, not the whole audit.
          if (!isTrackerError(error) || error.kind !== "invalid" || scope.onSkip === undefined) throw error;
          scope.onSkip({ id: String(raw.key), reason: `${error.message}; left unchanged, read again next run` });
          continue;
        }
        yield issue;
      }
    },

    async getIssue(id: string): Promise<Issue> {
      const raw = await readIssue(jira, id.trim(), await selfAccountId());
      return convert(raw);
    },

    async createIssue(issue: NewIssue): Promise<Issue> {
      const key = await createIdentifiedIssue(jira, issue);
      return convert(await readIssue(jira, key, await selfAccountId()));
    },

    async findIssueByIdentity(identity: string, where: { project?: string | undefined }): Promise<Issue | undefined> {
      const found = await findIdentifiedIssues(jira, identity, where.project);
      const issues: Issue[] = [];
      for (const raw of found) issues.push(await convert(raw));
      return ownNewest(issues);
    },

    async searchSolved(query: CaseSearchQuery): Promise<Issue[]> {
      const jql = solvedIssuesJql(query);
      if (jql === undefined || query.limit <= 0) return [];
      const found: Issue[] = [];
      for await (const raw of searchIssues(jira, jql)) {
        found.push(await convert(raw));
        if (found.length >= query.limit) break;
      }
      return found;
    },

    async apply(issue: Issue, operations: readonly Operation[]): Promise<OperationResult[]> {
      const ledger: Record<string, string | string[]> = {};
      for (const comment of issue.comments) {
        // Only the tool's own keys go back into the ledger: a key claimed by anyone else is text.
        if (comment.key !== undefined && comment.author.self === true) ledger[comment.id] = comment.keys ?? comment.key;
      }
      const target: ApplyTarget = {
        jira,
        key: issue.id,
        fields,
        transitionNames,
        ledger: { comments: ledger },
        commentIds: new Set(issue.comments.map((comment) => comment.id)),
        selfAccountId,
        channelSender: options.channelSender,
      };
      const results: OperationResult[] = [];
      let refused: string | undefined;
      for (const operation of applyOrder(operations).map((index) => operations[index] as Operation)) {
        if (refused !== undefined) {
          // Credentials refused: every further write would be refused too; nothing more is tried.
          results.push({ operation, ok: false, notAttempted: true, error: `not attempted after the auth failure: ${refused}` });
          continue;
        }
        try {
          const alreadyDone = (await applyOperation(target, operation)) === true;
          results.push(alreadyDone ? { operation, ok: true, alreadyDone } : { operation, ok: true });
        } catch (error) {
          if (!isTrackerError(error)) throw error;
          results.push({ operation, ok: false, errorKind: error.kind, error: errorText(error) });
          if (error.kind === "auth") refused = errorText(error);
        }
      }
      return operations.flatMap((op) => results.find((result) => result.operation === op) ?? []);
    },
  };
}
