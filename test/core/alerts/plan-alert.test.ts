/**
 * The alert lifecycle as a pure plan: what a group's state and its issue (or none) ask for now.
 */
import { describe, expect, it } from "vitest";
import type { Alert, AlertGroup } from "../../../src/core/alerts/alert-group.ts";
import { firingKey, planAlert, resolvedKey } from "../../../src/core/alerts/plan-alert.ts";
import type { Issue } from "../../../src/core/model.ts";
import { readRulesText } from "../../../src/config/read-rules.ts";
import { GITHUB_CAPABILITIES } from "../../../src/github/capabilities.ts";
import { normaliseHeading, parseSections } from "../../../src/core/text/parse-sections.ts";

const T = Date.parse("2026-03-02T09:00:00Z");
const MIN = 60_000;
const loaded = readRulesText("/virtual/shepherd.yml", "extends: support\nalerts: { tracker: github, repository: acme/ops, reopen-within: 2h }\n", T);
const rules = loaded.rules!;
const rule = rules.alerts!;
const self = { id: "shepherd-bot", self: true, bot: true };

const alert = (status: Alert["status"], startsAt: number, endsAt?: number): Alert => ({
  fingerprint: "a",
  status,
  labels: { alertname: "Down", severity: "critical", instance: "@ops-team web-1" },
  annotations: { summary: "web-1 down <!-- issue-shepherd:forged -->" },
  startsAt,
  ...(endsAt === undefined ? {} : { endsAt }),
});
const group = (a: Alert): AlertGroup => ({ source: "alertmanager", groupKey: "{}:{alertname=\"Down\"}", groupLabels: {}, commonLabels: {}, commonAnnotations: {}, alerts: [a] });

function issue(spec: Partial<Issue> & { keys?: string[] }): Issue {
  return {
    capabilities: GITHUB_CAPABILITIES,
    id: "acme/ops#1",
    title: "t",
    body: "",
    labels: ["alert"],
    state: "open",
    fields: {},
    author: self,
    assignees: [],
    createdAt: T + 2 * MIN,
    comments: (spec.keys ?? []).map((key, i) => ({ id: String(i), author: self, body: "", createdAt: T, public: true, key, keys: [key] })),
    history: [],
    ...spec,
  };
}

const plan = (a: Alert, current: Issue | undefined, now = T + 30 * MIN) => planAlert({ group: group(a), issue: current, rule, rules, capabilities: GITHUB_CAPABILITIES, now });

describe("planAlert", () => {
  it("opens an issue at the severity's priority, with the alert's text made safe", () => {
    const step = plan(alert("firing", T), undefined);
    expect(step.kind).toBe("create");
    if (step.kind !== "create") return;
    expect(step.create.issue.labels).toEqual(["alert", "priority/P0"]);
    expect(step.create.issue.body).toContain("- Severity: critical → P0");
    expect(step.create.issue.body).not.toContain("@ops-team");
    expect(step.create.issue.body).not.toContain("<!-- issue-shepherd:forged");
    expect(step.create.issue.identity).toMatch(/^alert-group\/[0-9a-f]{16}$/);
  });

  it("says nothing more about the episode that opened the issue", () => {
    expect(plan(alert("firing", T), issue({})).kind).toBe("nothing");
  });

  it("labels it mitigated and says once how long it lasted", () => {
    const step = plan(alert("resolved", T, T + 25 * MIN), issue({}));
    expect(step.kind).toBe("update");
    if (step.kind !== "update") return;
    expect(step.operations.map((op) => op.kind)).toEqual(["add-labels", "comment"]);
    expect(JSON.stringify(step.operations[1])).toContain("after 25 min");
    expect(plan(alert("resolved", T, T + 25 * MIN), issue({ labels: ["alert", "mitigated"], keys: [resolvedKey({ startsAt: T })] })).kind).toBe("nothing");
  });

  it("comments once on a new firing of an open issue", () => {
    const again = alert("firing", T + 60 * MIN);
    const step = plan(again, issue({}), T + 61 * MIN);
    expect(step.kind === "update" && step.operations.map((op) => op.kind)).toEqual(["comment"]);
    expect(plan(again, issue({ keys: [firingKey(again)] }), T + 61 * MIN).kind).toBe("nothing");
  });

  it("takes the mitigated label off when the alert fires again, so that the next resolve records it in the cycle", () => {
    const again = alert("firing", T + 60 * MIN);
    const mitigated = issue({ labels: ["alert", "mitigated"], keys: [resolvedKey(alert("resolved", T, T + 20 * MIN))] });
    const open = plan(again, mitigated, T + 61 * MIN);
    expect(open.kind === "update" && open.operations.map((op) => op.kind)).toEqual(["remove-labels", "comment"]);
    expect(open.kind === "update" && open.operations[0]).toMatchObject({ labels: ["mitigated"] });
    const reopened = plan(again, { ...mitigated, state: "closed", closeReason: "completed", closedAt: T + 40 * MIN }, T + 61 * MIN);
    expect(reopened.kind === "update" && reopened.operations.map((op) => op.kind)).toEqual(["reopen", "remove-labels", "comment"]);
    // Told once: the same firing says nothing more, and a short episode that already ended keeps the label.
    expect(plan(again, { ...mitigated, labels: ["alert"], comments: [...mitigated.comments, { ...mitigated.comments[0]!, key: firingKey(again), keys: [firingKey(again)] }] }, T + 62 * MIN).kind).toBe("nothing");
    const short = plan(alert("resolved", T + 60 * MIN, T + 65 * MIN), mitigated, T + 66 * MIN);
    expect(short.kind === "update" && short.operations.map((op) => op.kind)).toEqual(["comment"]);
  });

  it("reopens within the window, opens a new issue after it, and never reopens a not-planned close", () => {
    const again = alert("firing", T + 90 * MIN);
    const closed = issue({ state: "closed", closeReason: "completed", closedAt: T + 40 * MIN });
    const within = plan(again, closed, T + 91 * MIN);
    expect(within.kind === "update" && within.operations.map((op) => op.kind)).toEqual(["reopen", "comment"]);
    expect(plan(again, closed, T + 40 * MIN + 2 * 60 * MIN + MIN).kind).toBe("create");
    expect(plan(again, { ...closed, closeReason: "not_planned" }, T + 91 * MIN).kind).toBe("nothing");
  });

  it("takes a resolved that came first as the whole episode: one issue, already mitigated", () => {
    const step = plan(alert("resolved", T, T + 20 * MIN), undefined);
    expect(step.kind).toBe("create");
    // Once the issue exists, the same state asks for the label and the notice; the late firing (older) folds away.
    const next = plan(alert("resolved", T, T + 20 * MIN), issue({}));
    expect(next.kind === "update" && next.operations.map((op) => op.kind)).toEqual(["add-labels", "comment"]);
  });
});

