/**
 * What one evaluation works out once and several modules read in turn: the resolution cycles
 * (clocks, labels, escalation, feedback, the file's own rules), the hidden keys the tool has
 * recorded (resolves, reminders, every level's notices) and the satisfaction survey's records.
 * It lives on the evaluation's facts, so nothing outlives the call that made it; each entry names
 * the issue it was read from, since evaluate looks at the issue as reopened for a while.
 */
import type { FeedbackRecord } from "../feedback/feedback-of.ts";
import type { Issue } from "../model.ts";
import type { Cycle } from "./cycle.ts";

/** The hidden keys of the tool's own comments, and (once asked for) the cycles whose incidents they triggered. */
export interface RecordedKeys {
  issue: Issue;
  keys: ReadonlySet<string>;
  triggered?: Map<string, Set<number>>;
}

/** Entries filled in as the modules first ask; empty at the start of an evaluation. */
export interface EvaluationMemo {
  cycles?: { issue: Issue; cycles: Cycle[] };
  recorded?: RecordedKeys;
  /** Read from the issue as first asked for: reopening it changes none of its comments or fields. */
  feedback?: FeedbackRecord[];
}
