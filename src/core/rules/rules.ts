/**
 * Compiled rules: what evaluation reads. Built once from the merged rule files by
 * `compile-rules.ts`: regular expressions compiled (RE2), durations in ms, calendars resolved,
 * references checked. Nothing here is YAML any more.
 */
import type { Calendar } from "../calendar/calendar.ts";
import type { Channel } from "../channels/channel.ts";
import type { ClockRule } from "../clocks/clock-rule.ts";
import type { FeedbackRule } from "../feedback/feedback-rule.ts";
import type { AlertsRule } from "../alerts/alerts-rule.ts";
import type { Duration } from "./duration.ts";
import type { Locale } from "./locale.ts";
import type { Condition } from "./condition.ts";
import type { TextMatcher } from "./matcher.ts";
import type { PriorityMatrixRule } from "./priority-matrix.ts";

// Declared beside the compiler that makes one, so that the matcher need not import the rules back.
export type { TextMatcher };

export type { Locale } from "./locale.ts";

/** Where a named field's answer is on the trackers of one field source. */
export interface FieldSourceRule {
  /** Section headings of the text holding the answer. */
  sections: string[];
  /** Tracker fields holding the answer, the first one written by `set-field`. */
  fields: string[];
}

export interface FieldRule {
  name: string;
  title: Record<Locale, string>;
  /** Per field source (`TrackerCapabilities.source`): where the answer is. */
  sources: Readonly<Record<string, FieldSourceRule>>;
  checklist: string[];
  inComments: boolean;
}

/** One person of a group: their id per identity source (`TrackerCapabilities.source`). */
export type Member = Readonly<Record<string, string | undefined>>;

export interface GroupRule {
  name: string;
  members: Member[];
  pick: "round-robin" | "least-loaded";
}

export interface PriorityLevelRule {
  name: string;
  /** 0 for the highest level. */
  rank: number;
  label: string;
  /** The value of this level in a tracker's own priority field (`nativePriority`). */
  native?: string | undefined;
  /** The option of this level in a priority tracker field (`priority.fields`). */
  field?: string | undefined;
  infer: TextMatcher[];
  /** All `infer` patterns as one alternation, for a single pass over the text. */
  inferAny?: TextMatcher | undefined;
  /** `infer` entries that need several signals together: every `all` pattern matches and no `not` pattern. */
  inferAll: { all: TextMatcher[]; not: TextMatcher[] }[];
  when?: Condition | undefined;
}

export interface CategoryRule {
  name: string;
  labels: string[];
  components: string[];
  types: string[];
  text?: TextMatcher | undefined;
  group?: string | undefined;
}

// Declared with the feedback it configures (`src/core/feedback/`).
export type { FeedbackRule };

// Declared with the clock kinds (`src/core/clocks/`), whose modules the rule file's schema reads.
export type { ClockKind } from "../clocks/clock-kind-names.ts";
export type { ClockRule } from "../clocks/clock-rule.ts";

export interface EscalationLevelRule {
  level: number;
  /** `after` as written, and parsed: a `bd` part counts on the breached clock's calendar. */
  after: string;
  afterDuration: Duration;
  assign: string[];
  mention: string[];
  labels: string[];
  /** Channels (`channels:`) the level's notice goes to, once each per issue, clock and cycle. */
  notify: string[];
}

/**
 * The compiled action of an own rule: its `then:` key as `kind`, and what the rule action of that
 * key (in the module of the operation kind it plans, `src/core/operations/`) compiled its value to.
 */
export interface Action {
  readonly kind: string;
}

export interface CustomRule {
  name: string;
  description?: string | undefined;
  when?: Condition | undefined;
  then: Action[];
}

/** The compiled `scope:` section. */
/** `intake.similar-cases`, compiled: on, with its threshold and limit, judged where the intake applies. */
export interface SimilarCasesRule {
  /** The lowest normalised score offered (0–1). */
  threshold: number;
  /** At most this many cases per comment. */
  limit: number;
  /** The intake's `when`: the reports that get the intake at all. */
  when?: Condition | undefined;
}

