/**
 * `npx shepherd serve` under a supervisor that stops it with SIGTERM. npm runs a package's command
 * as `sh -c "shepherd …"` with node_modules/.bin first on PATH, and passes SIGTERM to that shell
 * only; the shell dies without passing it on. The same chain here: the command through
 * node_modules/.bin/shepherd in `sh -c`, SIGTERM to the shell. The server must still drain and exit.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";

const SECRET = "whsec-serve-npx-test";
const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const rules = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));
let fake: FakeJira | undefined;
let project: string | undefined;
let server: number | undefined;

afterEach(async () => {
  // Only if the test failed: the server process it left behind.
  if (server !== undefined) {
    try {
      process.kill(server, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await fake?.close();
  if (project !== undefined) rmSync(project, { recursive: true, force: true });
  fake = undefined;
  project = undefined;
  server = undefined;
});

describe("shepherd serve started the way npx starts it", () => {
  it("drains its queue and exits when the shell npm started it in is stopped with SIGTERM", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-7", id: "10007", created: Date.now() - 60_000, summary: "Cannot export invoices", description: "Nothing happens.", extraFields: {} })] });
    project = mkdtempSync(join(tmpdir(), "shepherd-npx-"));
    mkdirSync(join(project, "node_modules", ".bin"), { recursive: true });
    symlinkSync(bin, join(project, "node_modules", ".bin", "shepherd"));
    const shell = spawn("sh", ["-c", `shepherd serve --rules '${rules}' --port 0 --host 127.0.0.1`], {
      cwd: project,
      env: {
        PATH: `${join(project, "node_modules", ".bin")}:${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        JIRA_WEBHOOK_SECRET: SECRET,
        JIRA_BASE_URL: fake.url,
        JIRA_EMAIL: USERS.bot.emailAddress,
        JIRA_API_TOKEN: "test-api-token",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let stderr = "";
    shell.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // The pipe closes once every process holding it (the shell and the server) has exited.
    const closed = new Promise<void>((resolve) => shell.stdout.once("close", resolve));
    const url = await new Promise<string>((resolve, reject) => {
      shell.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      createInterface({ input: shell.stdout }).on("line", (line) => {
        lines.push(line);
        const entry = JSON.parse(line) as { event?: string; url?: string };
        if (entry.event === "server.ready" && entry.url) resolve(entry.url);
      });
    });
    shell.removeAllListeners("exit");
    server = Number(execFileSync("ps", ["-o", "pid=", "--ppid", String(shell.pid)], { encoding: "utf8" }).trim());
    expect(server).toBeGreaterThan(0);

    const delivery = signed(SECRET, issueEvent(fake.state, "SUP-7", "jira:issue_created", { user: USERS.reporter }));
    expect((await fetch(`${url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body })).status).toBe(202);
    shell.kill("SIGTERM");

    const timeout = new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 8_000).unref());
    expect(await Promise.race([closed.then(() => "exited" as const), timeout])).toBe("exited");
    server = undefined;
    // The delivery accepted just before the signal was processed before the server ended.
    expect(fake.issue("SUP-7").fields.labels).toContain("needs-info");
    const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(["server.ready", "issue.processed", "server.stopped"]));
    expect(events.indexOf("issue.processed")).toBeLessThan(events.indexOf("server.stopped"));
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 20_000);
});
