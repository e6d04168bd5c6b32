/**
 * The rule-file schema. Every field carries a description: it becomes the editor help
 * of rule files through the generated JSON Schema. Strict objects everywhere: an unknown key is a
 * diagnostic, never silently ignored. Cross-references (fields, calendars, groups, clocks),
 * regular expressions and keys a merged setting needs (a calendar's `hours`, a clock's `targets`,
 * a group's `members`) are checked after merging, in `compile-rules.ts`: a file that extends
 * another may set any one key of a setting.
 */
import { z } from "zod";
import { ClockEntries } from "../clocks/registry.ts";
import { RULE_ACTIONS } from "../operations/registry.ts";
import { Id, PriorityName, StringList } from "./name-schemas.ts";
import { describe, DurationText, PercentText } from "./text-schemas.ts";
import { alertsSchema } from "../alerts/alerts-schema.ts";
import { titlesOf, type SettingsShape, type TrackerRuleSettings } from "./tracker-rule-settings.ts";

export { DurationText, PercentText };


// ---------------------------------------------------------------------------------------------
// Conditions

export interface ConditionInput {
  all?: ConditionInput[] | undefined;
  any?: ConditionInput[] | undefined;
  not?: ConditionInput | undefined;
  label?: string | string[] | undefined;
  text?: string | undefined;
  title?: string | undefined;
  body?: string | undefined;
  field?: { name: string; present?: boolean | undefined; equals?: string | undefined; matches?: string | undefined } | undefined;
  state?: "open" | "closed" | undefined;
  "close-reason"?: string | string[] | undefined;
  status?: string | string[] | undefined;
  type?: string | string[] | undefined;
  priority?: string | string[] | undefined;
  category?: string | string[] | undefined;
  age?: { over?: string | undefined; under?: string | undefined } | undefined;
  idle?: { over?: string | undefined; under?: string | undefined } | undefined;
  author?: "team" | "reporter" | "bot" | "other" | undefined;
  assigned?: boolean | undefined;
  clock?: { name: string; state: string | string[] } | undefined;
  "pull-request"?: boolean | undefined;
}

export const CONDITION_KEYS = [
  "all",
  "any",
  "not",
  "label",
  "text",
  "title",
  "body",
  "field",
  "state",
  "close-reason",
  "status",
  "type",
  "priority",
  "category",
  "age",
  "idle",
  "author",
  "assigned",
  "clock",
  "pull-request",
] as const;

const AgeRange = z.strictObject({
  over: DurationText.optional().meta({ description: "True when more than this much time has passed." }),
  under: DurationText.optional().meta({ description: "True when less than this much time has passed." }),
});

export const CLOCK_STATES = ["running", "paused", "at-risk", "breached", "met", "not-applicable"] as const;

