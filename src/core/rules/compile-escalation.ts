/** The `escalation:` section → the ladder (with the channels each level notifies), acknowledgement, update reminders and the root-cause trigger. */
import { list, ZERO, type CompileOutput, type RefChecks } from "./compile-context.ts";
import { undeclaredName } from "./diagnostics.ts";
import { parseDuration } from "./duration.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileEscalation(
  esc: RuleFileOutput["escalation"],
  clockNames: ReadonlySet<string>,
  check: Pick<RefChecks, "checkField" | "checkLevel" | "checkTargets" | "checkChannels">,
  out: CompileOutput,
): Rules["escalation"] {
  (esc.clocks ?? []).forEach((c, i) => {
    if (!clockNames.has(c)) out.problems.push({ path: ["escalation", "clocks", i], message: undeclaredName("clock", c, [...clockNames]), ref: { kind: "clock", name: c } });
  });
  const levels = (esc.levels ?? []).map((level, i) => {
    const assign = check.checkTargets(level.assign, ["escalation", "levels", i, "assign"]);
    const mention = check.checkTargets(level.mention, ["escalation", "levels", i, "mention"]);
    const after = level.after;
    const notify = check.checkChannels(level.notify, ["escalation", "levels", i, "notify"]);
    return { level: i + 1, after, afterDuration: parseDuration(after) ?? ZERO, assign, mention, labels: list(level.label), notify };
  });
  const rc = esc["root-cause"];
  let rootCause: Rules["escalation"]["rootCause"];
  if (rc) {
    const field = rc.field;
    check.checkField(field, ["escalation", "root-cause", "field"]);
    rc.priorities.forEach((p, i) => check.checkLevel(p, ["escalation", "root-cause", "priorities", i]));
    const level = rc.level;
    if (level > levels.length) {
      out.problems.push({ path: ["escalation", "root-cause", "level"], message: `expected a level between 1 and ${levels.length} (the ladder's length), found ${level}` });
    }
    const within = rc.within;
    rootCause = { priorities: new Set(rc.priorities), within, withinDuration: parseDuration(within) ?? ZERO, field, level };
  }
  return {
    clocks: esc.clocks === undefined ? undefined : new Set(esc.clocks),
    levels,
    ackCommand: esc.ack.command,
    ackLabels: esc.ack.labels,
    reminders: check.checkChannels(esc.reminders?.notify, ["escalation", "reminders", "notify"]),
    rootCause,
  };
}
