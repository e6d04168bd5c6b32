/** `shepherd serve` as users start it: the real command in a child process, against a fake Jira. */
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

function start(env: Record<string, string>) {
  return spawn(process.execPath, [bin, "serve", "--rules", rules, "--port", "0", "--host", "127.0.0.1"], {
    // In memory: these runs are about the command line, and must not share a store file.
    env: { PATH: process.env.PATH ?? "", SHEPHERD_STORE: ":memory:", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("shepherd serve", () => {
  it("refuses to start without a secret: exit 2 and a message that says what to do", async () => {
    const child = start({});
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("JIRA_WEBHOOK_SECRET is not set");
  });

  it("answers /healthz once ready and exits 0 on SIGTERM", async () => {
    fake = await startFakeJira();
    const child = start({ JIRA_WEBHOOK_SECRET: "s3cret-value", JIRA_BASE_URL: fake.url, JIRA_EMAIL: USERS.bot.emailAddress, JIRA_API_TOKEN: "test-api-token" });
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("\n")}`)));
      createInterface({ input: child.stdout }).on("line", (line) => {
        lines.push(line);
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === "server.ready" && entry.url) resolve(entry.url);
      });
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.removeAllListeners("exit");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines.join("\n")).not.toContain("s3cret-value");
  });
});
