/**
 * What a clock kind is: its name, the settings a clock of the kind takes (with the kind's
 * defaults), its part of the compiled clock, and when it starts and stops. The shared machinery
 * (calendars, pauses, targets, states, labels) is `engine/sla.ts`'s.
 */
import type { z } from "zod";
import type { Comment, Issue } from "../model.ts";
import type { ClockKind } from "./clock-kind-names.ts";
import type { ClockRule } from "./clock-rule.ts";
import type { ClockSpecInput, KindSettings } from "./clock-settings.ts";

/** The issue's current resolution cycle (`engine/history.ts`). */
export interface CycleView {
  /** 1 for the first. */
  index: number;
  start: number;
  /** When it was closed; undefined while open. */
  end?: number | undefined;
  closeReason?: string | undefined;
  /** Closes of the cycle undone by a reopen that continued it. */
  continued?: readonly { from: number; to: number }[] | undefined;
}

/** What a kind judges its clock by, at one evaluation. */
export interface ClockMoment {
  issue: Issue;
  rule: ClockRule;
  cycle: CycleView;
  /**
   * The team's first response (a public comment by the team, not the tool's keyed notice), if
   * any: the comments after it are not read for it.
   */
  firstResponse: () => Comment | undefined;
  /** The team's responses (public comments by the team, not the tool's keyed notices), oldest first. */
  responses: () => readonly Comment[];
  /** Whether the issue carries a label now. */
  hasLabel: (label: string) => boolean;
  now: number;
  /** Whether `notes` are wanted (`shepherd explain`). */
  explain: boolean;
  /** An instant as explain shows it. */
  iso: (at: number) => string;
  /** The reporter's negative answer to the latest satisfaction survey, if that is the answer. */
  negativeFeedback: () => { cycle: number; at: number } | undefined;
}

/** When a clock counts from and to, as its kind sees the issue. */
export interface ClockSpan {
  start: number;
  /** When it stopped (may be later than now: never); undefined while it runs. */
  stop?: number | undefined;
  /** The cycle it belongs to: one clock per cycle. */
  cycle: number;
  /** The period within the cycle (the n-th update), 0 for a clock that has none. */
  period: number;
  /** False: owed nothing now (reported not-applicable). */
  applicable: boolean;
  /** Explain lines: what started and stopped it. */
  notes: string[];
}

export interface ClockKindModule<K extends ClockKind = ClockKind> {
  kind: K;
  /** Clock names that are of this kind without `kind:`, the conventional name first. */
  names: readonly string[];
  /** The settings of a clock of this kind, with the kind's defaults. */
  settings: z.ZodType<KindSettings, ClockSpecInput>;
  /** This kind's part of the compiled clock, from its settings with defaults applied. */
  compile: (settings: KindSettings) => Pick<ClockRule, "label" | "pauses">;
  /** Owed only while the issue is open: its closed spans are not counted. */
  openOnly: boolean;
  /** Not reported at all while not applicable: a clock most issues never owe. */
  quietUntilOwed?: boolean;
  /** Runs on while the issue is closed (a follow-up owed after the close): its at-risk and breach count then too. */
  whileClosed?: boolean;
  /**
   * The breach notice: the general one, or a reminder that mentions the assignees — the update
   * due, the feedback follow-up due.
   */
  notice: "breach" | "update-due" | "follow-up-due";
  /** The clock's span at this evaluation. */
  measure: (moment: ClockMoment) => ClockSpan;
}
