/**
 * Two replicas of `shepherd serve` on one PostgreSQL queue (a real server, scripts/start-postgres.sh)
 * taking alerts behind a load balancer: each Alertmanager of an HA pair reaches another replica,
 * both flood the same group with retries, and the group still opens exactly one GitHub issue,
 * labelled mitigated once on resolve — the group's state is one row both replicas fold into, and
 * the shared queue runs the group on one replica at a time.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { ALERT_TOKEN, fixture, loadRules } from "./alert-harness.ts";
import { createTestDatabase, postgresUrl, type TestDatabase } from "./replicas-postgres.ts";

const server = await postgresUrl();
const NOW = Date.parse("2026-03-02T09:02:00Z");
const RULES = "extends: support\nalerts: { tracker: github, repository: acme/ops }\n";

let github: FakeGitHub | undefined;
let db: TestDatabase | undefined;
const replicas: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(replicas.splice(0).map((replica) => replica.close({ timeoutMs: 5000 })));
  await github?.close();
  await db?.drop();
  github = db = undefined;
});

const post = async (url: string, body: unknown): Promise<number> => {
  const response = await fetch(`${url}/webhooks/alertmanager`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
};

const issues = (fake: FakeGitHub) => [...(fake.state.repo("acme", "ops")?.issues.entries() ?? [])].map(([, entry]) => entry);

async function until(what: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(server === undefined)("alerts on replicas sharing a PostgreSQL queue", () => {
  it("an HA pair reaching two replicas opens one issue and says the resolve once", async () => {
    db = await createTestDatabase(server as string, "shepherd_alerts");
    github = await startFakeGitHub([{ repository: "acme/ops", issues: [] }]);
    const env = { GITHUB_TOKEN: "ghp_test", GITHUB_API_URL: github.url, SHEPHERD_ALERT_TOKEN: ALERT_TOKEN };
    for (let i = 0; i < 2; i++) replicas.push(await startServer({ rules: loadRules(RULES, NOW), env, port: 0, host: "127.0.0.1", queue: db.url, write: () => undefined, handleSignals: false }));
    const [a, b] = replicas as [RunningServer, RunningServer];
    const firing = fixture("firing");
    const sends = Array.from({ length: 16 }, (_, i) => post(i % 2 === 0 ? a.url : b.url, firing));
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 16 }, () => 202));
    await until(() => issues(github!).length > 0);
    const resolved = fixture("resolved");
    expect(await Promise.all([post(a.url, resolved), post(b.url, resolved), post(a.url, resolved), post(b.url, resolved)])).toEqual([202, 202, 202, 202]);
    await until(() => issues(github!)[0]?.comments.some((comment) => String(comment.body).includes("Alert resolved")) === true);
    await Promise.all([a.idle(), b.idle()]);
    // A moment for any run still in flight on the other replica.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(issues(github)).toHaveLength(1);
    const keys = issues(github)[0]!.comments.flatMap((comment) => readMarkerKeys(String(comment.body ?? "")) ?? []);
    expect(keys.filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(github.requests.filter((request) => request.method === "POST" && /\/issues$/.test(request.path))).toHaveLength(1);
    const rows = await db.query<{ issue: string }>("SELECT issue FROM shepherd_alert_groups");
    expect(rows.map((row) => row.issue)).toEqual(["acme/ops#1"]);
  }, 90_000);
});