export interface ScopeRule {
  /**
   * Issues created before this are outside; undefined: no date limit. As written (checked): a
   * bare date is read in the zone reports show times in, when evaluated (`scopeSince`).
   */
  since?: string | undefined;
  /** An issue must carry one of these (none: no such condition). */
  labels: string[];
  /** An issue carrying any of these is outside. */
  excludeLabels: string[];
  /** An issue must be of one of these types (none: any type). */
  types: string[];
  /** What outside issues get: nothing, or labels and priority only. */
  outside: "ignore" | "quiet";
}

export interface Rules {
  /** The files these rules were loaded from, entry file last. */
  files: string[];
  /**
   * Where a setting of the merged rules is written (`at`: `file:line:col`; `preset`: in a
   * preset named by `extends:`), so that checks made later (a Jira site's field names) can
   * point at the line. Set by the loader.
   */
  locate?: ((path: readonly (string | number)[]) => { at: string; preset: boolean }) | undefined;
  locale: Locale;
  /** Which issues the rules govern (`scope:`); absent: every issue. */
  scope?: ScopeRule | undefined;
  botLogins: string[];
  team: { associations: Set<string>; people: Set<string>; groups: Set<string> };
  calendars: Map<string, Calendar>;
  /** The channels that are on (`channels:`), by name; a channel that is off is declared but not here. */
  channels: Map<string, Channel>;
  fields: Map<string, FieldRule>;
  groups: Map<string, GroupRule>;
  priority: {
    /** Highest first. */
    levels: PriorityLevelRule[];
    byName: Map<string, PriorityLevelRule>;
    byLabel: Map<string, PriorityLevelRule>;
    /** By lower-cased `native` value. */
    byNative: Map<string, PriorityLevelRule>;
    byField: Map<string, PriorityLevelRule>;
    default: string;
    /** Per field source: the name of a tracker field holding the priority, where one is used. */
    fields: Readonly<Record<string, string>>;
    /** `priority.matrix`: the level read off a table from the impact and urgency answers; absent: none. */
    matrix?: PriorityMatrixRule | undefined;
  };
  intake?: { require: string[]; label: string; when?: Condition | undefined } | undefined;
  /** Similar solved cases offered on reports that still need triage (`intake.similar-cases`); absent: off. */
  similarCases?: SimilarCasesRule | undefined;
  categories: CategoryRule[];
  sla: {
    warnAt: number;
    /** A reopen within this many wall ms of the close continues the cycle (`sla.reopen-grace`). */
    reopenGraceMs: number;
    /** `sla.calendar` per priority level (24x7 where it names none): where `age`/`idle` count `bd`. */
    calendars: Map<string, Calendar>;
    pauseWhen?: Condition | undefined;
    atRiskLabel: string;
    breachedLabel: string;
    clocks: ClockRule[];
  };
  escalation: {
    clocks?: Set<string> | undefined;
    levels: EscalationLevelRule[];
    ackCommand: string;
    ackLabels: string[];
    /** Channels told when a progress update falls due (`escalation.reminders.notify`). */
    reminders: string[];
    /** `withinDuration`: a `bd` part counts on the first-response clock's calendar. */
    rootCause?: { priorities: Set<string>; withinDuration: Duration; within: string; field: string; level: number } | undefined;
  };
  closure?: {
    require: string[];
    exempt: Set<string>;
    onMissing: Map<string, "reopen" | "label">;
    label: string;
  } | undefined;
  /** The satisfaction survey on a completed closure (`feedback:`); absent: not asked. */
  feedback?: FeedbackRule | undefined;
  messages: Map<string, { en?: string | undefined; zh?: string | undefined }>;
  /** Monitoring alerts that become issues (`alerts:`); absent: the server takes no alerts. */
  alerts?: AlertsRule | undefined;
  rules: CustomRule[];
}
