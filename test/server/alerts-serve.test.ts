/**
 * `shepherd serve` takes alerts as configured by the rules and the environment (startServer, as
 * the CLI runs it): refused without alert credentials; with a SQLite store the group's issue is
 * remembered across a restart; and when the record of it is lost (a crash between opening the
 * issue and recording it, here the alert file removed), the issue is found again by its hidden
 * identity instead of being opened twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { alertStorePath } from "../../src/server/alert-sqlite-store.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { ALERT_TOKEN, fixture, loadRules } from "./alert-harness.ts";

const NOW = Date.parse("2026-03-02T09:02:00Z");
const RULES = "extends: support\nalerts: { tracker: github, repository: acme/ops }\n";

let github: FakeGitHub | undefined;
let server: RunningServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close({ timeoutMs: 5000 });
  await github?.close();
  server = github = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(fake: FakeGitHub, store: string, env: Record<string, string> = { SHEPHERD_ALERT_TOKEN: ALERT_TOKEN }): Promise<RunningServer> {
  return startServer({ rules: loadRules(RULES, NOW), env: { GITHUB_TOKEN: "ghp_test", GITHUB_API_URL: fake.url, ...env }, port: 0, host: "127.0.0.1", store, write: () => undefined, handleSignals: false });
}

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/webhooks/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}

const opened = (fake: FakeGitHub) => [...(fake.state.repo("acme", "ops")?.issues.entries() ?? [])].map(([, entry]) => entry);

describe("shepherd serve with alerts", () => {
  it("refuses to take alerts without credentials for them", async () => {
    github = await startFakeGitHub([{ repository: "acme/ops", issues: [] }]);
    await expect(serve(github, ":memory:", {})).rejects.toThrow(/SHEPHERD_ALERT_TOKEN/);
    await expect(serve(github, ":memory:", { SHEPHERD_ALERT_TOKEN: "short" })).rejects.toThrow(/shorter than 16/);
  });

  it("remembers the group's issue across a restart, and finds it by its identity when the record is lost", async () => {
    github = await startFakeGitHub([{ repository: "acme/ops", issues: [] }]);
    const dir = mkdtempSync(join(tmpdir(), "alerts-serve-"));
    dirs.push(dir);
    const store = join(dir, "shepherd-store.sqlite");
    server = await serve(github, store);
    expect(await post(server.url, fixture("firing"))).toBe(202);
    await server.idle();
    await server.close();
    expect(opened(github)).toHaveLength(1);

    // Restarted on the same store: the resolve goes to the issue the store names.
    server = await serve(github, store);
    expect(await post(server.url, fixture("resolved"))).toBe(202);
    await server.idle();
    await server.close();
    expect(opened(github)).toHaveLength(1);

    // The alert state lost: the next notification finds the issue by its marker, says nothing twice.
    rmSync(alertStorePath(store), { force: true });
    server = await serve(github, store);
    expect(await post(server.url, fixture("resolved"))).toBe(202);
    await server.idle();
    expect(opened(github)).toHaveLength(1);
    const [issue] = opened(github);
    const keys = issue!.comments.flatMap((comment) => readMarkerKeys(String(comment.body ?? "")) ?? []);
    expect(keys.filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(github.requests.filter((request) => request.method === "POST" && /\/issues$/.test(request.path))).toHaveLength(1);
  }, 60_000);
});