/**
 * The keys the trackers add to one object of the rule file, in registration order. Typed as no
 * keys: each tracker's compile reader reads its own keys of the parsed value.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
function trackerKeys(trackers: readonly TrackerRuleSettings[], pick: (t: TrackerRuleSettings) => SettingsShape | undefined): {} {
  return Object.assign({}, ...trackers.map((t) => pick(t) ?? {})) as SettingsShape;
}

/** A condition, recursive; the editor help of tracker-bound keys names the trackers they concern. */
function conditionSchema(trackers: readonly TrackerRuleSettings[]): z.ZodType<ConditionInput> {
  const Condition: z.ZodType<ConditionInput> = z.lazy(() =>
  describe(
    z
      .strictObject({
        all: z.array(Condition).optional().meta({ description: "True when every condition in the list is true." }),
        any: z.array(Condition).optional().meta({ description: "True when at least one condition in the list is true." }),
        not: Condition.optional().meta({ description: "True when the condition is false." }),
        label: StringList.optional().meta({ description: "True when the issue has this label (or any of these labels)." }),
        text: z
          .string()
          .optional()
          .meta({ description: "RE2 regular expression matched against title and body; add (?i) for case-insensitive." }),
        title: z.string().optional().meta({ description: "RE2 regular expression matched against the title." }),
        body: z.string().optional().meta({ description: "RE2 regular expression matched against the body." }),
        field: z
          .strictObject({
            name: Id.meta({ description: "A named field declared under fields." }),
            present: z.boolean().optional().meta({ description: "true: the field has an answer; false: it has none." }),
            equals: z.string().optional().meta({ description: "The field's answer equals this text (case-insensitive)." }),
            matches: z.string().optional().meta({ description: "The field's answer matches this RE2 regular expression." }),
          })
          .optional()
          .meta({ description: "A test on a named field." }),
        state: z.enum(["open", "closed"]).optional().meta({ description: "The issue's state." }),
        "close-reason": StringList.optional().meta({ description: "completed, not_planned or duplicate." }),
        status: StringList.optional().meta({ description: `${titlesOf(trackers, (t) => t.capabilities.workflowStatus)} workflow status name(s).` }),
        type: StringList.optional().meta({ description: "Issue type name(s)." }),
        priority: StringList.optional().meta({ description: "Priority level(s) after inference." }),
        category: StringList.optional().meta({ description: "Category name(s) declared under categories." }),
        /**
         * `m`, `h`, `d`, `w` are wall time; `bd` counts whole working days on the SLA calendar of
         * the issue's priority (`sla.calendar`; 24x7, where a working day is 24 h, when it names
         * none), since that is the calendar the issue's own clocks count on. `1bd2h`: one working
         * day, then two wall hours.
         */
        age: AgeRange.optional().meta({
          description:
            "Time since the issue was created. m, h, d, w are wall time; bd counts working days on the SLA calendar of the issue's priority (sla.calendar; 24 h each on 24x7).",
        }),
        /** As `age`, from the last comment or change by a person. */
        idle: AgeRange.optional().meta({
          description:
            "Time since the last comment or change by a person. m, h, d, w are wall time; bd counts working days on the SLA calendar of the issue's priority.",
        }),
        author: z
          .enum(["team", "reporter", "bot", "other"])
          .optional()
          .meta({ description: "Role of the issue's author: team (by the team settings), bot, or reporter." }),
        assigned: z.boolean().optional().meta({ description: "true: someone is assigned; false: nobody is." }),
        clock: z
          .strictObject({
            name: Id.meta({ description: "A clock declared under sla.clocks." }),
            state: z.union([z.enum(CLOCK_STATES), z.array(z.enum(CLOCK_STATES))]),
          })
          .optional()
          .meta({ description: "The SLA state of a clock." }),
        "pull-request": z.boolean().optional().meta({ description: `Match ${titlesOf(trackers, (t) => t.pullRequests === true)} pull requests (ignored otherwise).` }),
      })
      .refine((value) => Object.keys(value).length === 1, {
        message: `expected exactly one condition key (${CONDITION_KEYS.join(", ")})`,
      }),
    "One condition: an object with exactly one key.",
  ),
  );
  return Condition;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** The keys of a `then:` entry: the rule actions of the operation kinds (`src/core/operations/`). */
export const ACTION_KEYS = RULE_ACTIONS.map((action) => action.key);

export const Action = describe(
  z
    .strictObject(Object.fromEntries(RULE_ACTIONS.map((action) => [action.key, action.schema.optional().meta({ description: action.description })])))
    .refine((value) => Object.keys(value).length === 1, {
      message: `expected exactly one action key (${ACTION_KEYS.join(", ")})`,
    }),
  "One action: an object with exactly one key.",
);

// ---------------------------------------------------------------------------------------------
// Sections

const LocalText = z.union([z.string(), z.strictObject({ en: z.string().optional(), zh: z.string().optional() })]);

/** A named field: how messages name it and where each tracker keeps the answer. */
const fieldSpec = (trackers: readonly TrackerRuleSettings[]) =>
  z.strictObject({
  title: LocalText.optional().meta({
    description: "How messages name this field, e.g. {en: Impact scope, zh: 影响范围}. Default: the field's key.",
  }),
  ...trackerKeys(trackers, (t) => ({ [t.name]: t.field.schema })),
  "in-comments": z
    .boolean()
    .default(false)
    .meta({ description: "Also look for the section in team comments (e.g. a closing comment's Root cause)." }),
});

/** How a group written as a bare list of members picks one. */
export const DEFAULT_PICK = "round-robin";

/** A person: one id for every tracker, or each tracker's id by its name. */
const memberSpec = (trackers: readonly TrackerRuleSettings[]) =>
  z.union([Id, z.strictObject(trackerKeys(trackers, (t) => ({ [t.name]: Id.optional() })) as Record<string, z.ZodOptional<typeof Id>>)]);

const groupSpec = (trackers: readonly TrackerRuleSettings[]) => z.union([
  z.array(memberSpec(trackers)),
  z.strictObject({
    members: z
      .array(memberSpec(trackers))
      .optional()
      .meta({
        description: `People: ${[...trackers.map((t) => t.personIds), `or {${trackers.map((t) => t.name).join(", ")}} pairs`].join(", ")}. Required once files are merged.`,
      }),
    pick: z
      .enum(["round-robin", "least-loaded"])
      .default(DEFAULT_PICK)
      .meta({ description: "How to choose one member when assigning to the group. Default round-robin." }),
  }),
]);

const CountryHolidays = z.strictObject({
  country: z.string().meta({ description: "ISO 3166 country code: CN, US, GB, DE, JP… CN includes the make-up working days (调休)." }),
  region: z.string().optional().meta({ description: "A region or state of the country whose own holidays count too: GB ENG, SCT; US CA; DE BY." }),
});

const CalendarSpec = z.union([
  z.literal("24x7"),
  z.strictObject({
    timezone: z
      .string()
      .optional()
      .meta({ description: "IANA time zone, e.g. Asia/Shanghai, Europe/London. Required once files are merged." }),
    hours: z
      .record(z.string(), StringList)
      .optional()
      .meta({
        description:
          "Working hours per weekday or weekday range: {mon-fri: 09:00-18:00} or {mon: [09:00-12:00, 13:00-18:00]}. Required once files are merged; replaces the extended calendar's hours as a whole.",
      }),
    holidays: z
      .union([z.array(z.union([z.string(), z.date(), CountryHolidays])), CountryHolidays])
      .optional()
      .meta({
        description:
          "Dates off: 2026-10-01, or a range 2026-10-01..2026-10-07; or a country's public holidays from the holiday data shipped with issue-shepherd: {country: CN} (with China's make-up working days), {country: US}, {country: GB, region: ENG}. Countries and dates mix in one list: [{country: CN}, 2026-12-24].",
      }),
    workdays: z
      .array(z.union([z.string(), z.date()]))
      .optional()
      .meta({ description: "Make-up working days (e.g. a Saturday) with the hours of a normal working day." }),
    ics: z.string().optional().meta({ description: "Path of an .ics file whose all-day events are holidays." }),
  }),
]);

/** An `infer` entry that needs several signals together: every `all` pattern and none of `not`. */
const InferAll = z.strictObject({
  all: StringList.meta({ description: "RE2 patterns that must all match (e.g. one for breadth: all users; one for severity: cannot pay)." }),
  not: StringList.optional().meta({ description: "RE2 patterns none of which may match (e.g. a single user, a typo)." }),
});

const priorityLevel = (trackers: readonly TrackerRuleSettings[], Condition: z.ZodType<ConditionInput>) =>
  z.strictObject({
  label: z.string().optional().meta({ description: `${titlesOf(trackers, (t) => !t.capabilities.nativePriority)} label of this level (default priority/<level>).` }),
  ...trackerKeys(trackers, (t) => t.level?.shape),
  infer: z
    .union([z.string(), z.array(z.union([z.string(), InferAll]))])
    .optional()
    .meta({
      description:
        "How the text of an issue with no priority (and no impact and urgency answered) infers this level: RE2 patterns, any of which is enough, and {all: [...], not: [...]} entries, where every all pattern must match and no not pattern (e.g. a breadth and a severity signal together). Levels are tried highest first.",
    }),
  when: Condition.optional().meta({ description: "A condition that infers this level (besides infer patterns)." }),
});

/** One value an axis of the priority matrix can take. */
const matrixValue = (trackers: readonly TrackerRuleSettings[]) =>
  z.strictObject({
  title: LocalText.optional().meta({
    description: "How the explanation names this value, e.g. {en: all users, zh: 全部用户}. Default: the value's key.",
  }),
  answers: StringList.optional().meta({
    description:
      `The answers that mean this value: ${trackers.map((t) => t.answerOptions).join(" and ")}, in every language the forms use. Compared ignoring case, spaces and full-width forms. Required once files are merged.`,
  }),
});

/** One axis of the priority matrix: the named field answering it and its values. */
const matrixAxis = (trackers: readonly TrackerRuleSettings[]) =>
  z.strictObject({
  field: Id.optional().meta({ description: "The named field (under fields) holding the answer, e.g. impact. Required once files are merged." }),
  values: z
    .record(z.string(), matrixValue(trackers))
    .optional()
    .meta({ description: "The values, by key (used in table): each with its title and the answers that mean it. Required once files are merged." }),
});

/** `priority.matrix`: the level read off a table from the impact and urgency answers. */
const priorityMatrix = (trackers: readonly TrackerRuleSettings[]) =>
  z.strictObject({
  impact: matrixAxis(trackers).optional().meta({ description: "How wide the impact is: the field and its values (e.g. all, group, one)." }),
  urgency: matrixAxis(trackers).optional().meta({ description: "How urgent it is: the field and its values (e.g. stopped, degraded, can-wait)." }),
  table: z
    .record(z.string(), z.record(z.string(), PriorityName))
    .optional()
    .meta({
      description:
        "The level of every cell: impact value → urgency value → level, e.g. {all: {stopped: P0, degraded: P1, can-wait: P2}}. Every value pair needs a cell.",
    }),
});

/** A value the tool reads from the environment when it sends: the rule file names the variable. */
const EnvRefSpec = z.strictObject({
  env: z.string().meta({ description: "The environment variable's name, e.g. SLACK_WEBHOOK_URL." }),
});

/** A secret or secret address: only as `{ env: NAME }` (a literal is refused with a diagnostic). */
const SecretSpec = z.union([EnvRefSpec, z.string()]);

/**
 * A channel: where escalation notices go beside the tracker. The keys a kind needs (`url` for the
 * chat rooms and the webhook, `routing-key` for PagerDuty, `smtp`, `from`, `to` for e-mail) are
 * checked once files are merged, so a file that extends another may change one key of a channel.
 */
const ChannelSpec = z.strictObject({
  /** What the channel is; the keys it needs follow from it. */
  kind: z
    .enum(["slack", "teams", "dingtalk", "wecom", "pagerduty", "email", "webhook"])
    .optional()
    .meta({ description: "slack, teams, dingtalk, wecom (group robots), pagerduty (Events API v2), email (SMTP) or webhook (signed JSON). Required once files are merged." }),
  /** The incoming-webhook address (it carries its token): from the environment only. */
  url: z.union([EnvRefSpec, z.string()]).optional().meta({
    description:
      "slack, teams, dingtalk, wecom, webhook: the incoming-webhook URL, as {env: NAME} (the URL is a secret). pagerduty: the Events API endpoint as plain text (default https://events.pagerduty.com/v2/enqueue).",
  }),
  /** DingTalk's signing secret, or the webhook's HMAC secret: from the environment only. */
  secret: SecretSpec.optional().meta({ description: "dingtalk: the robot's signing secret (optional); webhook: the HMAC-SHA256 signing secret (required). As {env: NAME}." }),
  /** PagerDuty's integration (routing) key: from the environment only. */
  "routing-key": SecretSpec.optional().meta({ description: "pagerduty: the Events API v2 integration key, as {env: NAME}." }),
  /** The SMTP server: `smtp://user:password@host:587` or `smtps://…`, from the environment only. */
  smtp: SecretSpec.optional().meta({ description: "email: the server as an smtp:// or smtps:// URL with its user and password, as {env: NAME}." }),
  /** The sender's address. */
  from: z.string().optional().meta({ description: "email: the From address, e.g. shepherd@example.com." }),
  /** Where the mail goes. */
  to: StringList.optional().meta({ description: "email: the recipient address(es)." }),
  /** Quiet hours: the channel is used only in the working time of this calendar. */
  calendar: z.string().optional().meta({
    description:
      "Quiet hours: send only in the working time of this calendar (e.g. business); a notice due outside waits for its next working hour. Absent: at any hour (24x7), as a pager should.",
  }),
  /** Only notices about issues of these levels go to the channel (a pager: P0 and P1). */
  priorities: z.array(PriorityName).optional().meta({ description: "Only notices about issues of these priority levels go to this channel, e.g. [P0, P1] for a pager (default: every level)." }),
  /** A channel that is off is never sent to (a preset's channel waiting to be switched on). */
  enabled: z.boolean().optional().meta({ description: "false: the channel is declared but off — notify entries naming it send nothing (default true)." }),
});

const EscalationLevel = z.strictObject({
  /** Wall time, except `bd`: working days on the calendar of the breached clock (for the root-cause trigger, of the first-response clock). */
  after: DurationText.default("0m").meta({
    description: "How long after the breach (or the previous level) this level fires. bd counts working days on the breached clock's calendar; other units are wall time.",
  }),
  assign: StringList.optional().meta({ description: 'Group(s) or people to assign: a declared group, a person a group lists, or "@login".' }),
  mention: StringList.optional().meta({ description: 'Group(s) or people to mention: a declared group, a person a group lists, or "@login".' }),
  label: StringList.optional().meta({ description: "Label(s) to add." }),
  /** Channels told when the level fires, once per issue, clock, cycle and level each. */
  notify: StringList.optional().meta({ description: "Channel(s) declared under channels to send this level's notice to, once each (e.g. [oncall-pager, support-room])." }),
});

/** One of the file's own rules. */
const ruleSpec = (Condition: z.ZodType<ConditionInput>) =>
  z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, { message: "expected a rule name of letters, digits, - _ ." }),
  description: z.string().optional(),
  when: Condition.optional().meta({ description: "When the rule applies; default always." }),
  then: z.array(Action).min(1).meta({ description: "What to do, in order." }),
});

