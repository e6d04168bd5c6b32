/**
 * Satisfaction feedback from the user's side: the real GitHub adapter against the fake GitHub
 * (GraphQL audit reads, REST and GraphQL writes), with the example team file (team lead
 * chen-jing). The team closes an issue with its closing record; the audit asks the reporter; the
 * reporter reacts 👎 on GitHub's page (no webhook); the next audit labels it, mentions the
 * assignee and the lead once, and starts the follow-up; a rerun writes nothing; a day without a
 * team reply reminds the assignee; the team's reply stops the clock.
 */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { formBody, restComment, restEvent, restIssue, user } from "../fakes/github/make-issues.ts";

const { rules } = readRules(fileURLToPath(new URL("../../rules/example.yml", import.meta.url)));
if (!rules) throw new Error("the example rules do not load");
const HOUR = 3_600_000;
const CLOSED = Date.parse("2026-03-11T10:00:00+08:00");
const CREATED = CLOSED - 26 * HOUR;
const RECORD = "### Root cause\nA null date in the export.\n### Solution\nFixed the exporter.\n### Verification\nThe reporter exported again.";

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start() {
  let now = CLOSED + 5 * 60_000;
  fake = await startFakeGitHub(
    [
      {
        repository: "acme/support",
        ownerType: "User",
        issues: [
          {
            issue: restIssue({ number: 1, title: "Export to CSV is empty", body: formBody(), labels: ["priority/P2"], author: "ann-reporter", assignees: ["li-wei"], createdAt: CREATED, state: "closed", stateReason: "completed", closedAt: CLOSED }),
            comments: [restComment("li-wei", "MEMBER", "Looking into it.", CREATED + 10 * 60_000), restComment("li-wei", "MEMBER", RECORD, CLOSED - 60_000)],
            timeline: [restEvent("labeled", "li-wei", CREATED + 60_000, { label: { name: "priority/P2" } }), restEvent("closed", "li-wei", CLOSED, { state_reason: "completed" })],
          },
        ],
      },
    ],
    { now: () => now },
  );
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: false, retryBaseMs: 5 });
  const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: rules!.botLogins });
  const server = fake;
  const audit = async (at: number) => {
    now = at;
    const from = server.requests.length;
    const report = await runAudit({ tracker, rules: rules!, now: at, dryRun: false, maxWrites: null, scope: { closedSince: at - 7 * 24 * HOUR } });
    expect(server.violations).toEqual([]);
    expect(report.totals.failed).toBe(0);
    return { report, writes: server.requests.slice(from).filter((r) => r.write), reads: server.requests.slice(from).filter((r) => !r.write) };
  };
  const issue = () => server.state.get("acme", "support", 1)!;
  const toolComments = () => issue().comments.filter((c) => c.user?.login === "github-actions[bot]");
  return { fake: server, audit, issue, toolComments, labels: () => issue().issue.labels.map((l) => l.name).sort() };
}

describe("satisfaction feedback on GitHub, through the real adapter", () => {
  it("close → survey → 👎 → label, follow-up, the lead mentioned once → rerun writes nothing → reminder → the team's reply stops it", async () => {
    const { fake, audit, issue, toolComments, labels } = await start();

    // The audit after the close asks the reporter, in one comment.
    const first = await audit(CLOSED + 5 * 60_000);
    expect(first.writes).toHaveLength(1);
    const [survey] = toolComments();
    expect(survey?.body).toContain("React to this comment with 👍 or 👎");
    expect(survey?.body).toContain("feedback/survey/cycle-1");
    expect((await audit(CLOSED + 10 * 60_000)).writes).toEqual([]);

    // The reporter reacts 👎 on GitHub's page; a stranger's 🎉 does not count.
    expect(fake.state.react("acme", "support", survey!.id, user("ann-reporter"), "-1")).toBe(true);
    expect(fake.state.react("acme", "support", survey!.id, user("someone-else"), "hooray")).toBe(true);
    const answered = await audit(CLOSED + 30 * 60_000);
    // The reactions come with the audit's page: its reads stay within ⌈N/50⌉ + 5, one page query.
    expect(answered.reads.length).toBeLessThanOrEqual(Math.ceil(1 / 50) + 5);
    expect(answered.reads.filter((r) => r.operation === "ShepherdAuditIssues")).toHaveLength(1);
    expect(labels()).toEqual(["feedback/negative", "priority/P2"]);
    const notices = toolComments().slice(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain("not satisfied");
    expect(notices[0]?.body).toMatch(/@li-wei/);
    expect(notices[0]?.body?.match(/@chen-jing/g)).toHaveLength(1);
    expect(issue().issue.state).toBe("closed");

    // A rerun right after writes nothing.
    expect((await audit(CLOSED + 35 * 60_000)).writes).toEqual([]);

    // A day later with no reply from the team: the assignee is reminded, the lead not again.
    await audit(CLOSED + 25 * HOUR);
    const reminder = toolComments().at(-1);
    expect(reminder?.body).toContain("Feedback follow-up due");
    expect(reminder?.body).toMatch(/@li-wei/);
    expect(reminder?.body).not.toMatch(/@chen-jing/);
    expect(toolComments().filter((c) => /@chen-jing/.test(c.body ?? ""))).toHaveLength(1);
    const overdue = await audit(CLOSED + 26 * HOUR);
    expect(overdue.writes).toEqual([]);
    expect(overdue.report.issues[0]?.clocks.find((c) => c.clock === "feedback")?.state).toBe("breached");

    // The assignee answers the reporter: the follow-up stops there (late, so breached on record),
    // and nothing more is written.
    const entry = fake.state.get("acme", "support", 1)!;
    entry.comments.push({ ...restComment("li-wei", "MEMBER", "Sorry for the wait, I have called you to go through the export.", CLOSED + 27 * HOUR), id: 9_999_002 });
    entry.issue.updated_at = new Date(CLOSED + 27 * HOUR).toISOString();
    const followedUp = await audit(CLOSED + 28 * HOUR);
    expect(followedUp.writes).toEqual([]);
    expect(followedUp.report.issues[0]?.clocks.find((c) => c.clock === "feedback")).toMatchObject({ state: "breached", stoppedAt: CLOSED + 27 * HOUR });
    expect(labels()).toEqual(["feedback/negative", "priority/P2"]);
  }, 60_000);

  it("a reply 'not solved' reopens the issue in the same cycle, and the rerun writes nothing", async () => {
    const { fake, audit, issue, toolComments } = await start();
    await audit(CLOSED + 5 * 60_000);
    const entry = fake.state.get("acme", "support", 1)!;
    entry.comments.push({ ...restComment("ann-reporter", "NONE", "> Is the problem solved for you?\n\nNot solved, the file is still empty.", CLOSED + 20 * 60_000), id: 9_999_001 });
    entry.issue.updated_at = new Date(CLOSED + 20 * 60_000).toISOString();
    await audit(CLOSED + 30 * 60_000);
    expect(issue().issue.state).toBe("open");
    expect(toolComments().at(-1)?.body).toContain("reopened");
    expect((await audit(CLOSED + 35 * 60_000)).writes).toEqual([]);
    // The tool's reopen continues the cycle: no second survey when the team closes it again.
    expect(toolComments().filter((c) => (c.body ?? "").includes("feedback/survey/cycle-"))).toHaveLength(1);
  }, 60_000);
});
