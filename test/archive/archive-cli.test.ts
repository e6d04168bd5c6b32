/**
 * `shepherd archive` as a user runs it: the CLI as a process over GitHub- and Jira-shaped
 * snapshots — the knowledge base written, a rerun that writes nothing, hand edits outside the
 * generated block kept, a case edited in the tracker updating its file and the indexes only,
 * hostile titles and text, the demo snapshot, and the errors.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { githubSnapshot, HOSTILE_ROOT_CAUSE, HOSTILE_TITLE, jiraSnapshot } from "./archive-seed.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const RULES = join(root, "rules/example.yml");
const NOW = "2026-04-01T12:00:00+08:00";

function shepherd(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, "bin/shepherd.js"), "archive", ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every file under `dir`: its text and modification time, by path inside `dir`. */
function filesOf(dir: string): Map<string, { text: string; mtime: number }> {
  const out = new Map<string, { text: string; mtime: number }>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), { text: readFileSync(p, "utf8"), mtime: statSync(p).mtimeMs });
    }
  };
  walk(dir);
  return out;
}

function setup(snapshot: string) {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-archive-"));
  writeFileSync(join(dir, "snapshot.json"), snapshot);
  const run = (...extra: string[]) => shepherd(dir, "--rules", RULES, "--tracker", "file:snapshot.json", "--out", "kb", "--now", NOW, ...extra);
  return { dir, kb: join(dir, "kb"), run };
}

const frontMatter = (text: string): Record<string, unknown> => parse(text.slice(4, text.indexOf("\n---\n", 3) + 1)) as Record<string, unknown>;

