/**
 * First response: from the issue's creation to the team's first response. A closed issue owes
 * none (the clock stops at the close), and closed spans are not counted.
 */
import type { ClockKindModule } from "./clock-kind.ts";
import { kindSettings } from "./clock-settings.ts";

export const responseClock: ClockKindModule<"response"> = {
  kind: "response",
  names: ["first-response", "response"],
  settings: kindSettings("response", { pauses: false }),
  compile: (settings) => ({ label: settings.label, pauses: settings.pauses }),
  openOnly: true,
  notice: "breach",
  measure({ issue, cycle, firstResponse, now, explain, iso }) {
    const first = firstResponse();
    const notes = explain ? [first ? `first team response by ${first.author.id} at ${iso(first.createdAt)}` : "no team response yet"] : [];
    const stop = first?.createdAt ?? (issue.state === "closed" ? (cycle.end ?? now) : undefined);
    return { start: issue.createdAt, stop, cycle: 1, period: 0, applicable: true, notes };
  },
};
