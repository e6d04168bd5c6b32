/**
 * What `shepherd` says when what it was given is wrong: exit 2, one line that says what was
 * expected and what was found, and nothing read or written.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubSnapshot, shepherd, workspace } from "../e2e/github-snapshot.ts";

const NOW = "2026-03-11T10:00:00+08:00";

function setUp() {
  return workspace(
    githubSnapshot([
      { number: 1, title: "Terminals offline", created: "2026-03-11T01:30:00Z" },
      { number: 2, title: "Opened at 10:30", created: "2026-03-11T02:30:00Z" },
    ]),
    { "shepherd.yml": "extends: support\ncalendars: { business: { timezone: Asia/Shanghai } }\n" },
  );
}

const args = (ws: { dir: string; snapshot: string }) => ["--rules", join(ws.dir, "shepherd.yml"), "--tracker", `file:${ws.snapshot}`];
/** stderr with the temporary folder replaced, for stable snapshots. */
const clean = (text: string, dir: string) => text.replaceAll(dir, "<tmp>");

describe("--report", () => {
  it("a report folder that does not exist is a usage error before anything is read or written", async () => {
    const ws = setUp();
    const before = readFileSync(ws.snapshot, "utf8");
    const run = await shepherd("audit", ...args(ws), "--now", NOW, "--report", join(ws.dir, "missing", "x.json"));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(clean(run.stderr, ws.dir)).toMatchInlineSnapshot(`
      "shepherd: --report <tmp>/missing/x.json: expected an existing folder <tmp>/missing, found none; create it first or choose another path
      "
    `);
    expect(readFileSync(ws.snapshot, "utf8")).toBe(before);
  });

  it("a folder given as the report is a usage error", async () => {
    const ws = setUp();
    const run = await shepherd("plan", ...args(ws), "--now", NOW, "--report", ws.dir);
    expect(run.code).toBe(2);
    expect(clean(run.stderr, ws.dir)).toMatchInlineSnapshot(`
      "shepherd: --report <tmp>: expected a file name, found a folder at <tmp>; add a file name such as <tmp>/report.json
      "
    `);
  });

  it.runIf(process.platform === "linux")("a report that cannot be written at the end is said plainly (exit 1), after the report is printed", async () => {
    const ws = setUp();
    const run = await shepherd("audit", ...args(ws), "--now", NOW, "--report", "/dev/full");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("change(s) applied");
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr).toMatch(/^shepherd: could not write the report to \/dev\/full \(ENOSPC[^)]*\)\. The \d+ change\(s\) listed above were applied; the output above is the report\. Check the path and the free space before the next run\.\n$/);
  });

  it("is written when it can be", async () => {
    const ws = setUp();
    const run = await shepherd("plan", ...args(ws), "--now", NOW, "--report", join(ws.dir, "report.json"));
    expect(run.code).toBe(0);
    expect((JSON.parse(readFileSync(join(ws.dir, "report.json"), "utf8")) as { totals: { issues: number } }).totals.issues).toBe(1);
  });
});

describe("--now", () => {
  it.each([
    ["2026-02-30T10:00:00Z"],
    ["2026-13-01T10:00:00Z"],
    ["2026-03-11T24:30:00+08:00"],
    ["2026-03-11T10:60:00+08:00"],
    ["2026-03-11T10:00:00"],
    ["yesterday"],
  ])("rejects %s", async (now) => {
    const ws = setUp();
    const run = await shepherd("plan", ...args(ws), "--now", now);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `shepherd: --now: expected a real date and time with a zone, like 2026-03-11T10:00:00+08:00 or 2026-03-11T02:00:00Z, found "${now}"\n`,
    );
  });

  it.each([
    ["2026-03-11T10:00:00+08:00", "2026-03-11T02:00:00.000Z"],
    ["2026-03-11T10:00+0800", "2026-03-11T02:00:00.000Z"],
    ["2028-02-29T23:59:59.5Z", "2028-02-29T23:59:59.500Z"],
    ["2026-03-11T02:00:00-05:30", "2026-03-11T07:30:00.000Z"],
  ])("accepts %s", async (now, iso) => {
    const ws = setUp();
    const run = await shepherd("plan", ...args(ws), "--now", now, "--json");
    expect(run.stderr).toBe("");
    expect((JSON.parse(run.stdout) as { now: string }).now).toBe(iso);
  });
});

describe("what the user named is not there", () => {
  it("a missing snapshot file: exit 2", async () => {
    const ws = setUp();
    const run = await shepherd("plan", "--rules", join(ws.dir, "shepherd.yml"), "--tracker", `file:${join(ws.dir, "nope.json")}`, "--now", NOW);
    expect(run.code).toBe(2);
    expect(clean(run.stderr, ws.dir)).toMatchInlineSnapshot(`
      "shepherd: --tracker file:<tmp>/nope.json: expected a snapshot file at <tmp>/nope.json, found no such file; check the path
      "
    `);
  });

  it("an issue that does not exist: exit 2", async () => {
    const ws = setUp();
    const run = await shepherd("explain", ...args(ws), "--now", NOW, "999");
    expect(run.code).toBe(2);
    expect(clean(run.stderr, ws.dir)).toMatchInlineSnapshot(`
      "shepherd: issue 999: expected an issue of <tmp>/snapshot.json, found none (<tmp>/snapshot.json: no issue 999); check the number or key (12, #12, owner/repo#12 or PROJ-12)
      "
    `);
  });
});

describe("issues created after --now", () => {
  it("are left out of plans and audits: they do not exist yet at that instant", async () => {
    const ws = setUp();
    const before = readFileSync(ws.snapshot, "utf8");
    const plan = await shepherd("plan", ...args(ws), "--now", NOW, "--json");
    expect((JSON.parse(plan.stdout) as { issues: { id: string }[] }).issues.map((i) => i.id)).toEqual(["acme/support#1"]);
    const audit = await shepherd("audit", ...args(ws), "--now", NOW, "--json");
    expect(audit.code).toBe(0);
    expect((JSON.parse(audit.stdout) as { issues: { id: string }[] }).issues.map((i) => i.id)).toEqual(["acme/support#1"]);
    const after = JSON.parse(readFileSync(ws.snapshot, "utf8")) as { issues: unknown[] };
    expect(after.issues[1]).toEqual((JSON.parse(before) as { issues: unknown[] }).issues[1]);
  });

  it("named in plan or explain: exit 2, saying it was created after --now", async () => {
    const ws = setUp();
    for (const command of ["plan", "explain"]) {
      const run = await shepherd(command, ...args(ws), "--now", NOW, "2");
      expect(run.code).toBe(2);
      expect(run.stderr).toMatchInlineSnapshot(`
        "shepherd: acme/support#2 was created after --now (created 2026-03-11 10:30 +08:00, --now 2026-03-11 10:00 +08:00): it did not exist yet at that instant; pass a later --now, or leave it out
        "
      `);
    }
  });
});
