/** What the GitHub writes of one plan work with: the repository, its clients and what is known of it. */
import type { ChannelSender } from "../core/channels/channel.ts";
import type { Operation } from "../core/plan.ts";
import type { OperationResult } from "../core/tracker.ts";
import type { GitHubClient } from "./create-octokit.ts";
import type { OrgCapabilities } from "./org-capabilities.ts";

export interface BatchWriter {
  /** Remember an issue's node id (the audit read has it), so the batch needs no read for it. */
  rememberIssue(number: number, nodeId: string): void;
  /** Apply the operations (those that join the batch) as one request; one result per operation, in order. */
  apply(issueNumber: number, operations: readonly Operation[]): Promise<OperationResult[]>;
}

export interface ApplyContext {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The organisation's issue types and fields, read on first need. */
  capabilities: () => Promise<OrgCapabilities>;
  /** Name of the issue field that holds the priority (default Priority). */
  priorityField: string;
  /** Rule field name → GitHub issue field name, for set-field. */
  issueFieldNames: ReadonlyMap<string, string>;
  /** Rules `bot.logins`, for converting comments as the reads do. */
  botLogins: readonly string[];
  /** The login the token acts as: only its comments carry keys. */
  selfLogin: () => Promise<string>;
  /** Labels, assignees and state as one GraphQL request per issue; without it, REST one by one. */
  batch?: BatchWriter;
  /** Sends `notify` operations' notices; without it, a notify fails with "no channel sender configured". */
  channelSender?: ChannelSender | undefined;
}

/** The one issue a plan is applied to. */
export type WriteTarget = ApplyContext & {
  issue_number: number;
  /** The latest instant among the comments the issue had when it was read (see `sinceOf`). */
  since: number | undefined;
  /** The issue was found unchanged right before this apply: no second look before posting. */
  fresh: boolean;
};
