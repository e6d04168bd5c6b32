/**
 * One rule file, two trackers: the same support case filed on GitHub and on Jira gets the same
 * decisions — priority, clock states, and the same operations (labels, notices with the same
 * keys and text, the same people assigned and mentioned, reopen). The GitHub side goes through
 * the GitHub REST conversion; the Jira side through the whole Jira adapter against the fake
 * Jira (REST v3 JSON, ADF, changelog, field catalogue).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Operation, Plan } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { RestComment, RestIssue, RestTimelineEvent } from "../../src/github/rest-types.ts";
import { toCoreIssueFromRest } from "../../src/github/to-core-issue.ts";
import { createJiraTracker, type JiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { adf, jiraTime, type SeedIssue, type SeedUser, USERS } from "../fakes/jira/seed.ts";
import { commentParts, operationKeys } from "../../src/core/engine/digest.ts";
import { INTAKE_KEY } from "../../src/core/engine/intake.ts";

const NOW = Date.parse("2026-03-10T09:40:00Z");
const CREATED = Date.parse("2026-03-10T09:00:00Z");

/** The same people on both trackers. */
const PEOPLE = [
  { github: "mia-krystof", jira: USERS.reporter },
  { github: "ravi-nair", jira: USERS.agent },
  { github: "chen-jing", jira: USERS.lead },
] as const;
const githubLogin = (user: SeedUser): string => PEOPLE.find((person) => person.jira === user)?.github ?? "someone";
const toGithubId = new Map<string, string>(PEOPLE.map((person) => [person.jira.accountId, person.github]));

const RULES_YAML = `
extends: support
bot: { logins: [shepherd-bot, "${USERS.bot.accountId}"] }
groups:
  on-call: [{ github: ravi-nair, jira: "${USERS.agent.accountId}" }]
  team-lead: [{ github: chen-jing, jira: "${USERS.lead.accountId}" }]
`;

let rules: Rules;
let fake: FakeJira;
let jira: JiraTracker;

/** One support case, described once and rendered for each tracker. */
interface Case {
  title: string;
  /** Answers by preset field: impact, symptom, started, steps, environment, root-cause, … */
  answers: Partial<Record<"impact" | "symptom" | "started" | "steps" | "environment", string>>;
  /** P0 … P3 set by the reporter, or none. */
  priority?: "P1" | "P2";
  comments?: { by: SeedUser; text: string; minutesAfter: number }[];
  /** Closed as completed this many minutes after creation. */
  closedAfter?: number;
}

const GITHUB_SECTIONS = { impact: "Impact scope", symptom: "Symptom and error message", started: "Start time", steps: "Steps to reproduce", environment: "Environment" };
const JIRA_PRIORITY = { P1: "High", P2: "Medium" };

