/**
 * Resolution: from the cycle's start (creation, or a reopen that started a new cycle) to its
 * close; a cycle closed other than completed owes no resolution.
 */
import type { ClockKindModule } from "./clock-kind.ts";
import { kindSettings } from "./clock-settings.ts";

export const resolutionClock: ClockKindModule<"resolution"> = {
  kind: "resolution",
  names: ["resolution"],
  settings: kindSettings("resolution", { pauses: true }),
  compile: (settings) => ({ label: settings.label, pauses: settings.pauses }),
  openOnly: false,
  notice: "breach",
  measure({ cycle, explain, iso }) {
    const notes: string[] = [];
    if (explain) notes.push(cycle.index > 1 ? `cycle ${cycle.index} started at the reopen at ${iso(cycle.start)}` : `started at creation, ${iso(cycle.start)}`);
    if (explain && cycle.continued) {
      notes.push(`the cycle continues across ${cycle.continued.map((c) => `the close at ${iso(c.from)} (reopened ${iso(c.to)})`).join(", ")}`);
    }
    const applicable = !(cycle.end !== undefined && cycle.closeReason !== "completed");
    return { start: cycle.start, stop: cycle.end, cycle: cycle.index, period: 0, applicable, notes };
  },
};
