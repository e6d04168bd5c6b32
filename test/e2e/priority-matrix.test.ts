/**
 * Priority from impact × urgency, as a reporter and a team meet it, through the real adapters:
 * the GitHub adapter (octokit) against the fake GitHub, the Jira adapter (jira.js) against the
 * fake Jira, every request checked against the contracts, with the shipped preset. A report that
 * chooses "All users" × "Business stopped" is P0 with the explanation in its first comment;
 * changing the answers to "One user" × "Can wait" re-grades it and edits that line in place;
 * once a person has set the priority, a changed answer changes nothing.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { githubSnapshot, shepherd, workspace } from "./github-snapshot.ts";
import { COMPLETE_INTAKE, supportIssue, USERS } from "../fakes/jira/seed.ts";
import { githubAdapter, startGitHubUnderTest, startJiraUnderTest } from "./trackers-under-test.ts";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const P0_LINE = "Impact: all users × Urgency: business stopped → P0";
const P3_LINE = "Impact: one user × Urgency: can wait → P3";

const { rules: preset } = readRules(fileURLToPath(new URL("../../rules/support.yml", import.meta.url)));
const { rules: jiraRules } = readRules(fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url)));
if (!preset || !jiraRules) throw new Error("the rules do not load");

/** The English issue form as GitHub writes it into the body, with the two dropdowns answered. */
const form = (impact: string, urgency: string) =>
  [
    ["Impact", impact],
    ["Urgency", urgency],
    ["Impact scope", "Every customer of the web shop"],
    ["Symptom and error message", "Checkout shows a blank page after the card form"],
    ["Start time", "2026-03-11 09:30"],
    ["Steps to reproduce", "1. Add an item\n2. Pay by card"],
    ["Environment", "Chrome 132, web checkout"],
  ]
    .map(([heading, text]) => `### ${heading}\n\n${text}`)
    .join("\n\n");

async function startGitHub(body: string) {
  let now = NOW;
  const { server, tracker } = await startGitHubUnderTest(
    [{ repository: "acme/support", ownerType: "User", issues: [{ issue: restIssue({ number: 1, title: "Checkout shows a blank page", body, author: "shop-owner", createdAt: NOW - 5 * 60_000 }), comments: [], timeline: [] }] }],
    { now: () => now },
    { botLogins: preset!.botLogins },
  );
  const audit = async (at: number) => {
    now = at;
    const result = await runAudit({ tracker, rules: preset!, now: at, dryRun: false, maxWrites: null, scope: { closedSince: at - 7 * 24 * HOUR } });
    expect(server.violations).toEqual([]);
    expect(result.totals.failed).toBe(0);
  };
  const stored = () => server.state.get("acme", "support", 1)!;
  const labels = () => stored().issue.labels.map((l) => l.name).filter((l) => l.startsWith("priority/"));
  const toolComments = () => stored().comments.filter((c) => c.user?.login === "github-actions[bot]");
  return { server, audit, stored, labels, toolComments };
}

describe("priority matrix on GitHub, through the real adapter", () => {
  it("All users × Business stopped is P0, said in the first comment; One user × Can wait re-grades it to P3 in place", async () => {
    const gh = await startGitHub(form("All users (≥ 50 %)", "Business stopped"));
    await gh.audit(NOW);
    expect(gh.labels()).toEqual(["priority/P0"]);
    const [first, ...more] = gh.toolComments();
    expect(more).toEqual([]);
    expect(first?.body).toContain(P0_LINE);

    gh.stored().issue.body = form("One user", "Can wait");
    await gh.audit(NOW + 10 * 60_000);
    expect(gh.labels()).toEqual(["priority/P3"]);
    const after = gh.toolComments();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(first?.id);
    expect(after[0]?.body).toContain(P3_LINE);
    expect(after[0]?.body).not.toContain(P0_LINE);

    // Nothing changed: nothing is written.
    const comments = JSON.stringify(gh.stored().comments);
    await gh.audit(NOW + 20 * 60_000);
    expect(JSON.stringify(gh.stored().comments)).toBe(comments);
  });

  it("once a person set the priority, changing the answers re-grades nothing", async () => {
    const gh = await startGitHub(form("All users (≥ 50 %)", "Business stopped"));
    await gh.audit(NOW);
    expect(gh.labels()).toEqual(["priority/P0"]);
    // The team lead moves it to P1 by hand.
    const entry = gh.stored();
    entry.issue.labels = entry.issue.labels.filter((l) => l.name !== "priority/P0").concat({ name: "priority/P1" });
    entry.timeline.push(restEvent("unlabeled", "li-wei", NOW + 60_000, { label: { name: "priority/P0" } }), restEvent("labeled", "li-wei", NOW + 60_000, { label: { name: "priority/P1" } }));
    entry.issue.body = form("One user", "Can wait");
    await gh.audit(NOW + 10 * 60_000);
    expect(gh.labels()).toEqual(["priority/P1"]);
    const [comment] = gh.toolComments();
    expect(comment?.body).toContain("P1, set by a person: the tool keeps it");
  });

  it("the Chinese form's answers are read the same, and the line is in the rules' locale", async () => {
    const body = form("全部用户（≥ 50%）", "业务中断").replace("### Impact\n", "### 影响程度\n").replace("### Urgency", "### 紧急程度").replace("### Impact scope", "### 影响范围");
    const gh = await startGitHub(body);
    const zh = readRules(fileURLToPath(new URL("../../rules/support.yml", import.meta.url))).rules!;
    const server = gh.server;
    const tracker = githubAdapter(server, { botLogins: zh.botLogins });
    await runAudit({ tracker, rules: { ...zh, locale: "zh" }, now: NOW, dryRun: false, maxWrites: null, scope: { closedSince: NOW - HOUR } });
    expect(server.violations).toEqual([]);
    expect(gh.labels()).toEqual(["priority/P0"]);
    expect(gh.toolComments()[0]?.body).toContain("影响范围：全部用户 × 紧急程度：业务中断 → P0");
  });
});

