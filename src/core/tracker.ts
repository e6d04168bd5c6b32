/**
 * The port every tracker adapter implements (GitHub, Jira, snapshot files). The core only
 * defines the shape; adapters do the I/O.
 */
import type { Issue, TrackerCapabilities } from "./model.ts";
import type { Operation } from "./plan.ts";

/** Why a tracker call failed, so callers can decide to retry, stop or report. */
export type TrackerErrorKind = "auth" | "not-found" | "rate-limit" | "transient" | "invalid";

/** A tracker failure with a kind; `cause` keeps the original error. */
export class TrackerError extends Error {
  readonly kind: TrackerErrorKind;
  /** Seconds to wait before retrying, when the tracker said so. */
  readonly retryAfter: number | undefined;
  constructor(kind: TrackerErrorKind, message: string, options: { cause?: unknown; retryAfter?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "TrackerError";
    this.kind = kind;
    this.retryAfter = options.retryAfter;
  }
}

export const isTrackerError = (error: unknown): error is TrackerError => error instanceof TrackerError;

/** The outcome of one operation. */
export interface OperationResult {
  operation: Operation;
  ok: boolean;
  error?: string;
  /** Why it failed, when the tracker said: an `auth` failure stops the run. */
  errorKind?: TrackerErrorKind;
  /**
   * True when the tracker already was as asked and nothing was written: a keyed comment that
   * another run posted meanwhile.
   */
  alreadyDone?: boolean;
  /** True when the operation was not tried, because an auth failure came before it. */
  notAttempted?: boolean;
}

/**
 * An issue an audit could not read well enough to plan on (an answer that lacks or garbles what a
 * plan depends on). It is left unchanged and read again by the next run.
 */
export interface SkippedIssue {
  /** The issue as far as the answer named it (`owner/repo#12`, `PROJ-12`). */
  id: string;
  /** Which answer, and what was expected and found. */
  reason: string;
}

/** Which issues an audit covers. */
export interface AuditScope {
  /** Also return issues closed at or after this instant (for the closure checklist). */
  closedSince?: number;
  /** Jira: the JQL that selects the issues. */
  jql?: string;
  /** Told about each issue in scope that is left out because its answer could not be trusted. */
  onSkip?: (skipped: SkippedIssue) => void;
}

/** A new issue to open (a monitoring alert's): what the tool writes, and how it is found again. */
export interface NewIssue {
  title: string;
  /** The description as the tracker's text (Markdown on GitHub, plain text on Jira). */
  body: string;
  labels: readonly string[];
  /** The value of the tracker's own priority field (Jira's Highest…Low), where it has one. */
  nativePriority?: string | undefined;
  /** The issue type, where the tracker has types (Jira). */
  type?: string | undefined;
  /** Where to open it on a tracker that spans several (a Jira project key). */
  project?: string | undefined;
  /**
   * A hidden identity (letters, digits and - _ . /) written where a person cannot forge it (GitHub:
   * a marker ending the body; Jira: a label), so that `findIssueByIdentity` finds the issue again.
   */
  identity: string;
}

export interface Tracker {
  /** The adapter's name, as reports show it. */
  readonly kind: string;
  /** What this tracker can do; every issue it returns carries the same value. */
  readonly capabilities: TrackerCapabilities;
  /** Human name of where the issues live: `owner/repo`, a Jira site, a snapshot path. */
  readonly name: string;
  /**
   * Open issues (and those closed since `scope.closedSince`). An issue whose answer is unusable is
   * not yielded but reported to `scope.onSkip`; an unusable page ends the listing with an error.
   */
  listIssues(scope: AuditScope): AsyncIterable<Issue>;
  /** One issue by its tracker id (`owner/repo#12`, `PROJ-12`, or the number alone). */
  getIssue(id: string): Promise<Issue>;
  /**
   * The issue as it is now, before a plan that comments is applied. An adapter that can tell
   * cheaply that nothing changed since `issue` was read (GitHub's `updated_at`) returns `issue`
   * itself, and may then skip its own check right before posting: this was that check. Without
   * it, the apply step reads the issue again with `getIssue`.
   */
  refresh?(issue: Issue): Promise<Issue>;
  /**
   * Apply operations to one issue, in order; one failure does not stop the others, except an
   * auth failure: the operations after it are returned as not attempted. A keyed comment is
   * posted only if no comment by the tool's own identity carries its key (checked right before
   * posting); one found is reported as already done.
   */
  apply(issue: Issue, operations: readonly Operation[]): Promise<OperationResult[]>;
  /** Open a new issue as the tool's own identity (alerts); absent where the adapter cannot. */
  createIssue?(issue: NewIssue): Promise<Issue>;
  /**
   * The newest issue the tool opened with this identity (`NewIssue.identity`), open or closed.
   * `where` is what it was opened with: its first label narrows the listing (GitHub lists by
   * label, never through its delayed search), `project` the Jira project.
   */
  findIssueByIdentity?(identity: string, where: { labels: readonly string[]; project?: string | undefined }): Promise<Issue | undefined>;
  /** Persist buffered changes (snapshot files); a no-op for live trackers. */
  flush?(): Promise<void>;
}
