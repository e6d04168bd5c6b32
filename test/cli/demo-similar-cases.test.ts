/**
 * The demo's similar past case, as a user meets it: `shepherd audit` (a process, this Node 24) on
 * a copy of the demo snapshot offers #131 — a repeat of the printer problem solved in #104 — that
 * case with its root cause and solution, in #131's one comment beside the missing information; no
 * other report is offered one; a rerun writes nothing. The dry run shows the offer in its plan.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const NOW = "2026-03-11T10:00:00+08:00";

function shepherd(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [join(root, "bin/shepherd.js"), ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

interface Entry {
  issue: { number: number };
  comments?: { user?: { login?: string }; body?: string }[];
}

describe("the demo's similar past case", () => {
  it("the dry run plans it for #131 alone", () => {
    const run = shepherd("audit", "--rules", "rules/example.yml", "--tracker", "file:demo/snapshot.json", "--now", NOW, "--dry-run");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/similar past cases\s+1 issue\(s\)\n\s+acme\/pay-support#131 /);
    expect(run.stdout).toMatch(/\+ comment \[intake\/missing intake\/similar-cases\/[0-9a-f]{8}\].*similar solved cases: #104\n/);
  });

  it("the audit offers #104 with its root cause in #131's one comment; a rerun writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-demo-similar-"));
    const file = join(dir, "snapshot.json");
    copyFileSync(join(root, "demo/snapshot.json"), file);
    const first = shepherd("audit", "--rules", "rules/example.yml", "--tracker", `file:${file}`, "--now", NOW);
    expect(first.status, first.stderr).toBe(0);
    const after = readFileSync(file, "utf8");
    const entries = (JSON.parse(after) as { issues: Entry[] }).issues;
    const own = (n: number) => (entries.find((e) => e.issue.number === n)?.comments ?? []).filter((c) => c.user?.login === "shepherd-bot" && c.body?.includes("intake/similar-cases/") === true);
    const [comment, ...more] = own(131);
    expect(more).toEqual([]);
    expect(comment?.body).toContain("To work on it we still need:\n\n- [ ] Environment");
    expect(comment?.body).toContain("[Receipt printer (Acme P58) cuts paper in the middle of the receipt after firmware 2.3.0](https://github.com/acme/pay-support/issues/104) (#104)");
    expect(comment?.body).toContain("Root cause: firmware 2.3.0 set the default auto-cut to 32 lines for 58 mm paper (it should be off)");
    expect(comment?.body).toContain("Solution: firmware 2.3.1 restores the old default");
    expect(entries.filter((e) => e.issue.number !== 131 && own(e.issue.number).length > 0).map((e) => e.issue.number)).toEqual([]);

    const again = shepherd("audit", "--rules", "rules/example.yml", "--tracker", `file:${file}`, "--now", NOW);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 change\(s\) applied/);
    expect(readFileSync(file, "utf8")).toBe(after);
  });
});
