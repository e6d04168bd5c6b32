/**
 * `shepherd report` on Jira-shaped issues (a `--tracker file:` snapshot of Jira REST v3 issues
 * with their changelog and comments), as a process: the native priority picks the level, a
 * status change into Done closes, and the answer is worked out by hand.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Review } from "../../src/report/review.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const AGENT = { accountId: "5d53f3cbc6b9320d9ea5bdc2", displayName: "Ravi Nair", accountType: "atlassian" };
const REPORTER = { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "Mia Krystof", accountType: "atlassian" };
const adf = (text: string) => ({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const status = (name: string, key: "indeterminate" | "done") => ({ name, id: key === "done" ? "10002" : "3", statusCategory: { key } });

function jiraIssue(n: number, priority: string, created: string, answered: string, done?: string) {
  return {
    id: String(10_000 + n),
    key: `SUP-${n}`,
    fields: {
      summary: `Export fails ${n}`,
      description: adf("Export fails with 502"),
      labels: [],
      issuetype: { name: "Bug" },
      priority: { name: priority },
      status: done === undefined ? status("In Progress", "indeterminate") : status("Done", "done"),
      reporter: REPORTER,
      creator: REPORTER,
      assignee: AGENT,
      created: `${created}:00.000+0800`,
      updated: `${done ?? answered}:00.000+0800`,
      resolution: done === undefined ? null : { name: "Done" },
      resolutiondate: done === undefined ? null : `${done}:00.000+0800`,
      comment: { comments: [{ id: String(20_000 + n), author: AGENT, body: adf("Looking into it."), created: `${answered}:00.000+0800`, updated: `${answered}:00.000+0800`, jsdPublic: true }] },
    },
    changelog: {
      histories:
        done === undefined
          ? []
          : [{ id: String(30_000 + n), author: AGENT, created: `${done}:00.000+0800`, items: [{ field: "status", fieldId: "status", fromString: "In Progress", toString: "Done" }, { field: "resolution", fieldId: "resolution", fromString: null, toString: "Done" }] }],
    },
  };
}

describe("shepherd report on Jira issues", () => {
  it("counts the clocks of Jira issues as worked out by hand", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-report-jira-"));
    writeFileSync(join(dir, "rules.yml"), `extends: support\ncalendars: { business: { timezone: Asia/Shanghai, hours: { mon-fri: ["09:00-12:00", "13:00-18:00"] } } }\nteam: { people: ["${AGENT.accountId}"] }\n`);
    const issues = [
      // Medium is P2: answered after 90 business minutes, done the next morning after 480.
      jiraIssue(1, "Medium", "2026-03-02T10:00", "2026-03-02T11:30", "2026-03-03T10:00"),
      // Answered after 300 business minutes: over the 4 h target.
      jiraIssue(2, "Medium", "2026-03-02T10:00", "2026-03-02T16:00"),
      // High is P1, on 24x7: answered after 45 minutes, over its 30.
      jiraIssue(3, "High", "2026-03-04T09:00", "2026-03-04T09:45"),
    ];
    writeFileSync(join(dir, "snapshot.json"), JSON.stringify({ tracker: "jira", issues }));
    const run = spawnSync(
      process.execPath,
      [join(root, "bin/shepherd.js"), "report", "--rules", "rules.yml", "--tracker", "file:snapshot.json", "--from", "2026-03-01", "--to", "2026-03-31", "--now", "2026-04-01T12:00:00+08:00", "--format", "json"],
      { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as Review;
    const clock = (name: string, priority: string) => r.clocks.find((c) => c.clock === name && c.priority === priority);
    expect(r.issues).toEqual({ created: 3, closed: 1, open: 2, reopened: 0 });
    expect(clock("first-response", "P2")).toEqual({ clock: "first-response", priority: "P2", count: 2, met: 1, breached: 1, metRate: 0.5, medianBusinessMinutes: 195, p90BusinessMinutes: 300, medianWallMinutes: 225, p90WallMinutes: 360 });
    expect(clock("first-response", "P1")).toMatchObject({ count: 1, met: 0, breached: 1, medianBusinessMinutes: 45 });
    expect(clock("resolution", "P2")).toMatchObject({ count: 1, met: 1, medianBusinessMinutes: 480 });
    expect(r.byAssignee).toEqual([{ assignee: AGENT.accountId, count: 4, breached: 2, breachRate: 0.5 }]);
  });
});