describe("shepherd archive on a GitHub snapshot", () => {
  const { dir, kb, run } = setup(githubSnapshot());
  const first = run();
  const files = filesOf(kb);
  const P1 = "cases/2026-03/payments-connection-2026-03-1.md";
  const P2 = "cases/2026-03/account-sso-2026-03-2.md";

  it("writes one file per case, the index and cases.json, and says which closures make no case", () => {
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect([...files.keys()].sort()).toEqual(["README.md", "cases.json", P2, P1, "cases/2026-03/evil-config-2026-03-5.md"].sort());
    expect(first.stdout).toContain("shepherd: 3 case(s) in");
    expect(first.stdout).toContain("acme/support#3: closed as not planned, not as completed");
    expect(first.stdout).toContain("acme/support#4: the closure checklist finds no solution, verification");
    expect(first.stdout).not.toContain("#6");

    const case1 = files.get(P1)?.text ?? "";
    expect(frontMatter(case1)).toMatchObject({
      id: "acme/support#1",
      key: "#1",
      priority: "P1",
      category: "network",
      rootCause: "The payment gateway's connection pool was exhausted, so checkout calls hit a timeout.",
      month: "2026-03",
      firstResponseBusinessMinutes: 20,
      resolutionBusinessMinutes: 180,
      slug: "payments-connection-2026-03-1",
    });
    expect(case1).toContain("\n# Checkout fails with a timeout\n");
    expect(case1).toContain("## Root cause\n\nThe payment gateway's connection pool was exhausted");
    const case2 = frontMatter(files.get(P2)?.text ?? "");
    expect(case2).toMatchObject({ rootCause: "SSO 证书过期", solution: "更新证书并加上到期监控", verification: "用户已能登录", category: "account" });

    const index = files.get("README.md")?.text ?? "";
    expect(index).toMatch(/^<!-- shepherd:begin/);
    expect(index).toContain("## By category\n\n### network (2)");
    expect(index).toContain(`- [#1 Checkout fails with a timeout](${P1}) — P1, 2026-03-02`);
    expect(index).toContain("### 2026-03 (3)");
    expect(index).toMatch(new RegExp(`\\| timeout \\| .*\\[#1\\]\\(${P1}\\)`));
    const json = JSON.parse(files.get("cases.json")?.text ?? "") as { cases: { id: string; path: string }[] };
    expect(json.cases.map((c) => [c.id, c.path.startsWith("cases/2026-03/")])).toEqual([
      ["acme/support#1", true],
      ["acme/support#2", true],
      ["acme/support#5", true],
    ]);
  });

  it("keeps a hostile title and text inside the folder, out of the front matter's keys and out of HTML", () => {
    const [path, file] = [...files].find(([p]) => p.endsWith("-5.md")) ?? ["", { text: "" }];
    expect(path).toMatch(/^cases\/2026-03\/[a-z0-9-]+\.md$/);
    expect(path.length).toBeLessThan(80);
    const text = file.text;
    const meta = frontMatter(text);
    expect(meta["id"]).toBe("acme/support#5");
    expect(meta["title"]).toBe(HOSTILE_TITLE);
    // The tracker shows no HTML comment, so the case keeps none: the marker in it is gone.
    expect(meta["rootCause"]).toBe(HOSTILE_ROOT_CAUSE.replace("<!-- shepherd:end -->", ""));
    // The front matter holds the title as written, marker and all; the page holds one block.
    const page = text.slice(text.indexOf("\n---\n", 3) + 5);
    expect(page.match(/<!-- shepherd:begin/g)).toHaveLength(1);
    expect(page.match(/<!-- shepherd:end -->/g)).toHaveLength(1);
    expect(page.endsWith("<!-- shepherd:end -->\n")).toBe(true);
    // Escaped brackets (a backslash before each) are text, not a link.
    expect(page).not.toMatch(/<script|<img|<b>|(?<!\\)\](?:\(javascript:)/);
    // The title stays one line: a heading, not a new section, front matter or the block's end.
    expect(text).toContain("\n# ../../../etc/passwd --- id: forged &lt;script>alert(1)&lt;/script> &lt;!-- shepherd:end --> \\[x\\](javascript:alert(1)) \\| cell long long");
    expect(text).toContain("&lt;img src=x onerror=alert(1)>");
    expect(filesOf(dir).size).toBe(files.size + 1);
  });

  it("writes nothing on a rerun: no file's bytes or time change", () => {
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("0 file(s) written, 5 unchanged");
    expect(filesOf(kb)).toEqual(files);
  });

  it("keeps hand edits outside the block and in the front matter's own keys, and replaces edits inside", () => {
    const path = join(kb, P1);
    const text = readFileSync(path, "utf8");
    const end = text.indexOf("<!-- shepherd:begin");
    const edited = `${text.slice(0, end).replace("---\n", "---\nreviewed-by: chen-jing\n")}Team note above.\n\n${text.slice(end).replace("## Solution", "## Solution (edited inside)")}\nNotes below: see the runbook.\n`;
    writeFileSync(path, edited);
    const indexPath = join(kb, "README.md");
    writeFileSync(indexPath, `Our knowledge base.\n\n${readFileSync(indexPath, "utf8")}\nMaintained by support.\n`);
    const rerun = run();
    expect(rerun.status).toBe(0);
    const after = readFileSync(path, "utf8");
    expect(after).toContain("Team note above.\n\n<!-- shepherd:begin");
    expect(after).toContain("<!-- shepherd:end -->\n\nNotes below: see the runbook.\n");
    expect(after).not.toContain("(edited inside)");
    expect(frontMatter(after)["reviewed-by"]).toBe("chen-jing");
    expect(readFileSync(indexPath, "utf8")).toMatch(/^Our knowledge base\.\n\n<!-- shepherd:begin[^]*<!-- shepherd:end -->\n\nMaintained by support\.\n$/);
    expect(run().stdout).toContain("0 file(s) written");
  });

  it("updates just the edited case's file and the indexes when a root cause changes in the tracker", () => {
    const before = filesOf(kb);
    writeFileSync(join(dir, "snapshot.json"), githubSnapshot("A DNS record of the payment gateway expired; lookups failed with a timeout."));
    const changed = run();
    expect(changed.status).toBe(0);
    const after = filesOf(kb);
    const rewritten = [...after].filter(([p, f]) => before.get(p)?.mtime !== f.mtime || before.get(p)?.text !== f.text).map(([p]) => p);
    expect(rewritten.sort()).toEqual(["README.md", "cases.json", P1]);
    // Filed once: the keywords changed (dns), the file did not move.
    const meta = frontMatter(after.get(P1)?.text ?? "");
    expect(meta["rootCause"]).toBe("A DNS record of the payment gateway expired; lookups failed with a timeout.");
    expect(meta["keywords"]).toContain("dns");
    expect(meta["slug"]).toBe("payments-connection-2026-03-1");
    expect(after.get(P1)?.text).toContain("Notes below: see the runbook.");
  });

  it("takes a case that is open again out of the index and cases.json, and leaves its file", () => {
    const snapshot = JSON.parse(githubSnapshot()) as { issues: { issue: { number: number; state: string; state_reason: string | null; closed_at: string | null } }[] };
    const two = snapshot.issues.find((e) => e.issue.number === 2);
    if (two) Object.assign(two.issue, { state: "open", state_reason: "reopened", closed_at: null });
    writeFileSync(join(dir, "snapshot.json"), JSON.stringify(snapshot));
    const reopened = run();
    expect(reopened.status).toBe(0);
    expect(reopened.stderr).toContain(`acme/support#2 is no longer a case (still open): taken out of the index; its file ${P2} is left as it is`);
    expect(readFileSync(join(kb, "README.md"), "utf8")).not.toContain(P2);
    expect(readFileSync(join(kb, P2), "utf8")).toContain("SSO 证书过期");
  });
});

