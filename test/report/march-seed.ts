/**
 * A GitHub repository whose March 2026 review is known by hand (example team file: business
 * hours 09:00–12:00, 13:00–18:00 in Asia/Shanghai; P2 first response 4 h, P1 on 24x7):
 *
 * - #1–#10, P2 software, created Mon 2 March 10:00, answered after 30, 60, 90, 120, 150, 180,
 *   239, 300, 420 and 480 business minutes: 7 met, 3 breached (metRate 0.7, median 165, p90
 *   420); odd numbers li-wei's, even sam-ortiz's (breaches: #8, #10 sam-ortiz, #9 li-wei).
 * - #11, P1 network (oncall-zhang), created Tue 3 March 09:00, answered 09:20, closed 11:00.
 * - #12, P3 account, created Wed 4 March 09:00, answered 09:10, closed 12:00, reopened by the
 *   reporter Thu 09:00, closed 11:00: two resolution cycles, 180 and 120 min.
 * - #13, P2, created Tue 24 Feb 10:00, answered 11:00, closed Wed 25 Feb 10:00 (480 min).
 * - #14, P2, created Wed 25 Feb 10:00, answered 10:30, still open.
 * - #15, closed in January: not read at all.
 */
import type { RestComment, RestTimelineEvent } from "../../src/github/rest-types.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

export const REPOSITORY = "acme/support";
/** `2026-03-02 10:00` in Asia/Shanghai as an instant. */
const at = (local: string): number => Date.parse(`${local.replace(" ", "T")}:00+08:00`);

const ANSWERED = ["10:30", "11:00", "11:30", "12:40", "13:30", "14:00", "14:59", "16:00", "18:00", "2026-03-03 10:00"];

type Entry = FakeSeed["issues"][number];

function entry(number: number, created: string, labels: string[], options: { assignee?: string; comments?: RestComment[]; timeline?: RestTimelineEvent[]; closed?: string } = {}): Entry {
  return {
    issue: restIssue(
      {
        number,
        body: formBody(),
        labels,
        createdAt: at(created),
        ...(options.assignee === undefined ? {} : { assignees: [options.assignee] }),
        ...(options.closed === undefined ? {} : { state: "closed" as const, stateReason: "completed", closedAt: at(options.closed) }),
      },
      REPOSITORY,
    ),
    comments: options.comments ?? [],
    timeline: options.timeline ?? (options.closed === undefined ? [] : [restEvent("closed", "chen-jing", at(options.closed), { state_reason: "completed" })]),
  };
}

const answer = (who: string, local: string) => restComment(who, "MEMBER", "Thanks — looking into it now.", at(local));

/** The seed of the repository described above. */
export function marchSeed(): FakeSeed {
  const issues: Entry[] = ANSWERED.map((time, n) =>
    entry(n + 1, "2026-03-02 10:00", ["priority/P2", "category/software"], { assignee: n % 2 === 0 ? "li-wei" : "sam-ortiz", comments: [answer("li-wei", time.includes("-") ? time : `2026-03-02 ${time}`)] }),
  );
  issues.push(entry(11, "2026-03-03 09:00", ["priority/P1", "category/network"], { assignee: "oncall-zhang", comments: [answer("oncall-zhang", "2026-03-03 09:20")], closed: "2026-03-03 11:00" }));
  issues.push(
    entry(12, "2026-03-04 09:00", ["priority/P3", "category/account"], {
      comments: [answer("chen-jing", "2026-03-04 09:10")],
      closed: "2026-03-05 11:00",
      timeline: [
        restEvent("closed", "chen-jing", at("2026-03-04 12:00"), { state_reason: "completed" }),
        restEvent("reopened", "reporter", at("2026-03-05 09:00")),
        restEvent("closed", "chen-jing", at("2026-03-05 11:00"), { state_reason: "completed" }),
      ],
    }),
  );
  issues.push(entry(13, "2026-02-24 10:00", ["priority/P2"], { comments: [answer("li-wei", "2026-02-24 11:00")], closed: "2026-02-25 10:00" }));
  issues.push(entry(14, "2026-02-25 10:00", ["priority/P2"], { comments: [answer("li-wei", "2026-02-25 10:30")] }));
  issues.push(entry(15, "2026-01-05 10:00", ["priority/P2"], { comments: [answer("li-wei", "2026-01-05 10:30")], closed: "2026-01-10 10:00" }));
  return { repository: REPOSITORY, issues };
}

/** The repository as a snapshot file (`--tracker file:`). */
export function marchSnapshot(): string {
  return `${JSON.stringify({ tracker: "github", repository: REPOSITORY, issues: marchSeed().issues }, null, 2)}\n`;
}
