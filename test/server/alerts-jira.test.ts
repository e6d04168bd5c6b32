/**
 * Alertmanager notifications become one Jira issue per group, through the real webhook server
 * against the local Jira fake (which checks every request against Jira's published contract):
 * firing opens it with the priority of its severity in Jira's Priority field and the intake
 * answered in the fields the rules name; resolved labels it mitigated and says so once; an HA
 * pair's flood makes one issue; a resolved that arrives first too; a closed issue is reopened
 * within the window.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { USERS } from "../fakes/jira/seed.ts";
import { type AlertServer, episode, fixture, loadRules, startAlertServer } from "./alert-harness.ts";

const START = Date.parse("2026-03-02T09:00:00Z");
const RULES = `extends: support
bot: { logins: ["${USERS.bot.accountId}"] }
alerts:
  tracker: jira
  project: OPS
  issue-type: Incident
  # Jira's Impact is a select: the alert names one of its options.
  fields: { impact: "All users", symptom: "{summary}: {description}" }
`;

let jira: FakeJira | undefined;
let alerts: AlertServer | undefined;
let now = START;
afterEach(async () => {
  await alerts?.close();
  await jira?.close();
  alerts = jira = undefined;
});

async function start(): Promise<{ jira: FakeJira; alerts: AlertServer }> {
  now = START + 2 * 60_000;
  jira = await startFakeJira({ now: () => now });
  const tracker = createJiraTracker({ baseUrl: jira.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => now, writeIntervalMs: 0 });
  alerts = await startAlertServer({ rules: loadRules(RULES, now), env: {}, jira: tracker, now: () => now });
  return { jira, alerts };
}

const keys = (fake: FakeJira): string[] => [...fake.state.site.store.keys()].filter((key) => key.startsWith("OPS-"));
const labels = (fake: FakeJira, key: string): string[] => (fake.state.get(key).fields.labels as string[] | undefined) ?? [];
/** The hidden keys of the tool's comments (their comment property). */
const commentKeys = (fake: FakeJira, key: string): string[] =>
  fake.state.get(key).comments.flatMap((comment) => {
    const property = (comment.properties ?? []).find((p: { key: string }) => p.key === "issue-shepherd") as { value?: { keys?: string[]; key?: string } } | undefined;
    return property?.value?.keys ?? (property?.value?.key === undefined ? [] : [property.value.key]);
  });

describe("alerts on Jira", () => {
  it("a firing/resolved pair opens one issue with its priority and fields, then labels it mitigated once", async () => {
    const { jira, alerts } = await start();
    expect((await alerts.post("/webhooks/alertmanager", fixture("firing"))).status).toBe(202);
    await alerts.server.idle();
    expect(keys(jira)).toEqual(["OPS-1"]);
    const fields = jira.state.get("OPS-1").fields;
    expect(fields.summary).toBe("[page] InstanceDown: Instance web-1:9100 down");
    expect((fields.priority as { name: string }).name).toBe("Highest");
    expect((fields.issuetype as { name: string }).name).toBe("Incident");
    expect(labels(jira, "OPS-1")).toEqual(expect.arrayContaining(["alert", expect.stringMatching(/^alert-group-[0-9a-f]{16}$/)]));
    expect(labels(jira, "OPS-1")).not.toContain("needs-info");
    expect(JSON.stringify(fields.customfield_10052)).toContain("2026-03-02T09:00:00Z");

    now += 18 * 60_000;
    await alerts.post("/webhooks/alertmanager", fixture("resolved"));
    await alerts.post("/webhooks/alertmanager", fixture("resolved"));
    await alerts.server.idle();
    expect(keys(jira)).toEqual(["OPS-1"]);
    expect(labels(jira, "OPS-1")).toContain("mitigated");
    expect(commentKeys(jira, "OPS-1").filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(jira.violations).toEqual([]);
  });

  it("an HA pair's flood and a resolved that arrives first make one issue and one notice", async () => {
    const { jira, alerts } = await start();
    now += 20 * 60_000;
    const sends = [...Array.from({ length: 8 }, () => alerts.post("/webhooks/alertmanager", fixture("resolved"))), ...Array.from({ length: 8 }, () => alerts.post("/webhooks/alertmanager", fixture("firing")))];
    expect((await Promise.all(sends)).every((answer) => answer.status === 202)).toBe(true);
    await alerts.server.idle();
    expect(keys(jira)).toEqual(["OPS-1"]);
    expect(labels(jira, "OPS-1")).toContain("mitigated");
    expect(commentKeys(jira, "OPS-1").filter((key) => key.startsWith("alert/"))).toEqual(["alert/resolved/1772442000"]);
    expect(jira.requests.filter((request) => request.operationId === "createIssue")).toHaveLength(1);
  });

  it("reopens the issue closed as done when the alert fires again within the window", async () => {
    const { jira, alerts } = await start();
    await alerts.post("/webhooks/alertmanager", fixture("firing"));
    await alerts.server.idle();
    const done = await fetch(`${jira.url}/rest/api/3/issue/OPS-1/transitions`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${USERS.bot.emailAddress}:test-api-token`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ transition: { id: "31" } }),
    });
    expect(done.status).toBe(204);
    now += 60 * 60_000;
    await alerts.post("/webhooks/alertmanager", episode("firing", "2026-03-02T10:00:00Z"));
    await alerts.server.idle();
    expect(keys(jira)).toEqual(["OPS-1"]);
    expect((jira.state.get("OPS-1").fields.status as { name: string }).name).not.toBe("Done");
    expect(commentKeys(jira, "OPS-1")).toContain("alert/firing/1772445600");
  });
});