// ---------------------------------------------------------------------------------------------
// Scope

/** `2026-12-01` (a day in the time zone reports use), or an instant with its zone. */
const SINCE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** Is `text` a real date (no 02-30) or instant as `scope.since` takes it? */
export function isSinceText(text: string): boolean {
  const m = SINCE_RE.exec(text);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60);
}

/**
 * Which issues the rules govern. An issue is outside the scope when it was created before
 * `since`, carries none of `labels` (when given), carries one of `exclude-labels`, or is of none
 * of `types` (when given). Outside issues are left alone (`outside: ignore`) or get labels and
 * priority only (`outside: quiet`).
 */
const scopeSpec = (trackers: readonly TrackerRuleSettings[]) =>
  z.strictObject({
  /** Issues created before this are outside the scope. A bare date starts at midnight in the zone reports show times in. */
  since: z
    .string()
    .refine(isSinceText, { message: "expected a date like 2026-12-01 or an instant with its zone like 2026-12-01T09:00:00+08:00" })
    .optional()
    .meta({
      description:
        "Issues created before this are outside the scope: a date (2026-12-01, from midnight in the time zone the reports show: that of the rules' business calendar, else UTC) or an instant with its zone (2026-12-01T09:00:00+08:00).",
    }),
  /** Only issues with at least one of these labels are in the scope. */
  labels: StringList.optional().meta({ description: "Only issues carrying at least one of these labels are in the scope (default: any issue)." }),
  /** Issues with any of these labels are outside the scope. */
  "exclude-labels": StringList.optional().meta({ description: "Issues carrying any of these labels are outside the scope." }),
  /** Only issues of one of these types are in the scope. */
  types: StringList.optional().meta({ description: `Only issues of one of these types (${trackers.filter((t) => t.capabilities.issueTypes).map((t) => `${t.title} issue type`).join(", ")}) are in the scope (default: any type).` }),
  /** What outside issues get: nothing, or labels and priority only. */
  outside: z
    .enum(["ignore", "quiet"])
    .default("ignore")
    .meta({
      description:
        "What issues outside the scope get. ignore (default): nothing at all. quiet: labels and priority only — never a comment, an assignment, a reopen or a close, and no clock that started before since.",
    }),
});

