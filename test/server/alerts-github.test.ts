/**
 * Alertmanager notifications become one GitHub issue per group, through the real webhook server
 * against the local GitHub fake: firing opens it with the priority of its severity and the intake
 * complete; resolved labels it mitigated and says so once; the second Alertmanager of an HA pair,
 * retries and a resolved that arrives first make no second issue and no second comment; a closed
 * issue is reopened within the window, a new one opened after it, and one closed as not planned
 * is never reopened.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { ALERT_TOKEN, type AlertServer, episode, fixture, loadRules, startAlertServer } from "./alert-harness.ts";

const START = Date.parse("2026-03-02T09:00:00Z");
const RULES = `extends: support
alerts:
  tracker: github
  repository: acme/ops
  labels: [alert, source/prometheus]
`;

let github: FakeGitHub | undefined;
let alerts: AlertServer | undefined;
let now = START;
afterEach(async () => {
  await alerts?.close();
  await github?.close();
  alerts = github = undefined;
});

async function start(): Promise<{ github: FakeGitHub; alerts: AlertServer }> {
  now = START + 2 * 60_000;
  github = await startFakeGitHub([{ repository: "acme/ops", issues: [] }], { now: () => now });
  alerts = await startAlertServer({ rules: loadRules(RULES, now), env: { GITHUB_TOKEN: "ghp_test", GITHUB_API_URL: github.url }, now: () => now });
  return { github, alerts };
}

function issues(fake: FakeGitHub) {
  return [...(fake.state.repo("acme", "ops")?.issues.entries() ?? [])].map(([, entry]) => entry);
}

const labelsOf = (entry: ReturnType<typeof issues>[number]): string[] => entry.issue.labels.map((label) => (typeof label === "string" ? label : String(label.name)));

/** Every hidden key of the tool's comments on the issue, with repeats. */
const commentKeys = (entry: ReturnType<typeof issues>[number]): string[] => entry.comments.flatMap((comment) => readMarkerKeys(String(comment.body ?? "")) ?? []);

async function close(fake: FakeGitHub, number: number, reason: "completed" | "not_planned"): Promise<void> {
  const response = await fetch(`${fake.url}/repos/acme/ops/issues/${number}`, {
    method: "PATCH",
    headers: { authorization: "token ghp_test", "content-type": "application/json" },
    body: JSON.stringify({ state: "closed", state_reason: reason }),
  });
  expect(response.status).toBe(200);
}

