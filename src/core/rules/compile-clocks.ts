/** `sla.clocks` → the clocks, each of a kind (given, or known from the clock's name), with targets per level. */
import type { Calendar } from "../calendar/calendar.ts";
import type { CompileOutput, RefChecks } from "./compile-context.ts";
import type { CalendarsPerLevel } from "./compile-level-calendars.ts";
import { parseDuration, type Duration } from "./duration.ts";
import { CLOCK_KIND_NAMES } from "../clocks/clock-kind-names.ts";
import { CLOCK_KINDS } from "../clocks/registry.ts";
import type { ClockRule } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileClocks(
  spec: NonNullable<RuleFileOutput["sla"]>["clocks"],
  slaCalendars: Map<string, Calendar>,
  calendarFor: CalendarsPerLevel,
  check: Pick<RefChecks, "checkLevel">,
  out: CompileOutput,
): ClockRule[] {
  const clocks: ClockRule[] = [];
  for (const [name, clock] of Object.entries(spec ?? {})) {
    // The schema has given the kind its name implies, and the kind's defaults.
    const kind = clock.kind;
    if (kind === undefined) {
      out.problems.push({ path: ["sla", "clocks", name], message: `expected a kind (${CLOCK_KIND_NAMES.join(", ")}) for clock "${name}", found none` });
      continue;
    }
    if (clock.targets === undefined) {
      out.problems.push({ path: ["sla", "clocks", name], atKey: true, message: `expected targets (a target per priority level, e.g. targets: {P0: 15m, P2: 4h}), found none` });
    }
    const targets = new Map<string, Duration>();
    for (const [level, text] of Object.entries(clock.targets ?? {})) {
      check.checkLevel(level, ["sla", "clocks", name, "targets", level]);
      const duration = parseDuration(text);
      if (duration && duration.ms === 0 && duration.businessDays === 0) {
        out.problems.push({ path: ["sla", "clocks", name, "targets", level], message: `expected a target above zero (leave the level out for no clock), found ${JSON.stringify(text)}` });
      }
      if (duration) targets.set(level, duration);
    }
    clocks.push({
      name,
      kind,
      targets,
      calendars: calendarFor(clock.calendar, slaCalendars, ["sla", "clocks", name, "calendar"]),
      ...CLOCK_KINDS[kind].compile(clock),
    });
  }
  return clocks;
}
