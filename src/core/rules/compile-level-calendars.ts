/** `calendar:` settings of the SLA (`sla.calendar`, a clock's `calendar`) → a calendar per priority level. */
import type { Calendar } from "../calendar/calendar.ts";
import { TWENTY_FOUR_SEVEN } from "../calendar/compile-calendar.ts";
import type { DataPath, RefChecks } from "./compile-context.ts";
import type { PriorityLevelRule } from "./rules.ts";

/** A calendar per priority level: one for all, one per level, or where a level names none, `fallback`'s. */
export type CalendarsPerLevel = (spec: string | Record<string, string> | undefined, fallback: Map<string, Calendar>, path: DataPath) => Map<string, Calendar>;

export function calendarsPerLevel(levels: readonly PriorityLevelRule[], check: Pick<RefChecks, "calendarRef" | "checkLevel">): CalendarsPerLevel {
  return (spec, fallback, path) => {
    const out = new Map<string, Calendar>();
    // One name for all levels: looked up once, so an unknown one is reported once.
    const all = typeof spec === "string" ? check.calendarRef(spec, path) : undefined;
    for (const level of levels) {
      if (spec === undefined || typeof spec === "string") out.set(level.name, all ?? fallback.get(level.name) ?? TWENTY_FOUR_SEVEN);
      // Own keys only: a level named like an Object property (toString) is a name, not a method.
      else out.set(level.name, !Object.hasOwn(spec, level.name) ? (fallback.get(level.name) ?? TWENTY_FOUR_SEVEN) : check.calendarRef(spec[level.name] as string, [...path, level.name]));
    }
    if (typeof spec === "object") for (const key of Object.keys(spec)) check.checkLevel(key, [...path, key]);
    return out;
  };
}