describe("shepherd archive on a Jira snapshot", () => {
  it("keeps the case of the Jira fields, and says why the other makes none", () => {
    const { kb, run } = setup(jiraSnapshot());
    const result = run();
    expect(result.stderr).not.toMatch(/error|could not/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("SUP-2: the closure checklist finds no solution");
    const files = filesOf(kb);
    const path = "cases/2026-03/payments-callback-2026-03-sup-1.md";
    expect(frontMatter(files.get(path)?.text ?? "")).toMatchObject({ id: "SUP-1", key: "SUP-1", priority: "P1", rootCause: "支付网关回调超时，重试队列堵塞", solution: "扩容重试队列" });
    expect(files.get("README.md")?.text).toContain(`| payments | [SUP-1](${path}) |`);
    expect(run().stdout).toContain("0 file(s) written");
  });
});

describe("shepherd archive on the demo snapshot", () => {
  it("writes the demo's knowledge base, and nothing on a rerun", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-archive-demo-"));
    const args = ["--rules", join(root, "rules/example.yml"), "--tracker", `file:${join(root, "demo/snapshot.json")}`, "--out", "kb", "--now", "2026-03-11T10:00:00+08:00"];
    const result = shepherd(dir, ...args);
    expect(result.status).toBe(0);
    const files = filesOf(join(dir, "kb"));
    expect([...files.keys()].filter((p) => p.startsWith("cases/")).length).toBeGreaterThanOrEqual(3);
    expect(files.get("README.md")?.text).toContain("## By keyword");
    shepherd(dir, ...args);
    expect(filesOf(join(dir, "kb"))).toEqual(files);
  });
});

describe("shepherd archive errors", () => {
  it.each<[string, string[], RegExp]>([
    ["no --out", [], /^shepherd: missing --out: expected the folder to write the knowledge base to, e\.g\. --out docs\/cases\n$/],
    ["a bad --since", ["--out", "kb", "--since", "last week"], /^shepherd: --since: expected a date as YYYY-MM-DD .* found "last week"\n$/],
    ["a positional", ["--out", "kb", "extra"], /^shepherd: archive: expected only options .* found "extra"\n$/],
  ])("exits 2 on %s", (_name, extra, message) => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-archive-usage-"));
    writeFileSync(join(dir, "snapshot.json"), githubSnapshot());
    const result = shepherd(dir, "--rules", RULES, "--tracker", "file:snapshot.json", "--now", NOW, ...extra);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
  });

  it("exits 2, writing nothing, when cases.json is not the archive's", () => {
    const { kb, run } = setup(githubSnapshot());
    mkdirSync(kb);
    writeFileSync(join(kb, "cases.json"), JSON.stringify({ cases: [{ id: "x", path: "../../etc/passwd" }] }));
    const result = run();
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^shepherd: .*\/kb\/cases\.json: at \$\.cases\[0\]\.key: .*restore it from version control, or delete it to file every case afresh\.\n$/);
    expect(readdirSync(kb)).toEqual(["cases.json"]);
  });

  it("exits 1 and names the file when a case cannot be written, writing the others", () => {
    const { kb, run } = setup(githubSnapshot());
    mkdirSync(join(kb, "cases"), { recursive: true });
    writeFileSync(join(kb, "cases", "2026-03"), "a file where the month's folder goes");
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/shepherd: could not write .*kb\/cases\/2026-03\/payments-connection-2026-03-1\.md \(.*\); check the folder's permissions and free space — the next run writes it again/);
    expect(readdirSync(kb).sort()).toEqual(["README.md", "cases", "cases.json"]);
  });
});
