/**
 * The tracker-neutral issue model. Adapters translate GitHub and Jira objects into
 * this shape; the core reads nothing else. Instants are epoch milliseconds (UTC) so that clock
 * arithmetic never re-parses strings on the hot path.
 */

/**
 * What a tracker can do, as its adapter declares it. The core decides from these, never from a
 * tracker's name, so a new tracker needs no change in the core.
 */
export interface TrackerCapabilities {
  /**
   * The id that selects which of a rule field's per-source mappings, and which of a group
   * member's ids, apply to this tracker's issues (a key of the rule file's per-source sections).
   */
  readonly source: string;
  /**
   * The tracker has its own priority field, set on every issue, which the core reads and writes
   * instead of priority labels.
   */
  readonly nativePriority: boolean;
  /** Issues move through a workflow of named statuses (transitions). */
  readonly workflowStatus: boolean;
  /** Issues have a type. */
  readonly issueTypes: boolean;
  /** Comments can be internal notes that the reporter does not see. */
  readonly internalComments: boolean;
  /** An issue has at most one assignee. */
  readonly singleAssignee: boolean;
}

/** A person or bot as the tracker names them. */
export interface Person {
  /** Stable id: the GitHub login, or the Jira accountId. */
  id: string;
  /** Human-readable name where the tracker has one. */
  name?: string;
  /** True for GitHub Apps/bots and Jira app users. */
  bot?: boolean;
  /**
   * True when this is the tool's own authenticated identity, as the adapter established it (the
   * token's user or App bot on GitHub, `/myself` on Jira, the login a snapshot is written as).
   * Only comments by this identity can carry a hidden key: a configured login or any `[bot]` is
   * never enough, since anyone can register one.
   */
  self?: boolean;
  /**
   * GitHub `author_association` of this person on the repository (OWNER, MEMBER, COLLABORATOR,
   * CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE, …), where known.
   */
  association?: string;
  /** Jira groups or project roles of this person, where known. */
  groups?: readonly string[];
}

/**
 * A reaction's content, in GitHub's REST spelling (the set both trackers' emoji reactions map
 * onto): 👍 `+1`, 👎 `-1`, 😄 `laugh`, 🎉 `hooray`, 😕 `confused`, ❤️ `heart`, 🚀 `rocket`, 👀 `eyes`.
 */
export type ReactionContent = "+1" | "-1" | "laugh" | "hooray" | "confused" | "heart" | "rocket" | "eyes";

/** One person's reaction to a comment. */
export interface Reaction {
  content: ReactionContent;
  by: Person;
  /** When it was given, where the tracker says. */
  at?: number;
}

/** A comment on an issue. */
export interface Comment {
  id: string;
  author: Person;
  body: string;
  createdAt: number;
  updatedAt?: number;
  /** False for internal notes (Jira Service Management); such comments never count as a response. */
  public: boolean;
  /** The hidden key the tool wrote into this comment, if it is one of the tool's own notices (the first, for a digest). */
  key?: string;
  /**
   * Every hidden key of the comment, in the order written, when it carries one or more: a digest
   * stands for several notices. Readers set it with `key`; absent means `[key]`.
   */
  keys?: string[];
  /**
   * Reactions to the comment, where the adapter reads them (the tool's own comments: a survey is
   * answered by reacting to it). Absent: not read.
   */
  reactions?: readonly Reaction[];
}

/** Close reasons, normalised across trackers. */
export type CloseReason = "completed" | "not_planned" | "duplicate";

/** A value of a tracker field as the adapter found it: text, a list of options, or nothing. */
export type FieldValue = string | number | boolean | readonly string[] | null;

/** One change in the issue's history, with who made it and when. */
export type HistoryEvent =
  | { kind: "labeled" | "unlabeled"; at: number; actor?: Person; label: string }
  | { kind: "closed"; at: number; actor?: Person; reason?: CloseReason }
  | { kind: "reopened"; at: number; actor?: Person }
  | { kind: "assigned" | "unassigned"; at: number; actor?: Person; assignee: string }
  | { kind: "priority"; at: number; actor?: Person; from: string | null; to: string | null }
  | { kind: "status"; at: number; actor?: Person; from: string | null; to: string | null }
  | { kind: "field"; at: number; actor?: Person; field: string; from: FieldValue; to: FieldValue }
  | { kind: "type"; at: number; actor?: Person; from: string | null; to: string | null };

/** Jira status categories (GitHub issues have none). */
export type StatusCategory = "new" | "indeterminate" | "done";

/** An issue as the core sees it. */
export interface Issue {
  /** What the tracker this issue came from can do; decides how named fields are looked up. */
  capabilities: TrackerCapabilities;
  /** Tracker-wide id: `OWNER/REPO#12` or `PROJ-12`. */
  id: string;
  /** Link for humans, where the tracker has one. */
  url?: string;
  title: string;
  /** The description / issue body (Markdown on GitHub, plain text rendered from ADF on Jira). */
  body: string;
  /** Labels exactly as on the tracker. */
  labels: readonly string[];
  state: "open" | "closed";
  closeReason?: CloseReason | undefined;
  /** Jira workflow status, where the tracker has one. */
  status?: { name: string; category: StatusCategory };
  /** Issue type name (GitHub issue type, Jira issue type). */
  type?: string | undefined;
  /**
   * The tracker's own priority value where it has a field for it (Jira priority name, a GitHub
   * issue field named Priority); labels are read separately through the rules.
   */
  nativePriority?: string | null;
  /** Tracker fields by name (and, on Jira, also by id): GitHub issue fields, Jira fields. */
  fields: Readonly<Record<string, FieldValue>>;
  author: Person;
  assignees: readonly Person[];
  createdAt: number;
  updatedAt?: number;
  closedAt?: number | undefined;
  /** Comments, oldest first. */
  comments: readonly Comment[];
  /** History events, oldest first. */
  history: readonly HistoryEvent[];
  /** Set for GitHub pull requests, which rules ignore unless they ask for them. */
  pullRequest?: boolean;
}

/**
 * What the core may know beyond the one issue: the people of each group with their current
 * load, so that routing can pick the least-loaded member. Optional; routing falls back to a
 * stateless round-robin.
 */
export interface EvaluationContext {
  /** Open issues currently assigned to each person id. */
  load?: Readonly<Record<string, number>>;
  /** Build the full explanation (clock arithmetic) into the plan's trace; off for audits, for speed. */
  explain?: boolean;
  /**
   * Solved cases like this report, best first, found outside the core (the tracker's search,
   * ranked): the intake offers them while the report still needs triage. Absent: none offered.
   */
  similarCases?: readonly SimilarCase[];
}

/** A solved case offered on a new report: what it was, why it happened and how it was fixed. */
export interface SimilarCase {
  /** Tracker-wide id: `OWNER/REPO#12` or `PROJ-12`. */
  id: string;
  /** The short reference people write: `#12` or `PROJ-12`. */
  key: string;
  /** Link for humans, where the tracker has one. */
  url: string | null;
  title: string;
  rootCause: string;
  solution: string;
}
