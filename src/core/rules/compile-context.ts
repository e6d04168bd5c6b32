/**
 * What every compile step of a rule-file section shares: where problems are collected, how a
 * file named by the rules is read, and the checks of names declared in other sections.
 */
import type { Calendar } from "../calendar/calendar.ts";
import type { CountryHolidayLookup } from "../calendar/country-holidays.ts";
import type { CompileProblem, Condition } from "./conditions.ts";
import type { Duration } from "./duration.ts";
import type { ConditionInput } from "./schema.ts";
import type { TrackerRuleSettings } from "./tracker-rule-settings.ts";

/** A position in the merged rule data, as the loader maps it back to a file. */
export type DataPath = (string | number)[];

export interface CompileIO {
  files: string[];
  /** Read a file named at `path` of the merged data (an `ics:` reference), relative to its rule file. */
  readRelative(ref: string, path: DataPath): string | undefined;
  /** A country's holidays (`holidays: { country: CN }`), from data the caller holds. */
  countryHolidays?: CountryHolidayLookup | undefined;
  /** The registered trackers, whose keys of the rule file the compile steps read (each by its name). */
  trackers: readonly TrackerRuleSettings[];
}

/** Where the compile steps put what they find. */
export interface CompileOutput {
  /** Errors: with any, no rules. */
  problems: CompileProblem[];
  /** What compiles but may not be meant (holiday data that ends before the year in use). */
  warnings: CompileProblem[];
}

/** Checks of names declared in other sections, each reporting into the same problems. */
export interface RefChecks {
  /** The calendar of that name (24x7 when there is none, reported). */
  calendarRef: (name: string, path: DataPath) => Calendar;
  /** A declared priority level. */
  checkLevel: (name: string, path: DataPath) => void;
  /** A declared named field. */
  checkField: (name: string, path: DataPath) => void;
  /** Whom `assign:` and `mention:` name: groups' names and people's ids, as evaluation reads them. */
  checkTargets: (value: string | string[] | undefined, path: DataPath) => string[];
  /** Channels a `notify:` entry names, each declared under `channels:` (unknown ones reported). */
  checkChannels: (value: string | string[] | undefined, path: DataPath) => string[];
  /** A condition compiled against the declared names. */
  condition: (input: ConditionInput | undefined, path: DataPath) => Condition | undefined;
}

/** Stands in for a duration the schema already reported as unreadable. */
export const ZERO: Duration = { text: "0m", ms: 0, businessDays: 0 };

/** One or many, as a list. */
export const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