/** A Jira select option as the REST API gives it. */
const option = (id: string, value: string) => ({ self: `https://acme.atlassian.net/rest/api/3/customFieldOption/${id}`, value, id });

async function startJira() {
  let now = NOW;
  const { server, tracker } = await startJiraUnderTest({
    now: () => now,
    issues: [
      supportIssue({
        key: "SUP-1",
        id: "10001",
        summary: "Checkout shows a blank page",
        created: NOW - 5 * 60_000,
        extraFields: { ...COMPLETE_INTAKE, customfield_10051: option("10100", "All users"), customfield_10056: option("10200", "Business stopped") },
      }),
    ],
  }, { maxRetries: 0 });
  const audit = async (at: number) => {
    now = at;
    const report = await runAudit({ tracker, rules: jiraRules!, now: at, dryRun: false, maxWrites: null, scope: { jql: "project = SUP", closedSince: at - 7 * 24 * HOUR } });
    expect(server.violations).toEqual([]);
    expect(report.totals.failed).toBe(0);
  };
  const issue = () => server.issue("SUP-1");
  const priority = () => (issue().fields.priority as { name?: string } | null)?.name;
  const toolTexts = () => issue().comments.filter((c) => c.author.accountId === USERS.bot.accountId).map((c) => JSON.stringify(c.body));
  return { server, audit, issue, priority, toolTexts };
}

describe("priority matrix on Jira, through the real adapter", () => {
  it("Impact All users × Urgency Business stopped is Highest, said in the first comment; One user × Can wait re-grades it to Low", async () => {
    const j = await startJira();
    await j.audit(NOW);
    expect(j.priority()).toBe("Highest");
    const [first, ...more] = j.toolTexts();
    expect(more).toEqual([]);
    expect(first).toContain(P0_LINE);

    Object.assign(j.issue().fields, { customfield_10051: option("10102", "One user"), customfield_10056: option("10202", "Can wait") });
    await j.audit(NOW + 10 * 60_000);
    expect(j.priority()).toBe("Low");
    const after = j.toolTexts();
    expect(after).toHaveLength(1);
    expect(after[0]).toContain(P3_LINE);
  });

  it("Jira Service Management's own options (Extensive / Widespread × Critical) read as the matrix's values", async () => {
    const j = await startJira();
    Object.assign(j.issue().fields, { customfield_10051: option("10103", "Extensive / Widespread"), customfield_10056: option("10203", "Critical") });
    await j.audit(NOW);
    expect(j.priority()).toBe("Highest");
  });

  it("once a person set the priority, changing the answers re-grades nothing", async () => {
    const j = await startJira();
    await j.audit(NOW);
    expect(j.priority()).toBe("Highest");
    // The agent sets High by hand: Jira records it in the changelog.
    const stored = j.issue();
    stored.fields.priority = { name: "High", id: "2" };
    stored.histories.push({ id: "9001", author: { accountId: USERS.agent.accountId, displayName: USERS.agent.displayName }, created: new Date(NOW + 60_000).toISOString().replace("Z", "+0000"), items: [{ field: "priority", fieldtype: "jira", from: "1", fromString: "Highest", to: "2", toString: "High" }] });
    Object.assign(stored.fields, { customfield_10051: option("10102", "One user"), customfield_10056: option("10202", "Can wait") });
    await j.audit(NOW + 10 * 60_000);
    expect(j.priority()).toBe("High");
    expect(j.toolTexts().join("\n")).toContain("P1, set by a person: the tool keeps it");
  });
});

describe("shepherd explain", () => {
  it("shows the matrix cell the answers select, and the words where the text decided", async () => {
    const ws = workspace(
      githubSnapshot([
        { number: 1, title: "Checkout shows a blank page", body: form("All users (≥ 50 %)", "Business stopped"), created: "2026-03-11T01:50:00Z" },
        { number: 2, title: "所有用户无法支付", body: form("All users (≥ 50 %)", "_No response_"), created: "2026-03-11T01:50:00Z" },
      ]),
      { "shepherd.yml": "extends: support\n" },
    );
    const explain = (n: string) => shepherd("explain", "--rules", `${ws.dir}/shepherd.yml`, "--tracker", `file:${ws.snapshot}`, "--now", "2026-03-11T02:00:00Z", n);
    const cell = await explain("1");
    expect(cell.code).toBe(0);
    expect(cell.stdout).toContain("priority P0 (inferred) — matrix cell impact all × urgency stopped");
    expect(cell.stdout).toContain('matrix cell priority.matrix.table.all.stopped = P0 (impact "All users (≥ 50 %)" → all, urgency "Business stopped" → stopped)');
    const words = await explain("2");
    expect(words.stdout).toContain('priority P0 (inferred) — from the words "所有" + "无法"');
    expect(words.stdout).toContain("matrix: urgency not answered; the text decides");
  });
});
