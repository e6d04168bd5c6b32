/** The `sla:` section → thresholds, the reopen grace, calendars per level, pauses, labels and clocks. */
import { compileClocks } from "./compile-clocks.ts";
import { ZERO, type CompileOutput, type RefChecks } from "./compile-context.ts";
import { calendarsPerLevel } from "./compile-level-calendars.ts";
import { parseDuration, parsePercent } from "./duration.ts";
import type { PriorityLevelRule, Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

/** The compiled `sla:` of the rules, but its `pause-when`, compiled last (see compile-rules.ts). */
export function compileSla(
  sla: RuleFileOutput["sla"],
  levels: readonly PriorityLevelRule[],
  check: Pick<RefChecks, "calendarRef" | "checkLevel">,
  out: CompileOutput,
): Omit<Rules["sla"], "pauseWhen"> {
  const warnAt = parsePercent(sla["warn-at"]) ?? 0;
  if (warnAt <= 0 || warnAt > 1) {
    out.problems.push({ path: ["sla", "warn-at"], message: `expected a percentage above 0% and at most 100%, found ${JSON.stringify(sla["warn-at"])}` });
  }
  const graceText = sla["reopen-grace"];
  const grace = parseDuration(graceText) ?? ZERO;
  if (grace.businessDays > 0) {
    out.problems.push({
      path: ["sla", "reopen-grace"],
      message: `expected a wall-clock duration like 10m or 1h (the grace after a close is not counted on a calendar), found ${JSON.stringify(graceText)}`,
    });
  }
  const calendarFor = calendarsPerLevel(levels, check);
  const calendars = calendarFor(sla.calendar, new Map(), ["sla", "calendar"]);
  return {
    warnAt,
    reopenGraceMs: grace.ms,
    calendars,
    atRiskLabel: sla.labels["at-risk"],
    breachedLabel: sla.labels.breached,
    clocks: compileClocks(sla.clocks, calendars, calendarFor, check, out),
  };
}
