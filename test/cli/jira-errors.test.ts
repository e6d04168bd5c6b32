/**
 * What `shepherd audit --tracker jira` and `shepherd serve` say when Jira refuses them (the real
 * command in a child process, against the fake Jira): a query Jira cannot parse, and credentials
 * it does not accept.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const rules = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));
const TOKEN = "test-api-token";
let fake: FakeJira | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function shepherd(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const jiraEnv = (url: string, token = TOKEN) => ({ JIRA_BASE_URL: url, JIRA_EMAIL: USERS.bot.emailAddress, JIRA_API_TOKEN: token });

describe("a JQL query Jira refuses", () => {
  it("is named as the user's --jql, quoted, with Jira's position counted in it, exit 2", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "10001" })] });
    const run = await shepherd(["audit", "--rules", rules, "--tracker", "jira", "--jql", "projct SUP", "--dry-run"], jiraEnv(fake.url));
    expect(run.code).toBe(2);
    // Jira counts in the query sent, "(projct SUP) AND …": 'SUP' is its character 9, and the 8th of the user's.
    expect(run.stderr).toContain(`--jql "projct SUP"`);
    expect(run.stderr).toContain("Expecting operator but got 'SUP'. (line 1, character 8 of --jql)");
    expect(run.stderr).not.toContain("character 9");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // On a later line of a query over several lines: the same line and character as in the user's text.
    const lines = await shepherd(["audit", "--rules", rules, "--tracker", "jira", "--jql", "project = SUP\n  AND NOT (lables x) ORDER BY created", "--dry-run"], jiraEnv(fake.url));
    expect(lines.stderr).toContain("Expecting operator but got 'x'. (line 2, character 19 of --jql)");
    expect(lines.code).toBe(2);
  });

  it("names a field Jira does not have in the user's --jql and says what the tool adds to it", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "10001" })] });
    const run = await shepherd(["audit", "--rules", rules, "--tracker", "jira", "--jql", "projct = SUP", "--dry-run"], jiraEnv(fake.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--jql "projct = SUP"`);
    expect(run.stderr).toContain("Field 'projct' does not exist");
    expect(run.stderr).toMatch(/statusCategory != Done/);
  });
});

describe("credentials Jira does not accept (401)", () => {
  it("audit says which variables to check and that the token must belong to that email, exit 1, never the token", async () => {
    fake = await startFakeJira();
    const run = await shepherd(["audit", "--rules", rules, "--tracker", "jira", "--jql", "project = SUP", "--dry-run"], jiraEnv(fake.url, "wrong-token-4711"));
    expect(run.code).toBe(1);
    for (const name of ["JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"]) expect(run.stderr).toContain(name);
    expect(run.stderr).toContain(fake.url);
    expect(run.stderr).toContain(USERS.bot.emailAddress);
    expect(run.stderr).toMatch(/API token of the Atlassian account of that email/);
    expect(run.stderr).not.toContain("wrong-token-4711");
  });

  it("serve refuses to start with the same advice, exit 2", async () => {
    fake = await startFakeJira();
    const run = await shepherd(["serve", "--rules", rules, "--port", "0", "--host", "127.0.0.1"], { ...jiraEnv(fake.url, "wrong-token-4711"), JIRA_WEBHOOK_SECRET: "s3cret-value" });
    expect(run.code).toBe(2);
    for (const name of ["JIRA_BASE_URL", "JIRA_EMAIL", "JIRA_API_TOKEN"]) expect(run.stderr).toContain(name);
    expect(run.stderr).toMatch(/API token of the Atlassian account of that email/);
    expect(run.stderr).not.toContain("wrong-token-4711");
  });
});
