/**
 * Builders of REST-shaped issues, comments and timeline events for seeding the fake GitHub, and a
 * generator of realistic issue sets (issue-form bodies, team and reporter comments, label and
 * assignment history) for benchmarks and end-to-end tests.
 */
import type { RestComment, RestIssue, RestTimelineEvent, RestUser } from "../../../src/github/rest-types.ts";
import type { FakeSeed } from "./fake-state.ts";

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export const user = (login: string): RestUser => ({ login, id: login.length * 1000 + login.charCodeAt(0), type: login.endsWith("[bot]") ? "Bot" : "User" });

export interface IssueSpec {
  number: number;
  title?: string;
  body?: string;
  labels?: string[];
  author?: string;
  association?: string;
  createdAt: number;
  state?: "open" | "closed";
  stateReason?: string | null;
  closedAt?: number;
  assignees?: string[];
  pullRequest?: boolean;
}

export function restIssue(spec: IssueSpec, repository = "acme/support"): RestIssue {
  const issue: RestIssue = {
    id: 100_000 + spec.number,
    node_id: `I_kwDO${spec.number}`,
    number: spec.number,
    title: spec.title ?? `Issue ${spec.number}`,
    body: spec.body ?? "",
    labels: (spec.labels ?? []).map((name) => ({ name })),
    state: spec.state ?? "open",
    state_reason: spec.stateReason ?? null,
    user: user(spec.author ?? "reporter"),
    author_association: spec.association ?? "NONE",
    assignees: (spec.assignees ?? []).map(user),
    created_at: iso(spec.createdAt),
    updated_at: iso(spec.closedAt ?? spec.createdAt),
    closed_at: spec.closedAt === undefined ? null : iso(spec.closedAt),
    html_url: `https://github.com/${repository}/issues/${spec.number}`,
  };
  if (spec.pullRequest === true) issue.pull_request = { url: `https://api.github.com/repos/${repository}/pulls/${spec.number}` };
  return issue;
}

let commentId = 5_000_000;

export function restComment(login: string, association: string, body: string, at: number): RestComment {
  return { id: commentId++, user: user(login), author_association: association, body, created_at: iso(at), updated_at: iso(at) };
}

export function restEvent(event: string, actor: string, at: number, extra: Partial<RestTimelineEvent> = {}): RestTimelineEvent {
  return { id: commentId++, event, actor: user(actor), created_at: iso(at), ...extra };
}

/** An issue-form body with the sections the support preset requires; leave some out with `omit`. */
export function formBody(omit: readonly string[] = []): string {
  const sections: [string, string][] = [
    ["Impact scope", "About 20 users of the EU tenant"],
    ["Symptom and error message", "Export fails with `Error 502: upstream timed out`"],
    ["Start time", "2026-03-10 08:40 UTC"],
    ["Steps to reproduce", "1. Open Reports\n2. Click Export\n3. Wait 60 s"],
    ["Environment", "Windows 11, Chrome 132, app 4.18.2"],
  ];
  return sections
    .filter(([heading]) => !omit.includes(heading))
    .map(([heading, text]) => `### ${heading}\n\n${text}`)
    .join("\n\n");
}

/**
 * `count` open issues as a support repository has them: complete or incomplete reports, a priority
 * label set by a team member on some, ten comments alternating reporter and team, and ten history
 * events (labels, assignments). Ages spread over the last days so that clocks are in every state.
 */
export function realisticSeed(count: number, now: number, repository = "acme/support"): FakeSeed {
  const issues: FakeSeed["issues"] = [];
  const team = ["li-wei", "chen-jing", "maria-k"];
  for (let n = 1; n <= count; n++) {
    const createdAt = now - ((n * 37) % (5 * 24 * 60)) * MINUTE - 10 * MINUTE;
    const priority = n % 5 === 0 ? undefined : `priority/P${n % 4}`;
    const complete = n % 3 !== 0;
    const labels = [n % 2 === 0 ? "bug" : "network", ...(priority === undefined ? [] : [priority])];
    const assignee = team[n % team.length] as string;
    const comments: RestComment[] = [];
    const timeline: RestTimelineEvent[] = [];
    for (let c = 0; c < 10; c++) {
      const at = createdAt + (c + 1) * 3 * MINUTE;
      comments.push(
        c % 2 === 0
          ? restComment(assignee, "MEMBER", `Looking into it (${c}). Could you attach the logs?`, at)
          : restComment("reporter", "NONE", `Logs attached, still failing (${c}).`, at),
      );
    }
    const eventLabels = ["triage", "bug", "network", "triage", "ui"];
    for (let e = 0; e < 4; e++) {
      const at = createdAt + (e + 1) * MINUTE;
      const label = eventLabels[e] as string;
      timeline.push(restEvent(e % 2 === 0 ? "labeled" : "unlabeled", assignee, at, { label: { name: label } }));
    }
    timeline.push(restEvent("labeled", assignee, createdAt + 5 * MINUTE, { label: { name: labels[0] as string } }));
    if (priority !== undefined) timeline.push(restEvent("labeled", assignee, createdAt + 6 * MINUTE, { label: { name: priority } }));
    timeline.push(restEvent("assigned", assignee, createdAt + 7 * MINUTE, { assignee: user(assignee) }));
    for (let e = timeline.length; e < 10; e++) {
      timeline.push(restEvent(e % 2 === 0 ? "labeled" : "unlabeled", assignee, createdAt + (8 + e) * MINUTE, { label: { name: "ui" } }));
    }
    issues.push({
      issue: restIssue(
        {
          number: n,
          title: n % 7 === 0 ? `Checkout is broken for many users (${n})` : `Report export fails with 502 (${n})`,
          body: complete ? formBody() : formBody(["Steps to reproduce", "Environment"]),
          labels,
          createdAt,
          assignees: [assignee],
        },
        repository,
      ),
      comments,
      timeline,
    });
  }
  return { repository, ownerType: "Organization", issues };
}
