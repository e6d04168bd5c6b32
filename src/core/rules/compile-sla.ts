/** The `sla:` section → thresholds, the reopen grace, calendars per level, pauses, labels and clocks. */
import { compileClocks } from "./compile-clocks.ts";
import type { CompileOutput, RefChecks } from "./compile-context.ts";
import { calendarsPerLevel } from "./compile-level-calendars.ts";
import { parseDuration, parsePercent } from "./duration.ts";
import type { PriorityLevelRule, Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

/** The compiled `sla:` of the rules, but its `pause-when`, compiled last (see compile-rules.ts). */
export function compileSla(
  data: RuleFileOutput["sla"],
  levels: readonly PriorityLevelRule[],
  check: Pick<RefChecks, "calendarRef" | "checkLevel">,
  out: CompileOutput,
): Omit<Rules["sla"], "pauseWhen"> {
  const sla = data ?? {};
  const warnAt = sla["warn-at"] === undefined ? 0.75 : (parsePercent(sla["warn-at"]) ?? 0.75);
  if (sla["warn-at"] !== undefined && (warnAt <= 0 || warnAt > 1)) {
    out.problems.push({ path: ["sla", "warn-at"], message: `expected a percentage above 0% and at most 100%, found ${JSON.stringify(sla["warn-at"])}` });
  }
  const graceText = sla["reopen-grace"];
  const grace = graceText === undefined ? undefined : parseDuration(graceText);
  if (grace && grace.businessDays > 0) {
    out.problems.push({
      path: ["sla", "reopen-grace"],
      message: `expected a wall-clock duration like 10m or 1h (the grace after a close is not counted on a calendar), found ${JSON.stringify(graceText)}`,
    });
  }
  const calendarFor = calendarsPerLevel(levels, check);
  const calendars = calendarFor(sla.calendar, new Map(), ["sla", "calendar"]);
  return {
    warnAt,
    reopenGraceMs: grace?.ms ?? 10 * 60_000,
    calendars,
    atRiskLabel: sla.labels?.["at-risk"] ?? "sla/at-risk",
    breachedLabel: sla.labels?.breached ?? "sla/breached",
    clocks: compileClocks(sla.clocks, calendars, calendarFor, check, out),
  };
}
