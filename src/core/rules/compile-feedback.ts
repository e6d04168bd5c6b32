/**
 * The `feedback:` section → the satisfaction survey's settings, and its follow-up clock: the
 * clock of kind `feedback` that `sla.clocks` declares (targets per level), else one named
 * `feedback` with the `follow-up` target for every level.
 */
import { ZERO, type CompileOutput, type RefChecks } from "./compile-context.ts";
import { parseDuration } from "./duration.ts";
import type { ClockRule, FeedbackRule, PriorityLevelRule } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

/** The follow-up clock's name where `sla.clocks` declares none of kind feedback. */
export const FEEDBACK_CLOCK = "feedback";

export function compileFeedback(
  spec: RuleFileOutput["feedback"],
  levels: readonly PriorityLevelRule[],
  clocks: readonly ClockRule[],
  check: Pick<RefChecks, "calendarRef" | "checkField" | "checkTargets">,
  out: CompileOutput,
): { feedback?: FeedbackRule; clock?: ClockRule } {
  if (spec === undefined) return {};
  const mention = check.checkTargets(spec.mention, ["feedback", "mention"]);
  if (spec.field !== undefined) check.checkField(spec.field, ["feedback", "field"]);
  const calendar = check.calendarRef(spec.calendar, ["feedback", "calendar"]);
  const within = parseDuration(spec["follow-up"]) ?? ZERO;
  if (within.ms === 0 && within.businessDays === 0) {
    out.problems.push({ path: ["feedback", "follow-up"], message: `expected a follow-up time above zero, e.g. 24h, found ${JSON.stringify(spec["follow-up"])}` });
  }
  const feedback = (clock: string): FeedbackRule => ({
    ask: spec.ask,
    labels: { positive: spec.labels.positive, negative: spec.labels.negative },
    clock,
    mention,
    field: spec.field,
    reopen: spec.reopen,
  });
  const declared = clocks.find((c) => c.kind === "feedback");
  if (declared !== undefined) return { feedback: feedback(declared.name) };
  if (clocks.some((c) => c.name === FEEDBACK_CLOCK)) {
    out.problems.push({
      path: ["sla", "clocks", FEEDBACK_CLOCK],
      atKey: true,
      message: `expected the clock named ${FEEDBACK_CLOCK} to be of kind feedback (the follow-up of feedback:), found another kind; rename it or set kind: feedback`,
    });
  }
  return {
    feedback: feedback(FEEDBACK_CLOCK),
    clock: {
      name: FEEDBACK_CLOCK,
      kind: "feedback",
      targets: new Map(levels.map((level) => [level.name, within])),
      calendars: new Map(levels.map((level) => [level.name, calendar])),
      pauses: false,
    },
  };
}
