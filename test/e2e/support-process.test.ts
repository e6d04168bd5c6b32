/**
 * The support process from the user's side: a snapshot and a rule
 * file in, `shepherd audit` run, the snapshot read back.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubSnapshot, issueOf, labelsOf, shepherd, workspace, type IssueSpec } from "./github-snapshot.ts";

const NOW = "2026-03-11T10:00:00+08:00";
const RULES = "extends: support\n";
const TEAM = "li-wei";
const FULL_FORM = [
  "### Impact scope", "", "All merchants in Hangzhou", "",
  "### Symptom and error message", "", "Terminal shows E-CONN-07", "",
  "### Start time", "", "2026-03-11 08:50", "",
  "### Steps to reproduce", "", "Swipe any card", "",
  "### Environment", "", "PAX A920, firmware 9.1",
].join("\n");

async function audit(specs: IssueSpec[], rules = RULES) {
  const ws = workspace(githubSnapshot(specs), { "shepherd.yml": rules });
  const run = await shepherd("audit", "--rules", join(ws.dir, "shepherd.yml"), "--tracker", `file:${ws.snapshot}`, "--now", NOW);
  return { ws, run, data: ws.read() };
}

const labelled = (name: string, at = "2026-03-11T01:00:00Z", by = TEAM) => ({ name, by, at });

describe("required information", () => {
  it("labels needs-info and writes one comment listing exactly what is missing, then resolves it when the reporter completes the form", async () => {
    const body = FULL_FORM.replace("2026-03-11 08:50", "_No response_").replace("PAX A920, firmware 9.1", "");
    const { ws, run, data } = await audit([{ number: 1, title: "Terminals offline", body, created: "2026-03-11T01:30:00Z", labels: [labelled("priority/P2")] }]);
    expect(run.code).toBe(0);
    expect(labelsOf(data, 1)).toEqual(["needs-info", "priority/P2"]);
    const comments = issueOf(data, 1).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("- [ ] Start time\n- [ ] Environment");
    expect(comments[0]?.body).not.toContain("Impact scope");

    // The reporter edits the issue: everything is there now.
    const edited = ws.read();
    (edited.issues[0] as { issue: { body: string } }).issue.body = FULL_FORM;
    writeFileSync(ws.snapshot, JSON.stringify(edited));
    const second = await shepherd("audit", "--rules", join(ws.dir, "shepherd.yml"), "--tracker", `file:${ws.snapshot}`, "--now", NOW);
    expect(second.code).toBe(0);
    const after = ws.read();
    expect(labelsOf(after, 1)).toEqual(["priority/P2"]);
    const updated = issueOf(after, 1).comments;
    expect(updated).toHaveLength(1);
    expect(updated[0]?.id).toBe(comments[0]?.id);
    expect(updated[0]?.body).toContain("All the required information is there now");
  });

  it("writes in Chinese when the locale is zh", async () => {
    const { data } = await audit([{ number: 2, title: "打印机无法连接", body: "### 影响范围\n一台打印机", created: "2026-03-11T01:30:00Z", labels: [labelled("priority/P3")] }], "extends: support\nlocale: zh\n");
    expect(issueOf(data, 2).comments[0]?.body).toContain("- [ ] 故障现象与错误信息");
  });
});

describe("priority", () => {
  it("infers P0 from the text of an unprioritised report", async () => {
    const { data } = await audit([{ number: 3, title: "Checkout is down for all users", body: FULL_FORM, created: "2026-03-11T01:58:00Z" }]);
    expect(labelsOf(data, 3)).toContain("priority/P0");
  });

  it("infers the default P2 when nothing matches", async () => {
    const { data } = await audit([{ number: 4, title: "Invoice footer is misaligned", body: FULL_FORM, created: "2026-03-11T01:58:00Z" }]);
    expect(labelsOf(data, 4)).toContain("priority/P2");
  });

  it("reduces several priority labels to the highest and says so once", async () => {
    const { data } = await audit([
      { number: 5, title: "Refunds stuck", body: FULL_FORM, created: "2026-03-11T01:50:00Z", labels: [labelled("priority/P3"), labelled("priority/P1")], comments: [{ by: TEAM, association: "MEMBER", at: "2026-03-11T01:55:00Z", body: "Looking." }] },
    ]);
    expect(labelsOf(data, 5)).toEqual(["priority/P1"]);
    expect(issueOf(data, 5).comments.filter((c) => c.body.includes("several priority labels"))).toHaveLength(1);
  });

  it("never overrides a priority a person chose", async () => {
    const { data } = await audit([{ number: 6, title: "Total outage for all users", body: FULL_FORM, created: "2026-03-11T01:58:00Z", labels: [labelled("priority/P3")] }]);
    expect(labelsOf(data, 6)).toEqual(["priority/P3"]);
  });
});

describe("routing", () => {
  const rules = "extends: support\ngroups:\n  infra: [oncall-zhang, chen-jing]\ncategories:\n  network: { group: infra }\n";
  it("assigns an unassigned issue to a member of its category's group, and leaves assigned ones alone", async () => {
    const { data } = await audit(
      [
        { number: 7, title: "VPN drops", body: FULL_FORM, created: "2026-03-11T01:58:00Z", labels: [labelled("priority/P2"), labelled("category/network")] },
        { number: 8, title: "VPN slow", body: FULL_FORM, created: "2026-03-11T01:58:00Z", labels: [labelled("priority/P2"), labelled("category/network")], assignees: ["sam-ortiz"] },
      ],
      rules,
    );
    expect(["oncall-zhang", "chen-jing"]).toContain(issueOf(data, 7).issue.assignees[0]?.login);
    expect(issueOf(data, 7).issue.assignees).toHaveLength(1);
    expect(issueOf(data, 8).issue.assignees.map((a) => a.login)).toEqual(["sam-ortiz"]);
  });
});

describe("closure checklist", () => {
  const closed = (n: number, priority: string, extra: Partial<IssueSpec> = {}): IssueSpec => ({
    number: n,
    title: `Closed ${priority}`,
    body: FULL_FORM,
    created: "2026-03-10T01:00:00Z",
    state: "closed",
    closed: "2026-03-11T01:00:00Z",
    labels: [labelled(`priority/${priority}`, "2026-03-10T01:01:00Z")],
    comments: [{ by: TEAM, association: "MEMBER", at: "2026-03-10T01:05:00Z", body: "On it." }],
    ...extra,
  });

  it("reopens a P1 closed without root cause, with one comment listing what is missing", async () => {
    const { data } = await audit([closed(10, "P1")]);
    const issue = issueOf(data, 10);
    expect(issue.issue.state).toBe("open");
    const notes = issue.comments.filter((c) => c.body.includes("closure checklist is incomplete"));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain("- [ ] Root cause\n- [ ] Solution\n- [ ] Verification");
  });

  it("labels a P3 closed without the checklist instead of reopening it", async () => {
    const { data } = await audit([closed(11, "P3")]);
    expect(issueOf(data, 11).issue.state).toBe("closed");
    expect(labelsOf(data, 11)).toEqual(["closure/incomplete", "priority/P3"]);
  });

  it("accepts a closing comment with the three sections, and exempts not-planned and duplicates", async () => {
    const record = { by: TEAM, association: "MEMBER", at: "2026-03-11T00:59:00Z", body: "### Root cause\nExpired cert\n\n### Solution\nRenewed it\n\n### Verification\nReporter confirmed" };
    const { data } = await audit([
      closed(12, "P1", { comments: [record] }),
      closed(13, "P1", { stateReason: "not_planned" }),
      closed(14, "P0", { stateReason: "duplicate" }),
    ]);
    for (const n of [12, 13, 14]) {
      expect(issueOf(data, n).issue.state).toBe("closed");
      expect(labelsOf(data, n)).not.toContain("closure/incomplete");
    }
    // The closing record, and the satisfaction survey the complete closure asks for.
    expect(issueOf(data, 12).comments).toHaveLength(2);
    expect(issueOf(data, 12).comments[1]?.body).toContain("feedback/survey/cycle-1");
    for (const n of [13, 14]) expect(issueOf(data, n).comments.some((c) => c.body.includes("feedback/survey"))).toBe(false);
  });
});

describe("mentions from issue text", () => {
  it("are neutralised in what the tool writes", async () => {
    const rules = 'extends: support\nrules:\n  - name: echo\n    then: [{ comment: "Got it: {title}" }]\n';
    const { data } = await audit([{ number: 20, title: "@acme/platform-team please look", body: FULL_FORM, created: "2026-03-11T01:58:00Z", labels: [labelled("priority/P2")] }], rules);
    const echo = issueOf(data, 20).comments.find((c) => c.body.startsWith("Got it"));
    expect(echo?.body).toContain("@\u200Dacme/platform-team");
    expect(echo?.body).not.toMatch(/(^|\s)@acme\/platform-team/);
  });
});

describe("idempotence and safety", () => {
  it("a second audit of the demo snapshot changes nothing", async () => {
    const demo = JSON.parse(readFileSync(new URL("../../demo/snapshot.json", import.meta.url), "utf8")) as unknown;
    const ws = workspace(demo, {});
    const rules = new URL("../../rules/example.yml", import.meta.url).pathname;
    const first = await shepherd("audit", "--rules", rules, "--tracker", `file:${ws.snapshot}`, "--now", NOW, "--json");
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { totals: { changes: number } }).totals.changes).toBeGreaterThan(20);
    const before = readFileSync(ws.snapshot, "utf8");
    const second = await shepherd("audit", "--rules", rules, "--tracker", `file:${ws.snapshot}`, "--now", NOW, "--json");
    const report = JSON.parse(second.stdout) as { totals: { changes: number }; issues: { id: string; operations: unknown[] }[] };
    expect(report.issues.filter((i) => i.operations.length > 0)).toEqual([]);
    expect(report.totals.changes).toBe(0);
    expect(readFileSync(ws.snapshot, "utf8")).toBe(before);
  });

  it("invalid rules: every problem located, exit 2, and nothing written", async () => {
    const bad = ["extends: support", "sla:", "  warn-at: 80", "intake:", "  requir: [impact]", "calendars:", "  business: { timezone: Asia/Shangai, hours: { mon-fri: 09:00-18:00 } }", ""].join("\n");
    const ws = workspace(githubSnapshot([{ number: 1, title: "x", created: "2026-03-11T01:00:00Z" }]), { "bad.yml": bad });
    const before = readFileSync(ws.snapshot, "utf8");
    const run = await shepherd("audit", "--rules", join(ws.dir, "bad.yml"), "--tracker", `file:${ws.snapshot}`, "--now", NOW);
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n").filter((l) => /bad\.yml:\d+:\d+:/.test(l));
    expect(lines.map((l) => l.replace(/^.*bad\.yml:/, "bad.yml:").replace(/: .*$/, ""))).toEqual(["bad.yml:3:12", "bad.yml:5:3", "bad.yml:7:25"]);
    expect(readFileSync(ws.snapshot, "utf8")).toBe(before);
  });
});
