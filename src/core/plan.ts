/**
 * Plans: what evaluation wants changed on one issue. A plan is the difference between
 * the desired and the actual state, so applying it twice changes nothing the second time.
 */
import type { Channel, ChannelMessage } from "./channels/channel.ts";
import type { FieldValue } from "./model.ts";

/** Fields every operation carries: which rule asked for it and why, for `explain` and reports. */
interface OperationBase {
  /** The rule or built-in module that produced the operation, e.g. `intake` or `rules.greet`. */
  rule: string;
  /** One line for humans: why this operation is in the plan. */
  reason: string;
}

/**
 * What each kind of operation carries beside its kind, rule and reason. One entry per kind: the
 * `Operation` union and every per-kind map (`src/core/operations/registry.ts`, the adapters'
 * handlers) are derived from it, so a kind added here is a type error wherever it is not handled.
 */
export interface OperationFields {
  "add-labels": { labels: string[] };
  "remove-labels": { labels: string[] };
  /**
   * A new comment carrying a hidden key. `mentions` are person ids to notify; adapters render
   * them (GitHub `@login`, Jira ADF mention nodes) after the body. Everything one run says to
   * an issue is one such comment: a digest of several notices has `keys` (all of them, `key`
   * being the first) and `parts` (the notice of each key), so that an adapter that finds some
   * keys already posted by a racing run posts the others only.
   */
  comment: { key: string; keys?: string[]; parts?: CommentPart[]; body: string; mentions: string[] };
  /**
   * Replace the body of the tool's own comment with that key (sticky state comments). When the
   * comment is a digest, `body` is the whole new text and `keys` all the keys it keeps.
   */
  "edit-comment": { key: string; keys?: string[]; commentId: string; body: string; mentions: string[] };
  assign: { assignees: string[] };
  reopen: object;
  close: { closeReason: "completed" | "not_planned" };
  /** Set the priority level; adapters write the tracker's representation (label or field). */
  "set-priority": { priority: string; labels?: { add: string[]; remove: string[] }; native?: string };
  "set-field": { field: string; value: FieldValue };
  transition: { to: string };
  /**
   * Send one notice through a channel of the rule file (`channel` its name, `via` its settings,
   * secrets as environment variable names only). Adapters send it after the tracker writes and
   * then record `message.key` in the tool's hidden state, so that it is never planned again.
   */
  notify: { channel: string; via: Channel; message: ChannelMessage };
}

export type OperationKind = keyof OperationFields;

/** The operation of one kind, e.g. `OperationOf<"set-field">`. */
export type OperationOf<K extends OperationKind> = OperationBase & { kind: K } & OperationFields[K];

export type Operation = { [K in OperationKind]: OperationOf<K> }[OperationKind];

/** One notice of a digest comment: the text and people one hidden key stands for. */
export interface CommentPart {
  key: string;
  body: string;
  mentions: string[];
  rule: string;
  reason: string;
  /** A state comment (missing information, closure checklist): edited in place later. */
  sticky?: boolean;
}

/** The state of one SLA clock at `now` (filled in by the SLA module). */
export interface ClockReport {
  /** Clock name: `first-response`, `update`, `mitigation`, `resolution`. */
  clock: string;
  state: "running" | "paused" | "at-risk" | "breached" | "met" | "not-applicable";
  /** Resolution cycle (1 + number of reopens) or update period this report is about. */
  cycle: number;
  /** Target as written in the rules, e.g. `4h`. */
  target?: string;
  /** Business milliseconds of the target. */
  targetMs?: number;
  /** Business milliseconds counted so far. */
  elapsedMs?: number;
  /** When the target falls due (or fell due), as an instant. */
  dueAt?: number;
  /** When the clock stopped, if it did. */
  stoppedAt?: number;
  /** With `stoppedAt`: when this cycle's (or update period's) clock started, as an instant. */
  startedAt?: number;
  /**
   * For a breached clock: the instant the breach counts from, the later of `dueAt` and the last
   * priority change (a raised priority can breach at once; escalation starts from here).
   */
  breachedAt?: number;
  calendar?: string;
}

/**
 * Something the report must say about an issue that is not an operation. `escalation-nobody`: a
 * ladder level fell due but names nobody who can be reached (an empty group), so it posted
 * nothing; its labels, if any, still apply.
 */
export interface PlanNotice {
  kind: "escalation-nobody";
  level: number;
  /** The resolution cycle the level belongs to. */
  cycle: number;
  /** One line for humans. */
  message: string;
}

/** Why a rule did or did not fire, for `shepherd explain`. */
export interface TraceEntry {
  rule: string;
  fired: boolean;
  /** Lines of explanation, in order. */
  notes: string[];
}

/**
 * How the plan's priority was settled. `person`: set by a person (or on the tracker), never
 * overridden; `matrix`: the cell of the impact and urgency answers (value keys, as the rule file's
 * `priority.matrix.table` names them); `words`: text inference, with the words that decided;
 * `rule`: the rule file's own rule, or a level's `when`; `default`: nothing else applied.
 */
export type PrioritySource =
  | { kind: "person" }
  | { kind: "matrix"; impact: string; urgency: string; answers: { impact: string; urgency: string } }
  | { kind: "words"; words: string[] }
  | { kind: "rule"; rule: string }
  | { kind: "default" };

/** The result of evaluating one issue. */
export interface Plan {
  issue: string;
  /** The priority the rules settled on (after inference), e.g. `P1`. */
  priority: string;
  /** True when the priority came from inference or the default rather than a person. */
  priorityInferred: boolean;
  /** How the priority was settled (the matrix cell, the words, a rule, a person, the default). */
  prioritySource?: PrioritySource | undefined;
  category?: string | undefined;
  operations: Operation[];
  clocks: ClockReport[];
  trace: TraceEntry[];
  /** What the report must say beyond the operations; absent when there is nothing. */
  notices?: PlanNotice[];
  /**
   * Where the issue stands in the rules' `scope:`: `in` (every issue, when the rules set none),
   * `ignored` (outside, nothing planned) or `quiet` (outside: labels and priority only).
   */
  scope: "in" | "ignored" | "quiet";
  /** Sort key for the write budget: lower is more urgent (breached P0 first). */
  urgency: number;
}
