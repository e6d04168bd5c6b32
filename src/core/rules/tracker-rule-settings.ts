/**
 * What a tracker adds to the rule file, declared by the tracker's own folder and passed in by the
 * composition layer: the keys it owns in shared sections (where a field's answer is, how a person
 * is named, a level's value, who counts as team, where alert issues are opened), each with its
 * editor help, how the compile steps read them, and the checks of its alert target. The core
 * treats the tracker's name as an opaque key: compiled rules carry per-tracker mappings keyed by
 * it, and each adapter reads its own key (its capabilities' `source`).
 */
import type { z } from "zod";
import type { TrackerCapabilities } from "../model.ts";

/** A position in the merged rule data (as `compile-context.ts` names it). */
type DataPath = (string | number)[];

/** Keys a tracker adds to one object of the rule file, each a zod schema with its editor help. */
export type SettingsShape = Readonly<Record<string, z.ZodType>>;

/** What a shape's keys read as once parsed: each key's zod output (for a tracker's `read` of its own keys). */
export type ParsedShape<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.output<T[K]> };

/** Where a field's answer is on one tracker, as the compile step reads the tracker's key. */
export interface FieldLocation {
  /** Headings (`### Heading`) that hold the answer; undefined when the key names none. */
  sections?: string[] | undefined;
  /** The tracker's own field name(s) or id(s) holding the answer. */
  fields: string[];
  /** Task-list items that, when ticked, count as the field being present. */
  checklist?: string[] | undefined;
}

/** A problem an alert target check finds, at a path of the merged rule data. */
export interface TargetProblem {
  path: DataPath;
  message: string;
}

/** Where alert issues are opened on a tracker, as the compile step reads its keys of `alerts:`. */
export interface AlertTarget {
  /** `OWNER/REPO` where the tracker holds issues in repositories. */
  repository?: string | undefined;
  /** The project key where the tracker holds issues in projects. */
  project?: string | undefined;
  /** The issue type of new issues, where the tracker has types of its own to pick. */
  issueType?: string | undefined;
}

export interface TrackerRuleSettings {
  /** The tracker's key in the rule file (`fields.<field>.<name>`, `alerts.tracker: <name>`) and in compiled mappings: its capabilities' `source`. */
  readonly name: string;
  /** What the tracker can do; the editor help of shared keys names the trackers a setting concerns by them. */
  readonly capabilities: TrackerCapabilities;
  /** How editor help names the tracker, e.g. "Acme". */
  readonly title: string;
  /** How editor help names the product the rules run on, e.g. "Acme Issues". */
  readonly product: string;
  /** What a person's id is on it, for the help of group members, e.g. "Acme logins". */
  readonly personIds: string;
  /** What the answers of a choice are called on it, for the help of the priority matrix's answers. */
  readonly answerOptions: string;
  /** Its issues include pull requests (`pull-request:` conditions match them). */
  readonly pullRequests?: boolean | undefined;
  /** Its issues have components (`categories.<name>.components`). */
  readonly components?: boolean | undefined;
  /** The tool's own accounts on it, the default of `bot.logins`. */
  readonly botLogins?: readonly string[] | undefined;
  /** `fields.<field>.<name>`: where the answer is on this tracker. */
  readonly field: {
    /** The schema of the key (optional, with its editor help). */
    readonly schema: z.ZodType;
    /** The key as parsed by `schema` (undefined when absent) → where the answer is. */
    read(spec: unknown): FieldLocation;
    /** With no headings of its own, it reads those another tracker's key names (issue forms and descriptions share them). */
    readonly sharesSections?: boolean | undefined;
  };
  /** Keys of `priority.levels.<level>`: the level's value in the tracker's own priority or issue field. */
  readonly level?: { readonly shape: SettingsShape; read(level: Readonly<Record<string, unknown>>): { native?: string | undefined; field?: string | undefined } } | undefined;
  /** Keys of `priority:`: the tracker field that holds priority, the value of `priority.fields[name]`. */
  readonly priority?: { readonly shape: SettingsShape; read(priority: Readonly<Record<string, unknown>>): string | undefined } | undefined;
  /** Keys of `team:`: who counts as team by the tracker's own roles. */
  readonly team?: { readonly shape: SettingsShape; read(team: Readonly<Record<string, unknown>>): { associations?: string[] | undefined; groups?: string[] | undefined } } | undefined;
  /** Keys of `alerts:` naming where alert issues are opened on this tracker. */
  readonly alerts: {
    readonly shape: SettingsShape;
    /** The key that says where issues are opened (`repository`), required beside `tracker: <name>` and refused beside another tracker. */
    readonly target: string;
    /** How the target is written, for the message when it is missing (`OWNER/REPO`). */
    readonly example: string;
    /** Where a field's answer goes in an alert issue, for the help of `alerts.fields`. */
    readonly fieldAnswers: string;
    /** What the labels of alert issues also do on it, for the help of `alerts.labels`. */
    readonly labelsNote?: string | undefined;
    /** Its own checks of the section with `tracker: <name>`, beside the target's. */
    check(spec: Readonly<Record<string, unknown>>, at: (...more: (string | number)[]) => DataPath): TargetProblem[];
    /** Its keys of the section, as parsed → where issues are opened. */
    read(spec: Readonly<Record<string, unknown>>): AlertTarget;
  };
}

/** The titles of the trackers that `keep` selects, joined for editor help: "A", "A, B". */
export const titlesOf = (trackers: readonly TrackerRuleSettings[], keep: (t: TrackerRuleSettings) => boolean, join = ", "): string =>
  trackers
    .filter(keep)
    .map((t) => t.title)
    .join(join);
