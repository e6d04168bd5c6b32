/**
 * Feedback follow-up: from the reporter's negative answer to the satisfaction survey until the
 * team's next comment. Owed whether the issue stays closed or was reopened ("not solved"), and
 * owned by the assignees, whom its reminder mentions.
 */
import type { ClockKindModule } from "./clock-kind.ts";
import { kindSettings } from "./clock-settings.ts";

export const feedbackClock: ClockKindModule<"feedback"> = {
  kind: "feedback",
  names: ["feedback", "feedback-follow-up"],
  settings: kindSettings("feedback", { pauses: false }),
  compile: (settings) => ({ label: settings.label, pauses: settings.pauses }),
  openOnly: false,
  whileClosed: true,
  quietUntilOwed: true,
  notice: "follow-up-due",
  measure({ cycle, responses, negativeFeedback, explain, iso }) {
    const answer = negativeFeedback();
    if (answer === undefined) {
      return { start: cycle.start, cycle: cycle.index, period: 0, applicable: false, notes: explain ? ["no negative feedback to follow up"] : [] };
    }
    const reply = responses().find((c) => c.createdAt > answer.at);
    const notes = explain
      ? [`negative feedback at ${iso(answer.at)}`, reply ? `team follow-up by ${reply.author.id} at ${iso(reply.createdAt)}` : "no team follow-up yet"]
      : [];
    return { start: answer.at, stop: reply?.createdAt, cycle: answer.cycle, period: 0, applicable: true, notes };
  },
};