describe("alerts on GitHub", () => {
  it("a firing/resolved pair opens one issue with its priority and the intake complete, then labels it mitigated once", async () => {
    const { github, alerts } = await start();
    expect((await alerts.post("/webhooks/alertmanager", fixture("firing"))).status).toBe(202);
    await alerts.server.idle();
    const [opened, ...more] = issues(github);
    expect(more).toHaveLength(0);
    expect(opened?.issue.title).toBe("[page] InstanceDown: Instance web-1:9100 down");
    expect(labelsOf(opened!)).toEqual(expect.arrayContaining(["alert", "source/prometheus", "priority/P0"]));
    // The intake found every section: no needs-info, no missing-information comment.
    expect(labelsOf(opened!)).not.toContain("needs-info");
    const body = String(opened?.issue.body);
    // Each intake field under the first heading the rules read it from.
    const rules = loadRules(RULES, now);
    const headings = (rules.intake?.require ?? []).map((field) => `### ${rules.fields.get(field)?.sources.github?.sections[0] ?? field}`);
    expect(headings.length).toBeGreaterThanOrEqual(5);
    for (const section of [...headings, "- Rule: InstanceDown", "- Severity: page → P0", "- Start time: 2026-03-02T09:00:00Z", "- Generator URL: http://prometheus.example.org:9090/graph"]) {
      expect(body).toContain(section);
    }
    expect(readMarkerKeys(body)?.[0]).toMatch(/^alert-group\/[0-9a-f]{16}$/);

    now += 18 * 60_000;
    expect((await alerts.post("/webhooks/alertmanager", fixture("resolved"))).status).toBe(202);
    await alerts.server.idle();
    // Resolved again (the HA pair's other Alertmanager): nothing more.
    expect((await alerts.post("/webhooks/alertmanager", fixture("resolved"))).status).toBe(202);
    await alerts.server.idle();
    const [after] = issues(github);
    expect(issues(github)).toHaveLength(1);
    expect(labelsOf(after!)).toContain("mitigated");
    const resolved = after!.comments.filter((comment) => String(comment.body).includes("Alert resolved"));
    expect(resolved).toHaveLength(1);
    expect(String(resolved[0]?.body)).toContain("after 20 min");
    expect(commentKeys(after!).filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(github.violations).toEqual([]);
  });

  it("an HA pair flooding the same group, with retries, opens exactly one issue and says nothing twice", async () => {
    const { github, alerts } = await start();
    const firing = fixture("firing");
    // Two Alertmanagers, each sending the group and retrying it, all at once.
    const sends = Array.from({ length: 24 }, (_, i) => alerts.post("/webhooks/alertmanager", { ...firing, receiver: i % 2 === 0 ? "am-0" : "am-1" }));
    expect((await Promise.all(sends)).map((answer) => answer.status)).toEqual(Array.from({ length: 24 }, () => 202));
    await alerts.server.idle();
    now += 20 * 60_000;
    const resolved = fixture("resolved");
    await Promise.all(Array.from({ length: 12 }, () => alerts.post("/webhooks/alertmanager", resolved)));
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(1);
    const keys = commentKeys(issues(github)[0]!);
    expect(keys.filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(github.requests.filter((request) => request.method === "POST" && /\/issues$/.test(request.path))).toHaveLength(1);
  });

  it("a resolved that arrives before its firing opens one issue, mitigated, and the late firing changes nothing", async () => {
    const { github, alerts } = await start();
    now += 20 * 60_000;
    expect((await alerts.post("/webhooks/alertmanager", fixture("resolved"))).status).toBe(202);
    await alerts.server.idle();
    expect((await alerts.post("/webhooks/alertmanager", fixture("firing"))).status).toBe(202);
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(1);
    const [only] = issues(github);
    expect(labelsOf(only!)).toContain("mitigated");
    expect(commentKeys(only!).filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
  });

  it("reopens a closed issue within the window, opens a new one after it, and never reopens one closed as not planned", async () => {
    const { github, alerts } = await start();
    await alerts.post("/webhooks/alertmanager", fixture("firing"));
    await alerts.server.idle();
    await close(github, 1, "completed");
    // Firing again an hour later: within 24 h of the close.
    now += 60 * 60_000;
    await alerts.post("/webhooks/alertmanager", episode("firing", "2026-03-02T10:00:00Z"));
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(1);
    expect(issues(github)[0]?.issue.state).toBe("open");
    expect(commentKeys(issues(github)[0]!)).toContain("alert/firing/1772445600");

    await close(github, 1, "completed");
    // Two days later: past the window, a new issue.
    now += 48 * 60 * 60_000;
    await alerts.post("/webhooks/alertmanager", episode("firing", "2026-03-04T11:00:00Z"));
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(2);
    expect(issues(github)[0]?.issue.state).toBe("closed");
    expect(issues(github)[1]?.issue.state).toBe("open");

    await close(github, 2, "not_planned");
    now += 60 * 60_000;
    await alerts.post("/webhooks/alertmanager", episode("firing", "2026-03-04T12:00:00Z"));
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(2);
    expect(issues(github)[1]?.issue.state).toBe("closed");
    expect(commentKeys(issues(github)[1]!)).not.toContain("alert/firing/1772625600");
  });

  it("refuses what cannot be an alert before reading it, and tells what is wrong with a bad payload", async () => {
    const { github, alerts } = await start();
    expect((await alerts.post("/webhooks/alertmanager", fixture("firing"), { authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    expect((await alerts.post("/webhooks/alertmanager", "x=1", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    const bad = await alerts.post("/webhooks/alertmanager", { ...fixture("firing"), version: "3", alerts: [{ status: "firing", startsAt: "yesterday" }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('version: expected \\"4\\"');
    expect(JSON.stringify(bad.body)).toContain("alerts[0].startsAt: expected an RFC 3339 time");
    expect((await alerts.post("/webhooks/alertmanager", "{not json")).status).toBe(400);
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(0);
  });

  it("answers a hostile payload 400 with its first problems, never 5xx: nested thousands deep, thousands of wrong labels, not UTF-8", async () => {
    const { github, alerts } = await start();
    const alert = (labels: string) => `{"status":"firing","startsAt":"2026-03-02T09:00:00Z","labels":${labels}}`;
    const deep = await alerts.post("/webhooks/alertmanager", `{"version":"4","groupKey":"k","alerts":[${alert(`{"alertname":"x","a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)}]}`);
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.body)).toContain("alerts[0].labels.a: expected text, found a list of 1");
    const wrong = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`l${i}`, { nested: i }]));
    const many = await alerts.post("/webhooks/alertmanager", `{"version":"4","groupKey":"k","alerts":[${alert(JSON.stringify(wrong))}]}`);
    expect(many.status).toBe(400);
    const problems = (many.body as { problems: string[] }).problems;
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe("… and 4950 more");
    const plainDeep = await alerts.post("/webhooks/alerts", `{"source":"zabbix","status":"firing","labels":{"alertname":"x"},"startsAt":"2026-03-02T09:00:00Z","id":${"{\"a\":".repeat(50_000)}1${"}".repeat(50_000)}}`);
    expect(plainDeep.status).toBe(400);
    const latin1 = Buffer.concat([Buffer.from('{"source":"zabbix","status":"firing","labels":{"alertname":"Caf'), Buffer.from([0xe9]), Buffer.from('"},"startsAt":"2026-03-02T09:00:00Z"}')]);
    const notUtf8 = await fetch(`${alerts.url}/webhooks/alerts`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ALERT_TOKEN}` }, body: latin1 });
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.text()).toContain("not UTF-8");
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(0);
  });

  it("finds the group's issue by its identity after a person removed the label it is listed by", async () => {
    const { github } = await start();
    const tracker = createGitHubTracker({ octokit: createOctokit({ token: "ghp_test", baseUrl: github.url, pacing: false }), repository: "acme/ops", graphqlUrl: github.graphqlUrl });
    const identity = "alert-group/0123456789abcdef";
    const created = await tracker.createIssue!({ title: "[critical] Down", body: "### Alert", labels: ["alert", "source/prometheus"], identity });
    const number = created.id.split("#")[1];
    const removed = await fetch(`${github.url}/repos/acme/ops/issues/${number}/labels/alert`, { method: "DELETE", headers: { authorization: "token ghp_test" } });
    expect(removed.status).toBe(200);
    const found = await tracker.findIssueByIdentity!(identity, { labels: ["alert", "source/prometheus"] });
    expect(found?.id).toBe(created.id);
    expect(await tracker.findIssueByIdentity!("alert-group/fedcba9876543210", { labels: ["alert"] })).toBeUndefined();
  });

  it("takes the plain JSON format of other monitors with the same meaning", async () => {
    const { github, alerts } = await start();
    const plain = { source: "zabbix", status: "firing", group: "db-primary", labels: { alertname: "MySQL down", severity: "critical", host: "db-1" }, annotations: { summary: "MySQL on db-1 is down" }, startsAt: "2026-03-02T09:00:00Z", url: "https://zabbix.example.org/tr_events.php?triggerid=1" };
    expect((await alerts.post("/webhooks/alerts", plain)).status).toBe(202);
    expect((await alerts.post("/webhooks/alerts", plain)).status).toBe(202);
    await alerts.server.idle();
    now += 10 * 60_000;
    expect((await alerts.post("/webhooks/alerts", { ...plain, status: "resolved", endsAt: "2026-03-02T09:10:00Z" })).status).toBe(202);
    await alerts.server.idle();
    expect(issues(github)).toHaveLength(1);
    const [only] = issues(github);
    expect(only?.issue.title).toBe("[critical] MySQL down: MySQL on db-1 is down");
    expect(labelsOf(only!)).toEqual(expect.arrayContaining(["priority/P0", "mitigated"]));
    const bad = await alerts.post("/webhooks/alerts", { source: "zabbix", status: "burning", labels: {} });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("labels.alertname");
  });
});
