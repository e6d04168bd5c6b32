/** Mitigation: from the cycle's start until the issue is labelled as mitigated (or the cycle ends). */
import type { ClockKindModule } from "./clock-kind.ts";
import { kindSettings } from "./clock-settings.ts";

/** The label that records mitigation where the clock names none. */
const MITIGATED = "mitigated";

export const mitigationClock: ClockKindModule<"mitigation"> = {
  kind: "mitigation",
  names: ["mitigation"],
  settings: kindSettings("mitigation", { pauses: false, label: MITIGATED }),
  compile: (settings) => ({ label: settings.label, pauses: settings.pauses }),
  openOnly: false,
  notice: "breach",
  measure({ issue, rule, cycle, hasLabel, now, explain, iso }) {
    const label = rule.label ?? MITIGATED;
    const wanted = label.toLowerCase();
    const labelled = issue.history.find((e) => e.kind === "labeled" && e.at >= cycle.start && e.label.toLowerCase() === wanted);
    const stop = labelled?.at ?? (hasLabel(label) ? now : cycle.end);
    const notes = explain ? [labelled ? `labelled ${label} at ${iso(labelled.at)}` : `no ${label} label yet`] : [];
    return { start: cycle.start, stop, cycle: cycle.index, period: 0, applicable: true, notes };
  },
};
