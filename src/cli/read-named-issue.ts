/** Read an issue the user named on the command line (`plan 12`, `explain PROJ-12`). */
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import { displayZone, formatInstant } from "../core/text/format-instant.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import { UsageError } from "./io.ts";

/**
 * The issue, as it is at `now`. An issue that is not there, or that was created after `now` (it
 * did not exist yet at that instant, so there is nothing to evaluate), is a usage error.
 */
export async function readNamedIssue(tracker: Tracker, id: string, rules: Rules, now: number): Promise<Issue> {
  let issue: Issue;
  try {
    issue = await tracker.getIssue(id);
  } catch (error) {
    if (isTrackerError(error) && error.kind === "not-found") {
      throw new UsageError(`issue ${id}: expected an issue of ${tracker.name}, found none (${error.message}); check the number or key (12, #12, owner/repo#12 or PROJ-12)`);
    }
    throw error;
  }
  if (issue.createdAt > now) {
    const zone = displayZone(rules);
    throw new UsageError(
      `${issue.id} was created after --now (created ${formatInstant(issue.createdAt, zone)}, --now ${formatInstant(now, zone)}): ` +
        "it did not exist yet at that instant; pass a later --now, or leave it out",
    );
  }
  return issue;
}