function githubIssue(c: Case, number: number): Issue {
  const body = Object.entries(c.answers)
    .map(([field, text]) => `### ${GITHUB_SECTIONS[field as keyof typeof GITHUB_SECTIONS]}\n\n${text}`)
    .join("\n\n");
  const at = (minutes: number) => new Date(CREATED + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const reporter = { login: "mia-krystof", type: "User" };
  const issue: RestIssue = {
    number,
    title: c.title,
    body,
    labels: c.priority === undefined ? [] : [{ name: `priority/${c.priority}` }],
    state: c.closedAfter === undefined ? "open" : "closed",
    state_reason: c.closedAfter === undefined ? null : "completed",
    user: reporter,
    author_association: "NONE",
    assignees: [],
    created_at: at(0),
    updated_at: at(0),
    closed_at: c.closedAfter === undefined ? null : at(c.closedAfter),
  };
  const comments: RestComment[] = (c.comments ?? []).map((comment, index) => ({
    id: 900 + index,
    user: { login: githubLogin(comment.by), type: "User" },
    body: comment.text,
    created_at: at(comment.minutesAfter),
    updated_at: at(comment.minutesAfter),
    author_association: comment.by === USERS.reporter ? "NONE" : "MEMBER",
  }));
  const timeline: RestTimelineEvent[] = [];
  if (c.priority !== undefined) timeline.push({ event: "labeled", actor: reporter, created_at: at(0), label: { name: `priority/${c.priority}` } });
  if (c.closedAfter !== undefined) timeline.push({ event: "closed", actor: { login: "ravi-nair" }, created_at: at(c.closedAfter), state_reason: "completed" });
  return toCoreIssueFromRest("acme/support", issue, comments, timeline, { botLogins: rules.botLogins });
}

function jiraSeed(c: Case, key: string, id: string): SeedIssue {
  const a = c.answers;
  const extraFields: Record<string, unknown> = {};
  if (a.impact !== undefined) extraFields.customfield_10051 = { value: a.impact, id: "10100" };
  if (a.started !== undefined) extraFields.customfield_10052 = a.started;
  if (a.steps !== undefined) extraFields.customfield_10053 = adf(a.steps);
  if (a.environment !== undefined) extraFields.environment = adf(a.environment);
  const histories = [];
  if (c.priority !== undefined) {
    // The reporter chose the priority: Jira records the change from the site's default.
    const from = c.priority === "P2" ? "Low" : "Medium";
    histories.push({ id: `${id}1`, author: USERS.reporter, at: CREATED, items: [{ field: "priority", fieldtype: "jira", fieldId: "priority", from: null, fromString: from, to: null, toString: JIRA_PRIORITY[c.priority] }] });
  }
  if (c.closedAfter !== undefined) {
    histories.push({
      id: `${id}2`,
      author: USERS.agent,
      at: CREATED + c.closedAfter * 60_000,
      items: [
        { field: "status", fieldtype: "jira", fieldId: "status", from: "10000", fromString: "To Do", to: "10001", toString: "Done" },
        { field: "resolution", fieldtype: "jira", fieldId: "resolution", from: null, fromString: null, to: "10000", toString: "Done" },
      ],
    });
  }
  return {
    key,
    id,
    summary: c.title,
    description: a.symptom ?? "",
    status: c.closedAfter === undefined ? "To Do" : "Done",
    priority: JIRA_PRIORITY[c.priority ?? "P2"],
    reporter: USERS.reporter,
    created: CREATED,
    comments: (c.comments ?? []).map((comment, index) => ({ id: `${id}${index}`, author: comment.by, text: comment.text, at: CREATED + comment.minutesAfter * 60_000 })),
    histories,
    extraFields: c.closedAfter === undefined ? extraFields : { ...extraFields, resolutiondate: jiraTime(CREATED + c.closedAfter * 60_000) },
  };
}

/** What the rules decided, with tracker-specific spellings (ids, priority representation) mapped away. */
function decisions(plan: Plan) {
  const person = (id: string) => toGithubId.get(id) ?? id;
  const op = (operation: Operation): Record<string, unknown> => {
    switch (operation.kind) {
      case "set-priority":
        return { kind: operation.kind, priority: operation.priority };
      // The same notices, word for word — except where the missing information goes, which
      // each tracker names its own way (description sections, Jira fields).
      case "comment":
        return { kind: "comment", keys: operationKeys(operation), said: commentParts(operation).filter((p) => p.key !== INTAKE_KEY).map((p) => p.body), mentions: operation.mentions.map(person) };
      case "edit-comment":
        return { kind: "comment", keys: operationKeys(operation), said: operation.key === INTAKE_KEY ? [] : [operation.body], mentions: operation.mentions.map(person) };
      case "assign":
        return { kind: operation.kind, assignees: operation.assignees.map(person) };
      default: {
        const { rule: _rule, reason: _reason, ...rest } = operation;
        return rest;
      }
    }
  };
  return {
    priority: plan.priority,
    priorityInferred: plan.priorityInferred,
    clocks: plan.clocks.map((clock) => ({ clock: clock.clock, state: clock.state, cycle: clock.cycle })),
    operations: plan.operations.map(op),
  };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-parity-"));
  writeFileSync(join(dir, "shepherd.yml"), RULES_YAML);
  const loaded = readRules(join(dir, "shepherd.yml"));
  if (loaded.rules === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
  rules = loaded.rules;
  fake = await startFakeJira({ now: () => NOW });
  jira = createJiraTracker({ baseUrl: fake.url, email: USERS.bot.emailAddress, apiToken: "test-api-token" });
});

afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const CASES: [string, Case, (d: ReturnType<typeof decisions>) => void][] = [
  [
    "a report missing its steps and environment",
    { title: "Invoice export does nothing", answers: { impact: "One customer", symptom: "Clicking Export shows no error and downloads nothing.", started: "2026-03-10 08:30" }, priority: "P2" },
    (d) => expect(d.operations.map((o) => o.kind)).toEqual(["add-labels", "comment"]),
  ],
  [
    "a P1 without a first response after 40 minutes",
    {
      title: "Single sign-on rejects valid passwords",
      answers: { impact: "Part of the EU users", symptom: "Login fails with 'invalid_grant'.", started: "2026-03-10 08:50", steps: "Log in with SSO.", environment: "Chrome 122, app 4.18.2" },
      priority: "P1",
      comments: [{ by: USERS.reporter, text: "Still failing for us.", minutesAfter: 20 }],
    },
    (d) => {
      expect(d.clocks).toContainEqual({ clock: "first-response", state: "breached", cycle: 1 });
      expect(d.operations.map((o) => o.kind)).toEqual(expect.arrayContaining(["add-labels", "comment", "assign"]));
    },
  ],
  [
    "a P1 closed as completed with no root cause, solution or verification",
    {
      title: "Reports page times out",
      answers: { impact: "All analysts", symptom: "Gateway timeout after 60 s.", started: "2026-03-10 08:40", steps: "Open Reports.", environment: "Firefox 123" },
      priority: "P1",
      comments: [{ by: USERS.agent, text: "Restarted the reporting service.", minutesAfter: 10 }],
      closedAfter: 30,
    },
    (d) => expect(d.operations.map((o) => o.kind)).toEqual(expect.arrayContaining(["reopen", "comment"])),
  ],
];

describe("the same case on GitHub and on Jira gets the same decisions", () => {
  it.each(CASES)("%s", async (_name, c, check) => {
    const index = CASES.findIndex(([, candidate]) => candidate === c);
    const key = `SUP-${100 + index}`;
    fake.state.add(jiraSeed(c, key, String(30_000 + index)));
    const onGithub = decisions(evaluate(githubIssue(c, 100 + index), rules, NOW));
    const onJira = decisions(evaluate(await jira.getIssue(key), rules, NOW));
    expect(onJira).toEqual(onGithub);
    check(onJira);
  });
});
