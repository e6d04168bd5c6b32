import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { type RunningServer, ServeConfigError, startServer } from "../../src/server/start-server.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";

const SECRET = "whsec-start-server-test";
const TOKEN = "test-api-token";
const rules = readRules(fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url))).rules as Rules;

let fake: FakeJira | undefined;
let running: RunningServer | undefined;

afterEach(async () => {
  await running?.close();
  await fake?.close();
  running = undefined;
  fake = undefined;
});

const env = (url: string, extra: Record<string, string> = {}) => ({
  JIRA_WEBHOOK_SECRET: SECRET,
  JIRA_BASE_URL: url,
  JIRA_EMAIL: USERS.bot.emailAddress,
  JIRA_API_TOKEN: TOKEN,
  SHEPHERD_STORE: ":memory:",
  ...extra,
});

describe("startServer (shepherd serve)", () => {
  it.each([
    ["no secret", { JIRA_WEBHOOK_SECRET: "" }, /JIRA_WEBHOOK_SECRET is not set: refusing to start/],
    ["no Jira site", { JIRA_BASE_URL: "" }, /JIRA_BASE_URL is not set/],
    ["no token", { JIRA_API_TOKEN: "" }, /JIRA_API_TOKEN is not set/],
    ["a site that is not a URL", { JIRA_BASE_URL: "acme" }, /JIRA_BASE_URL is not a URL/],
    ["a bad port", { PORT: "http" }, /PORT must be a port number/],
    ["a bad queue limit", { SHEPHERD_QUEUE_LIMIT: "-1" }, /SHEPHERD_QUEUE_LIMIT must be a positive whole number/],
    ["a bad log level", { LOG_LEVEL: "loud" }, /LOG_LEVEL must be/],
  ])("refuses to start with %s, saying why", async (_name, override, message) => {
    fake = await startFakeJira();
    const error: unknown = await startServer({ rules, env: { ...env(fake.url), ...override }, handleSignals: false, write: () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServeConfigError);
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain(TOKEN);
  });

  it("checks the Jira credentials before it says it is ready", async () => {
    fake = await startFakeJira();
    const error: unknown = await startServer({ rules, env: env(fake.url, { JIRA_API_TOKEN: "wrong-token-123" }), handleSignals: false, write: () => undefined }).catch(
      (caught: unknown) => caught,
    );
    expect(String(error)).toMatch(/cannot use the Jira account of JIRA_EMAIL at .*answered 401.*check JIRA_BASE_URL .*JIRA_EMAIL .*JIRA_API_TOKEN/);
    expect(String(error)).not.toContain("wrong-token-123");
  });

  it("serves on PORT (0: any free port), healthy once ready, and logs JSON lines without secrets", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "10001" })] });
    const lines: string[] = [];
    running = await startServer({ rules, env: env(fake.url, { PORT: "0" }), host: "127.0.0.1", handleSignals: false, write: (line) => lines.push(line) });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    await running.close();
    await running.stopped;
    const entries = lines.map((line) => JSON.parse(line) as { event: string; level: string; time: string });
    expect(entries.map((entry) => entry.event)).toEqual(["server.ready", "server.stopping", "server.stopped"]);
    expect(lines.join("")).not.toContain(SECRET);
    expect(lines.join("")).not.toContain(TOKEN);
    running = undefined;
  });

  it("on SIGTERM, a server process stops taking deliveries, drains its queue and exits 0", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-2", id: "10002", created: Date.now() - 60_000, summary: "Cannot export invoices", description: "Nothing happens.", extraFields: {} })] });
    const entry = fileURLToPath(new URL("../../bench/webhook-server-process.ts", import.meta.url));
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env(fake.url, { LOG_LEVEL: "info" }) }, stdio: ["ignore", "pipe", "pipe"] });
    const logs: string[] = [];
    if (child.stderr !== null) createInterface({ input: child.stderr }).on("line", (line) => logs.push(line));
    const ready = await new Promise<{ url: string }>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${logs.join("\n")}`)));
      if (child.stdout !== null) createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line) as { url: string }));
    });
    const delivery = signed(SECRET, issueEvent(fake.state, "SUP-2", "jira:issue_created", { user: USERS.reporter }));
    const accepted = await fetch(`${ready.url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
    expect(accepted.status).toBe(202);
    child.removeAllListeners("exit");
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // The delivery accepted just before the signal was processed before the process ended.
    expect(fake.issue("SUP-2").fields.labels).toContain("needs-info");
    const events = logs.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(["server.ready", "server.signal", "issue.processed", "server.stopped"]));
    expect(events.indexOf("issue.processed")).toBeLessThan(events.indexOf("server.stopped"));
  });
});