/**
 * The schema of a whole rule file, with the keys the given trackers add (in their order).
 * Every section is optional so that a file can extend a preset and change one thing.
 */
export function ruleFileSchema(trackers: readonly TrackerRuleSettings[]) {
  const Condition = conditionSchema(trackers);
  return z.strictObject({
  extends: StringList.optional().meta({
    description:
      "Preset name(s) (support) or relative path(s) of rule files this file builds on; later files win. Mappings merge key by key; a key set to null removes that setting of the extended files (categories.hardware: null).",
  }),
  locale: z.enum(["en", "zh"]).default("en").meta({ description: "Language of the texts the tool writes." }),
  /** Which issues the rules govern; a gentle start on a tracker that already holds issues. */
  scope: scopeSpec(trackers).optional().meta({
    description:
      "Which issues the rules govern: created since a date, with (or without) some labels, of some types. The others are left alone, or treated quietly (outside: quiet).",
  }),
  bot: z
    .strictObject({
      logins: z.array(z.string()).default(trackers.flatMap((t) => t.botLogins ?? [])).meta({ description: "Accounts whose changes are the tool's own." }),
    })
    .prefault({})
    .meta({ description: "The tool's own identity." }),
  team: z
    .strictObject({
      people: z.array(z.string()).default([]).meta({ description: "People who count as team." }),
      ...trackerKeys(trackers, (t) => t.team?.shape),
    })
    .prefault({})
    .meta({ description: "Who is on the team: only their public comments count as responses." }),
  calendars: z
    .record(z.string(), CalendarSpec)
    .optional()
    .meta({ description: "Named business calendars; 24x7 is built in. A name set to null removes an extended calendar." }),
  fields: z.record(z.string(), fieldSpec(trackers)).optional().meta({ description: "Named fields mapped per tracker." }),
  channels: z
    .record(z.string(), ChannelSpec)
    .optional()
    .meta({
      description:
        "Named channels for escalation notices beside the tracker: chat rooms (slack, teams, dingtalk, wecom), a pager (pagerduty), email, a signed webhook. Secrets and webhook URLs only as {env: NAME}. A name set to null removes an extended channel.",
    }),
  groups: z
    .record(z.string(), groupSpec(trackers))
    .optional()
    .meta({
      description: "Named groups of people, for routing and escalation (on-call, team-lead, …). A name set to null removes an extended group.",
    }),
  priority: z
    .strictObject({
      levels: z
        .record(z.string(), priorityLevel(trackers, Condition))
        .optional()
        .meta({ description: "Levels, highest first: P0, P1, P2, P3." }),
      default: PriorityName.optional().meta({ description: "Level for issues with no priority that infer none." }),
      ...trackerKeys(trackers, (t) => t.priority?.shape),
      matrix: priorityMatrix(trackers).optional().meta({
        description:
          "Priority from impact × urgency: where both named fields are answered with one of their values, the table's cell sets the level (a priority a person set still wins); otherwise the levels' infer patterns decide.",
      }),
    })
    .optional()
    .meta({ description: "Priority levels, inference and the tracker's representation." }),
  intake: z
    .strictObject({
      require: z.array(Id).optional().meta({ description: "Named fields every report must answer." }),
      label: z.string().default("needs-info").meta({ description: "Label while information is missing (default needs-info)." }),
      when: Condition.optional().meta({ description: "Which issues the check applies to (default: open issues)." }),
      "similar-cases": z
        .strictObject({
          enabled: z.boolean().default(true).meta({ description: "Offer similar solved cases on new reports (false: never)." }),
          threshold: z
            .number()
            .min(0, { error: "expected a score from 0 to 1, e.g. 0.1 (higher offers fewer, surer cases)" })
            .max(1, { error: "expected a score from 0 to 1, e.g. 0.1 (higher offers fewer, surer cases)" })
            .default(0.1)
            .meta({ description: "How alike a solved case must be to be offered, 0–1 (default 0.1, chosen on the labelled set of reports): higher offers fewer, surer cases." }),
          limit: z
            .number()
            .int({ error: "expected a whole number of cases from 1 to 10, e.g. 3" })
            .min(1, { error: "expected a whole number of cases from 1 to 10, e.g. 3 (enabled: false offers none)" })
            .max(10, { error: "expected a whole number of cases from 1 to 10, e.g. 3" })
            .default(3).meta({ description: "At most this many cases in one comment (default 3)." }),
        })
        .optional()
        .meta({
          description:
            "Similar past cases: while a report still needs triage (intake applies, no team comment yet, none offered yet), solved cases like it — closed as completed with a root cause, found by the tracker's own search and ranked — are listed in the intake comment with their root cause and solution, once.",
        }),
    })
    .optional()
    .meta({ description: "Required information on every report." }),
  categories: z
    .record(
      z.string(),
      z.strictObject({
        labels: StringList.optional().meta({ description: "Labels that put an issue in this category." }),
        components: StringList.optional().meta({ description: `${titlesOf(trackers, (t) => t.components === true)} components that put an issue in this category.` }),
        types: StringList.optional().meta({ description: "Issue types that put an issue in this category." }),
        text: z.string().optional().meta({ description: "RE2 pattern on title and body (used when no label matches)." }),
        group: z.string().optional().meta({ description: "The owning group, assigned when the issue has nobody." }),
      }),
    )
    .optional()
    .meta({ description: "Categories and the groups that own them. A name set to null removes an extended category." }),
  sla: z
    .strictObject({
      calendar: z
        .union([z.string(), z.record(z.string(), z.string())])
        .optional()
        .meta({ description: "Calendar of all clocks, or per priority: {P0: 24x7, P2: business}." }),
      "warn-at": PercentText.default("75%").meta({ description: "Label at-risk when this share of a target is used (75%)." }),
      /**
       * A reopen this soon after the close continues the cycle instead of starting a new one (so
       * closing and reopening cannot reset a clock or clear a breach). Wall time; `0m` turns it off.
       */
      "reopen-grace": DurationText.default("10m").meta({
        description:
          "A reopen within this time of the close continues the resolution cycle instead of starting a new one (default 10m; 0m: every reopen by a person starts a new cycle). A reopen by the tool itself (or other automation) always continues the cycle. Wall time: m, h, d.",
      }),
      /**
       * Judged at every past instant from the issue's history: labels, status, state, close
       * reason, assignees, type and tracker fields (Jira's changelog) as they were then, and
       * fields answered in comments from the comment on. What has no history is as it is now:
       * a field answered in the issue body counts as answered since creation (GitHub keeps no
       * history of the body: pause on the intake label instead), priority and category are the
       * current ones (as for the targets). text, title, body, age, idle and clock are refused.
       */
      "pause-when": Condition.optional().meta({
        description:
          "Clocks pause while this holds (waiting on the reporter), judged at each past instant from the issue's history: labels, status, state, assignees, type, tracker fields, fields answered in comments. A field answered in the body counts since creation; priority and category are the current ones; text, title, body, age, idle and clock are refused.",
      }),
      labels: z
        .strictObject({
          "at-risk": z.string().default("sla/at-risk").meta({ description: "Label of an issue whose clock is at risk." }),
          breached: z.string().default("sla/breached").meta({ description: "Label of an issue whose clock is breached." }),
        })
        .prefault({})
        .meta({ description: "Labels for clocks at risk and breached." }),
      clocks: ClockEntries.optional().meta({ description: "SLA clocks by name. A name set to null removes an extended clock (mitigation: null)." }),
    })
    .prefault({})
    .meta({ description: "SLA clocks on business calendars." }),
  escalation: z
    .strictObject({
      clocks: z.array(z.string()).optional().meta({ description: "Clocks whose breach starts the ladder (default all)." }),
      levels: z.array(EscalationLevel).optional().meta({ description: "The ladder, level 1 first." }),
      ack: z
        .strictObject({
          command: z.string().default("/ack").meta({ description: "Comment command that acknowledges (default /ack)." }),
          labels: z.array(z.string()).default([]).meta({ description: "Labels that acknowledge." }),
        })
        .prefault({}),
      /** Channels told when a progress update falls due (the update clock breached), once per update period. */
      reminders: z
        .strictObject({
          notify: StringList.optional().meta({ description: "Channel(s) to tell when a progress update falls due, once per update period (e.g. [support-room])." }),
        })
        .optional()
        .meta({ description: "Update reminders through channels: when a P0/P1 progress update is due." }),
      "root-cause": z
        .strictObject({
          priorities: z.array(PriorityName).default(["P1"]).meta({ description: "Priority levels the trigger watches." }),
          /** Wall time, except `bd`: working days on the first-response clock's calendar. */
          within: DurationText.default("30m").meta({
            description: "Time after the first response to note a root cause. bd counts working days on the first-response clock's calendar; other units are wall time.",
          }),
          field: z.string().default("root-cause").meta({ description: "The named field that holds the root cause." }),
          level: z.number().int().min(1).default(1).meta({ description: "Ladder level to fire when it is late." }),
        })
        .optional()
        .meta({ description: "Escalate when no root cause is noted in time after the first response." }),
    })
    .prefault({})
    .meta({ description: "What happens when a clock is breached." }),
  closure: z
    .strictObject({
      require: z.array(Id).optional().meta({ description: "Named fields a completed issue must carry." }),
      exempt: z
        .array(z.enum(["not_planned", "duplicate"]))
        .default(["not_planned", "duplicate"])
        .meta({ description: "Close reasons that skip the checklist." }),
      "on-missing": z
        .record(z.string(), z.enum(["reopen", "label"]))
        .optional()
        .meta({ description: "Per priority: reopen the issue, or label it." }),
      label: z.string().default("closure/incomplete").meta({ description: "Label for an incomplete closure (default closure/incomplete)." }),
    })
    .optional()
    .meta({ description: "The checklist before closing." }),
  feedback: z
    .strictObject({
      ask: z.boolean().default(true).meta({ description: "Ask the reporter for feedback on a completed closure that passed the checklist (false: never ask)." }),
      labels: z
        .strictObject({
          positive: z.string().default("feedback/positive").meta({ description: "Label for a positive answer (default feedback/positive)." }),
          negative: z.string().default("feedback/negative").meta({ description: "Label for a negative answer (default feedback/negative)." }),
        })
        .prefault({})
        .meta({ description: "Labels that record the latest answer." }),
      "follow-up": DurationText.default("24h").meta({
        description: "A negative answer starts the feedback follow-up clock, owned by the assignees and stopped by a team comment: its target (default 24h), for every priority.",
      }),
      calendar: z.string().default("24x7").meta({ description: "Calendar the follow-up is counted on (default 24x7: wall time)." }),
      mention: StringList.optional().meta({ description: "Group(s) or \"@person\" a negative answer mentions once per cycle, e.g. team-lead." }),
      field: z.string().optional().meta({ description: "A named field holding the tracker's own satisfaction answer (a 1–5 rating or a word), e.g. satisfaction." }),
      reopen: z.boolean().default(true).meta({ description: "Reopen the issue when the reporter says it is not solved (default true); the reopen continues the resolution cycle." }),
    })
    .optional()
    .meta({
      description:
        "The satisfaction survey: once per cycle, on a closure as completed that passed the checklist, the reporter (never a bot or a team member) is asked whether the problem is solved and how satisfied they are; they answer by a reaction to that comment or a reply (1–5, satisfied / not satisfied, 满意 / 一般 / 不满意, solved / not solved, 已解决 / 未解决).",
    }),
  alerts: alertsSchema(trackers).optional().meta({
    description:
      "Monitoring alerts become issues (POST /webhooks/alertmanager, POST /webhooks/alerts on shepherd serve): where they are opened, their identity, severity → priority, title and intake sections, labels and the reopen window.",
  }),
  messages: z
    .record(z.string(), LocalText)
    .optional()
    .meta({ description: "Override any text the tool writes, by message id; {placeholders} are filled in." }),
  rules: z.array(ruleSpec(Condition)).optional().meta({ description: "Your own rules: when a condition holds, do actions." }),
  });
}

/** The schema of a whole rule file (`ruleFileSchema`). */
export type RuleFileSchema = ReturnType<typeof ruleFileSchema>;
export type RuleFileInput = z.input<RuleFileSchema>;
export type RuleFileOutput = z.output<RuleFileSchema>;
export type ActionInput = z.input<typeof Action>;
export type CalendarInput = z.input<typeof CalendarSpec>;
export type ScopeInput = z.output<ReturnType<typeof scopeSpec>>;
export type ChannelSpecOutput = z.output<typeof ChannelSpec>;
export type FieldSpecInput = z.input<ReturnType<typeof fieldSpec>>;
export type GroupInput = z.input<ReturnType<typeof groupSpec>>;
export type LocalTextInput = z.input<typeof LocalText>;
