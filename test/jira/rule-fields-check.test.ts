/**
 * A rule field mapped to a Jira field the site does not have would read as missing on every
 * issue (and label complete issues needs-info). It is an error before anything is read: at the
 * start of `shepherd serve` and of a Jira audit, plan or explain (exit 2, where the rules give
 * the name, the closest names on the site); and on a Jira snapshot that lists the site's fields.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { unknownJiraFields } from "../../src/jira/field-catalog.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { FIELDS, supportIssue, USERS } from "../fakes/jira/seed.ts";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const jiraRules = readFileSync(new URL("../fakes/jira/rules.yml", import.meta.url), "utf8");
// The fake site's people and groups, then one field mapped to a name the site does not have.
const TYPO = `${jiraRules}fields:\n  impact: { jira: { field: Impakt } }\n`;

let fake: FakeJira | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-fields-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const env = (url: string) => ({ PATH: process.env.PATH ?? "", NO_COLOR: "1", JIRA_BASE_URL: url, JIRA_EMAIL: USERS.bot.emailAddress, JIRA_API_TOKEN: "test-api-token" });

function run(args: string[], environment: Record<string, string>, dir: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: environment });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replaceAll(dir, "<tmp>") };
}

describe("the rules' Jira field names, checked against the site", () => {
  it("names each unknown field with where the rules give it and the closest names on the site", () => {
    const { rules } = load(lines("extends: support", "fields:", "  impact: { jira: { field: Impakt } }", "  steps: { jira: { field: [Steps to reproduce, repro steps] } }", "  symptom: { jira: { field: description } }"));
    if (!rules) throw new Error("rules expected");
    const site = FIELDS.map((f) => ({ id: f.id, name: f.name, key: f.id }));
    expect(unknownJiraFields(rules, site)).toMatchInlineSnapshot(`
      {
        "errors": [
          "rules.yml:3:28: fields.impact.jira.field: expected a field the Jira site has (its name or id, like customfield_10050), found "Impakt" — did you mean "Impact"? (closest on the site: Impact, Summary, Labels)",
          "rules.yml:4:48: fields.steps.jira.field[1]: expected a field the Jira site has (its name or id, like customfield_10050), found "repro steps"; closest on the site: Reporter, Resolution, Priority",
        ],
        "warnings": [],
      }
    `);
    // Names as Jira shows them, and ids, are fine; so is the preset on the fake site.
    const preset = load(lines("extends: support")).rules;
    if (!preset) throw new Error("rules expected");
    expect(unknownJiraFields(preset, site)).toEqual({ errors: [], warnings: [] });
  });

  it("a name only the preset gives is a warning: a site need not have every field the preset knows", () => {
    const preset = load(lines("extends: support")).rules;
    if (!preset) throw new Error("rules expected");
    const site = FIELDS.filter((f) => f.name !== "Impact").map((f) => ({ id: f.id, name: f.name }));
    const found = unknownJiraFields(preset, site);
    expect(found.errors).toEqual([]);
    expect(found.warnings.map((w) => w.replace(/^presets\/support\.yml:\d+:\d+/, "presets/support.yml:…"))).toMatchInlineSnapshot(`
      [
        "presets/support.yml:…: fields.impact.jira.field: expected a field the Jira site has (its name or id, like customfield_10050), found "Impact"; closest on the site: Summary, Labels, Status. The preset maps it: the answer is read from headings in the description only; map fields.impact.jira.field in your file to the site's field",
      ]
    `);
  });

  it("a Jira audit with a field the site does not have exits 2 before reading or writing an issue", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "OPS-1", id: "10001" })] });
    const dir = workspace({ "shepherd.yml": TYPO });
    const before = fake.requests.length;
    const result = await new Promise<ReturnType<typeof run>>((resolve) => {
      const child = spawn(process.execPath, [bin, "audit", "--rules", join(dir, "shepherd.yml"), "--tracker", "jira", "--jql", "project = OPS"], { env: env(fake?.url ?? "") });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.once("exit", (code) => resolve({ code, stdout, stderr: stderr.replaceAll(dir, "<tmp>").replaceAll(fake?.url ?? "", "<jira>") }));
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "shepherd: the rules name a Jira field that the Jira site <jira> does not have, so it would read as missing on every issue; nothing was read or written. Write the field's name as Jira shows it, or its id:
      <tmp>/shepherd.yml:12:28: fields.impact.jira.field: expected a field the Jira site has (its name or id, like customfield_10050), found "Impakt" — did you mean "Impact"? (closest on the site: Impact, Summary, Labels)
      "
    `);
    const made = fake.requests.slice(before).map((r) => r.operationId);
    expect(made).not.toContain("searchAndReconsileIssuesUsingJqlPost");
    expect(made.filter((id) => id !== undefined && /search|getIssue/i.test(id))).toEqual([]);
    expect(fake.writes()).toEqual([]);
  });

  it("the same rules with the site's names plan the audit (exit 0)", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "OPS-1", id: "10001" })] });
    const dir = workspace({ "shepherd.yml": jiraRules });
    const result = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, "plan", "--rules", join(dir, "shepherd.yml"), "--tracker", "jira", "--jql", "project = OPS", "--now", "2026-03-10T09:00:00Z"], {
        env: env(fake?.url ?? ""),
        stdio: "ignore",
      });
      child.once("exit", resolve);
    });
    expect(result).toBe(0);
  });

  it("shepherd serve refuses to start: exit 2 and the field, before it listens", async () => {
    fake = await startFakeJira();
    const dir = workspace({ "shepherd.yml": TYPO });
    const child = spawn(process.execPath, [bin, "serve", "--rules", join(dir, "shepherd.yml"), "--port", "0", "--host", "127.0.0.1"], {
      env: { ...env(fake.url), JIRA_WEBHOOK_SECRET: "s3cret-value" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stdout).not.toContain("server.ready");
    expect(stderr.replaceAll(dir, "<tmp>").replaceAll(fake.url, "<jira>")).toMatchInlineSnapshot(`
      "shepherd serve: the rules name a Jira field that <jira> does not have, so it would read as missing on every issue; nothing was read or written. Write the field's name as Jira shows it, or its id:
      <tmp>/shepherd.yml:12:28: fields.impact.jira.field: expected a field the Jira site has (its name or id, like customfield_10050), found "Impakt" — did you mean "Impact"? (closest on the site: Impact, Summary, Labels)
      "
    `);
  });

  it("a Jira snapshot that lists the site's fields is checked the same way; fields its issues carry count as the site's", () => {
    const snapshot = JSON.parse(readFileSync(new URL("../fixtures/snapshots/jira-small.json", import.meta.url), "utf8")) as Record<string, unknown>;
    const rules = [
      "bot: { logins: [\"557058:shepherd-app\"] }",
      "priority: { levels: { P1: { jira: High } } }",
      "fields:",
      "  cause: { jira: { field: Root cause } }",
      "  env: { jira: { field: [Enviroment, description] } }",
      "intake: { require: [cause, env] }",
      "",
    ].join("\n");
    const dir = workspace({ "snapshot.json": JSON.stringify(snapshot), "shepherd.yml": rules });
    const bad = run(["audit", "--rules", join(dir, "shepherd.yml"), "--tracker", `file:${join(dir, "snapshot.json")}`, "--now", "2026-03-10T09:00:00Z"], { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatchInlineSnapshot(`
      "shepherd: the rules name a Jira field that the snapshot <tmp>/snapshot.json does not have, so it would read as missing on every issue; nothing was read or written. Write the field's name as Jira shows it, or its id:
      <tmp>/shepherd.yml:5:26: fields.env.jira.field[0]: expected a field the Jira site has (its name or id, like customfield_10050), found "Enviroment" — did you mean "Environment"? (closest on the site: Environment, Summary, Root cause)
      "
    `);
    expect(readFileSync(join(dir, "snapshot.json"), "utf8")).toBe(JSON.stringify(snapshot));
    writeFileSync(join(dir, "shepherd.yml"), rules.replace("Enviroment", "Environment"));
    const good = run(["plan", "--rules", join(dir, "shepherd.yml"), "--tracker", `file:${join(dir, "snapshot.json")}`, "--now", "2026-03-10T09:00:00Z"], { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, dir);
    expect(good.stderr).toBe("");
    expect(good.code).toBe(0);
  });
});