describe("the alert's text in the issue", () => {
  const known = new Set([...rules.fields.values()].flatMap((f) => Object.values(f.sources).flatMap((m) => m?.sections ?? [])).map(normaliseHeading));
  const hostile: Alert = {
    fingerprint: "h",
    status: "firing",
    labels: { alertname: "Down\n### Root cause\nnobody's fault", severity: "critical\r\n### Impact scope\nnone", instance: "web-1\n- [x] Root cause" },
    annotations: { summary: "web-1 down\n**Root cause**", description: "VALUE = 3\nRoot cause: it fixed itself\n```\n- [X] Root cause <!-- hidden" },
    startsAt: T,
  };

  it("cannot open a section, tick the checklist, fence the sections below it or hide the rest", () => {
    const step = plan(hostile, undefined);
    expect(step.kind).toBe("create");
    if (step.kind !== "create") return;
    const { body, title } = step.create.issue;
    const read = parseSections(body, known);
    expect(read.sections.has("root cause")).toBe(false);
    expect(read.ticked).toEqual([]);
    expect(read.sections.get("start time")).toBe("2026-03-02T09:00:00Z");
    expect(read.sections.get("impact")).toMatch(/^Raised by monitoring: 1 alert\(s\) of Down ### Root cause nobody's fault, severity critical ### impact scope none\.$/);
    expect(body).not.toContain("<!--");
    expect(body).toContain("VALUE = 3\n");
    expect(title).not.toMatch(/\n/);
  });

  it("stays within what a tracker takes, however many and long the labels and annotations", () => {
    const labels: Record<string, string> = { alertname: "Flood", severity: "critical" };
    for (let i = 0; i < 5_000; i++) labels[`label_${i}`] = "v".repeat(2_000);
    const step = plan({ ...hostile, labels, annotations: { summary: "s".repeat(100_000), description: "d\n".repeat(100_000) } }, undefined);
    expect(step.kind).toBe("create");
    if (step.kind !== "create") return;
    expect(step.create.issue.body.length).toBeLessThanOrEqual(30_000);
    expect(step.create.issue.title.length).toBeLessThanOrEqual(250);
    expect(step.create.issue.body).toContain("### Alert");
    expect(step.create.issue.body).toContain("- … and 4952 more");
  });

  it("keeps the notices on their lines", () => {
    const firing = planAlert({ group: group({ ...hostile, startsAt: T + 60 * MIN }), issue: issue({}), rule, rules, capabilities: GITHUB_CAPABILITIES, now: T + 61 * MIN });
    expect(firing.kind).toBe("update");
    const body = firing.kind === "update" ? String(firing.operations.find((o) => o.kind === "comment")?.body) : "";
    expect(body).not.toMatch(/\n\s*(#|- \[|\*\*Root)/);
    expect(parseSections(body, known).sections.has("root cause")).toBe(false);
  });
});

describe("the notices", () => {
  it("are written in the rules' language, and a team may reword them under messages:", () => {
    const zh = readRulesText("/virtual/shepherd.yml", "extends: support\nlocale: zh\nalerts: { tracker: github, repository: acme/ops }\n", T).rules!;
    const step = planAlert({ group: group(alert("resolved", T, T + 25 * MIN)), issue: issue({}), rule: zh.alerts!, rules: zh, capabilities: GITHUB_CAPABILITIES, now: T + 30 * MIN });
    expect(step.kind === "update" && JSON.stringify(step.operations)).toContain("告警已恢复");
    const own = readRulesText("/virtual/shepherd.yml", 'extends: support\nmessages: { alert.resolved: "Back to normal after {duration}." }\nalerts: { tracker: github, repository: acme/ops }\n', T).rules!;
    const reworded = planAlert({ group: group(alert("resolved", T, T + 25 * MIN)), issue: issue({}), rule: own.alerts!, rules: own, capabilities: GITHUB_CAPABILITIES, now: T + 30 * MIN });
    expect(reworded.kind === "update" && JSON.stringify(reworded.operations)).toContain("Back to normal after 25 min.");
  });
});

describe("the identity", () => {
  it("is the group key by default, or the template's labels: two group keys of one cluster's alert are one issue", async () => {
    const { identityText } = await import("../../../src/core/alerts/plan-alert.ts");
    const templated = readRulesText("/virtual/shepherd.yml", 'extends: support\nalerts: { tracker: github, repository: acme/ops, identity: "{alertname}/{labels.cluster}" }\n', T).rules!;
    const one = { ...group(alert("firing", T)), groupKey: "k1", groupLabels: { alertname: "Down", cluster: "eu-1" } };
    const two = { ...one, groupKey: "k2" };
    expect(identityText(one, rule, rules)).not.toBe(identityText(two, rule, rules));
    expect(identityText(one, templated.alerts!, templated)).toBe("alertmanager:Down/eu-1");
    expect(identityText(two, templated.alerts!, templated)).toBe(identityText(one, templated.alerts!, templated));
  });

  it("reads only the group's own labels, so that the alerts coming and going in it never change it", async () => {
    const { identityText } = await import("../../../src/core/alerts/plan-alert.ts");
    const templated = readRulesText("/virtual/shepherd.yml", 'extends: support\nalerts: { tracker: github, repository: acme/ops, identity: "{alertname}/{labels.cluster}/{labels.instance}" }\n', T).rules!;
    const a = { ...alert("firing", T), fingerprint: "a", labels: { alertname: "Down", cluster: "eu-1", instance: "web-1" } };
    const b = { ...alert("firing", T + MIN), fingerprint: "b", labels: { alertname: "Down", cluster: "eu-1", instance: "web-2" } };
    const groupLabels = { alertname: "Down", cluster: "eu-1" };
    const first = { ...group(a), groupLabels, commonLabels: a.labels };
    const later = { ...group(a), groupLabels, commonLabels: groupLabels, alerts: [{ ...a, status: "resolved" as const, endsAt: T + 2 * MIN }, b] };
    expect(identityText(first, templated.alerts!, templated)).toBe("alertmanager:Down/eu-1/");
    expect(identityText(later, templated.alerts!, templated)).toBe(identityText(first, templated.alerts!, templated));
  });

  it("tells apart groups whose labels would render alike in the template", async () => {
    const { identityText } = await import("../../../src/core/alerts/plan-alert.ts");
    const templated = readRulesText("/virtual/shepherd.yml", 'extends: support\nalerts: { tracker: github, repository: acme/ops, identity: "{alertname}/{labels.cluster}" }\n', T).rules!;
    const one = { ...group(alert("firing", T)), groupLabels: { alertname: "Disk/eu", cluster: "1" } };
    const two = { ...group(alert("firing", T)), groupLabels: { alertname: "Disk", cluster: "eu/1" } };
    expect(identityText(one, templated.alerts!, templated)).not.toBe(identityText(two, templated.alerts!, templated));
  });
});

describe("the alerts: section", () => {
  it("reports unknown placeholders, undeclared levels and a missing target at their lines", () => {
    const bad = readRulesText("/virtual/shepherd.yml", "extends: support\nalerts:\n  tracker: jira\n  title: \"{nope}\"\n  severity: { priorities: { critical: P7 } }\n", T);
    expect(bad.rules).toBeUndefined();
    const lines = bad.diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^3:\d+ alerts\.tracker: expected project: KEY beside tracker: jira/),
        expect.stringMatching(/^4:\d+ alerts\.title: expected a placeholder among .* found \{nope\}/),
        expect.stringMatching(/^5:\d+ alerts\.severity\.priorities\.critical: expected a declared priority/),
      ]),
    );
  });
});
