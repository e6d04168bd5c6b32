/**
 * Progress updates: after each team response of the cycle, the next one is due within the
 * target — one period per update, each with its own reminder that mentions the assignees. Owed
 * only while the issue is open and once the team has answered (before that, first response
 * covers it).
 */
import type { Comment } from "../model.ts";
import type { ClockKindModule } from "./clock-kind.ts";
import { kindSettings } from "./clock-settings.ts";

export const updateClock: ClockKindModule<"update"> = {
  kind: "update",
  names: ["update", "progress-update"],
  settings: kindSettings("update", { pauses: true }),
  compile: (settings) => ({ label: settings.label, pauses: settings.pauses }),
  openOnly: true,
  notice: "update-due",
  measure({ issue, cycle, responses, explain, iso }) {
    // The cycle's updates: how many, and the last.
    let updates = 0;
    let last: Comment | undefined;
    for (const c of responses()) {
      if (c.createdAt < cycle.start) continue;
      updates++;
      last = c;
    }
    if (!last || issue.state !== "open") {
      const notes = explain ? [issue.state !== "open" ? "issue is closed" : "no team response yet (first-response covers this)"] : [];
      return { start: cycle.start, cycle: cycle.index, period: 0, applicable: false, notes };
    }
    // One period per team update: the n-th update of the cycle opens period n.
    const notes = explain ? [`last team update by ${last.author.id} at ${iso(last.createdAt)}`] : [];
    return { start: last.createdAt, stop: undefined, cycle: cycle.index, period: updates, applicable: true, notes };
  },
};
