/** `shepherd serve` reads LOG_LEVEL as users set it: only the real levels start the server. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { USERS } from "../fakes/jira/seed.ts";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const rules = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));
let fake: FakeJira | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Start `shepherd serve` with a complete Jira setting and this LOG_LEVEL; stop it once it is ready. */
async function serveWith(level: string): Promise<{ code: number | null; stderr: string; ready: boolean }> {
  fake ??= await startFakeJira();
  const child = spawn(process.execPath, [bin, "serve", "--rules", rules, "--port", "0", "--host", "127.0.0.1"], {
    env: {
      PATH: process.env.PATH ?? "",
      JIRA_WEBHOOK_SECRET: "s3cret-value",
      JIRA_BASE_URL: fake.url,
      JIRA_EMAIL: USERS.bot.emailAddress,
      JIRA_API_TOKEN: "test-api-token",
      LOG_LEVEL: level,
      SHEPHERD_STORE: ":memory:",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let ready = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const entry = JSON.parse(line) as { event?: string; url?: string };
    if (ready || entry.event !== "server.ready" || entry.url === undefined) return;
    ready = true;
    // Stopped once it answers, as an operator's health check would find it.
    void fetch(`${entry.url}/healthz`).then(() => child.kill("SIGTERM"));
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stderr, ready };
}

describe("shepherd serve: LOG_LEVEL", () => {
  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "verbose"])("refuses LOG_LEVEL=%s: exit 2, the levels it takes", async (level) => {
    const { code, stderr, ready } = await serveWith(level);
    expect(ready).toBe(false);
    expect(code).toBe(2);
    expect(stderr).toContain(`LOG_LEVEL must be one of debug, info, warn, error; found "${level}"`);
  });

  it.each(["debug", "info", ""])("starts with LOG_LEVEL=\"%s\"", async (level) => {
    const { code, ready } = await serveWith(level);
    expect(ready).toBe(true);
    expect(code).toBe(0);
  });
});
