/**
 * The first-run summary as a user reads it: `shepherd plan` and `shepherd audit --dry-run` (the
 * real command in a child process) on the demo snapshot, with a scope that leaves part of it out:
 * how many issues would get which change, the comments by kind of notice, three examples each,
 * and the issues outside the scope; on --json, the same as a `summary` object.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { summariseRun } from "../../src/audit/summarise-run.ts";
import type { IssueReport } from "../../src/audit/run-audit.ts";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const snapshot = fileURLToPath(new URL("../../demo/snapshot.json", import.meta.url));
const example = fileURLToPath(new URL("../../rules/example.yml", import.meta.url));
const NOW = "2026-03-11T10:00:00+08:00";
const dir = mkdtempSync(join(tmpdir(), "shepherd-summary-"));

function shepherd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

function rules(scope: string): string {
  const path = join(dir, `rules-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, `extends: ${relative(dir, example)}\nscope: ${scope}\n`);
  return path;
}

/** The summary's lines of a text report. */
const summaryOf = (stdout: string): string => {
  const from = stdout.indexOf("Summary of what this run would write");
  const lines = stdout.slice(from).split("\n");
  const end = lines.findIndex((l, i) => i > 0 && !l.startsWith("  "));
  return lines.slice(0, end).join("\n");
};

describe("the first-run summary", () => {
  it("plan: by kind of change and of notice, three examples each, and who is outside the scope", async () => {
    const path = rules("{ since: 2026-03-11, outside: quiet }");
    const before = readFileSync(snapshot, "utf8");
    const run = await shepherd(["plan", "--rules", path, "--tracker", `file:${snapshot}`, "--now", NOW]);
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchInlineSnapshot(`
      "Summary of what this run would write (nothing is written on a dry run)
        18 of 30 issue(s) would change; 16 outside the scope: 0 left alone, 16 quiet (labels and priority only).
        new comment            10 issue(s)
        labels added            7 issue(s): needs-info 5, closure/incomplete 1, sla/breached 1
            acme/pay-support#118  Visa cards declined since yesterday evening  → + label needs-info
            acme/pay-support#121  商户后台导出对账单一直转圈  → + label needs-info
            acme/pay-support#122  [Support]: charge.succeeded webhook delivered 6…  → + label needs-info
        labels removed          4 issue(s): needs-info 1, priority/P0 1, priority/P3 1, sla/breached 1
            acme/pay-support#108  Refund API returns 409 conflict for partially c…  → - label needs-info
            acme/pay-support#109  沙箱环境如何模拟支付失败的异步通知？  → - label priority/P0
            acme/pay-support#110  Merchant dashboard shows duplicate settlement e…  → - label sla/breached
        priority set           10 issue(s)
            acme/pay-support#114  [支持]: Webhook 签名校验失败：invalid signature  → ★ priority P2
            acme/pay-support#117  Invoice PDF renders blank totals for multi-curr…  → ★ priority P2
            acme/pay-support#118  Visa cards declined since yesterday evening  → ★ priority P2
        assigned                3 issue(s)
            acme/pay-support#122  [Support]: charge.succeeded webhook delivered 6…  → + assign oncall-zhang
            acme/pay-support#123  子账号登录后提示「无权限访问」  → + assign sam-ortiz
            acme/pay-support#130  TLS handshake failures calling api.acmepay.exam…  → + assign chen-jing
        reopened                1 issue(s)
            acme/pay-support#119  Payment terminals in Hangzhou stores offline — …  → ↺ reopen
        channel notices         2 issue(s) (4 in all)
            acme/pay-support#124  Checkout down for all users  → → notify oncall-pager: P0 breached — first response 15m, 25m over — acme/pay-support#124: Checkout down for all users
            acme/pay-support#119  Payment terminals in Hangzhou stores offline — …  → → notify oncall-pager: P1 has no root cause 30m after the first response — acme/pay-support#119: Payment terminals in Hangzhou stores offline — VPN tunnel down
        Notices in those comments
        missing information     5 issue(s)
            acme/pay-support#118  Visa cards declined since yesterday evening  → Thanks for the report. To work on it we still need:
            acme/pay-support#121  商户后台导出对账单一直转圈  → Thanks for the report. To work on it we still need:
            acme/pay-support#122  [Support]: charge.succeeded webhook delivered 6…  → Thanks for the report. To work on it we still need:
        SLA breach              1 issue(s) (2 in all)
            acme/pay-support#124  Checkout down for all users  → SLA breached: first response for P0 — target 15m, overdue by 25m (business time, 24x7).
        escalation              2 issue(s)
            acme/pay-support#124  Checkout down for all users  → Escalation level 1: first response is breached for this P0 issue (25m over the 15m target…
            acme/pay-support#119  Payment terminals in Hangzhou stores offline — …  → Escalation level 1: no root cause noted within 30m of the first response on this P1 issue…
        closure checklist       1 issue(s)
            acme/pay-support#119  Payment terminals in Hangzhou stores offline — …  → This issue was closed as completed, but the closure checklist is incomplete. Still missin…
        priority labels         3 issue(s)
            acme/pay-support#120  扫码支付大面积失败，支付宝渠道疑似宕机  → Impact and urgency not chosen; the words "宕机" + "API" in the report → P0. Choose Impact a…
            acme/pay-support#125  Refunds stuck in 'processing' for UnionPay cards  → This issue carried several priority labels (priority/P1, priority/P3); kept P1 (the one a…
            acme/pay-support#129  Android SDK 5.2.0: all users get 'Unable to add…  → Impact and urgency not chosen; the words "all users" + "Unable" in the report → P0. Choos…"
    `);
    // A plan writes nothing, to a snapshot as to a live tracker.
    expect(readFileSync(snapshot, "utf8")).toBe(before);
  });

  it("audit --dry-run --json: the same summary as an object, and the totals count the issues outside", async () => {
    const path = rules("{ since: 2026-03-11, exclude-labels: [question] }");
    const before = readFileSync(snapshot, "utf8");
    const run = await shepherd(["audit", "--dry-run", "--json", "--rules", path, "--tracker", `file:${snapshot}`, "--now", NOW]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { issues: { scope?: string; operations: unknown[] }[]; totals: { outside: { ignored: number; quiet: number } }; summary: ReturnType<typeof summariseRun> };
    const ignored = report.issues.filter((i) => i.scope === "ignored");
    expect(ignored.length).toBeGreaterThan(0);
    expect(ignored.every((i) => i.operations.length === 0)).toBe(true);
    expect(report.totals.outside).toEqual({ ignored: ignored.length, quiet: 0 });
    expect(report.summary.outside).toEqual({ ignored: ignored.length, quiet: 0 });
    expect(report.summary.changed).toBe(report.issues.filter((i) => i.operations.length > 0).length);
    for (const line of [...report.summary.changes, ...report.summary.notices]) {
      expect(line.examples.length).toBe(Math.min(3, line.issues));
      for (const e of line.examples) expect(Object.keys(e).sort()).toEqual(expect.arrayContaining(["change", "id", "title"]));
    }
    expect(readFileSync(snapshot, "utf8")).toBe(before);
  });
});

describe("summariseRun", () => {
  const issue = (id: string, operations: IssueReport["operations"], scope?: "ignored" | "quiet"): IssueReport => ({
    id,
    title: `Title ${id}`,
    state: "open",
    priority: "P2",
    priorityInferred: false,
    clocks: [],
    operations,
    ...(scope ? { scope } : {}),
  });
  const planned = (operation: IssueReport["operations"][number]["operation"]) => ({ operation, status: "planned" as const });

  it("counts a digest comment under each notice it carries, with that notice's own text", () => {
    const digest = {
      kind: "comment" as const,
      key: "intake/missing",
      keys: ["intake/missing", "sla-breach/first-response/cycle-1", "escalation/cycle-1/level-1"],
      parts: [
        { key: "intake/missing", body: "**Thanks** for the report.", mentions: [], rule: "intake", reason: "r" },
        { key: "sla-breach/first-response/cycle-1", body: "SLA breached: first response", mentions: [], rule: "sla", reason: "r" },
        { key: "escalation/cycle-1/level-1", body: "<!-- x -->\nEscalation level 1", mentions: [], rule: "escalation", reason: "r" },
      ],
      body: "all of it",
      mentions: [],
      rule: "digest",
      reason: "r",
    };
    const summary = summariseRun([
      issue("a#1", [planned(digest), planned({ kind: "add-labels", labels: ["needs-info", "sla/breached"], rule: "x", reason: "r" })]),
      issue("a#2", [planned({ kind: "add-labels", labels: ["needs-info"], rule: "x", reason: "r" })], "quiet"),
      issue("a#3", [], "ignored"),
      issue("a#4", []),
    ]);
    expect(summary).toMatchObject({ issues: 4, changed: 2, outside: { ignored: 1, quiet: 1 } });
    expect(summary.changes.map((l) => [l.kind, l.issues, l.labels])).toEqual([
      ["comment", 1, undefined],
      ["add-labels", 2, { "needs-info": 2, "sla/breached": 1 }],
    ]);
    expect(summary.notices.map((l) => [l.kind, l.examples[0]?.change])).toEqual([
      ["intake", "Thanks for the report."],
      ["breach", "SLA breached: first response"],
      ["escalation", "Escalation level 1"],
    ]);
  });
});
