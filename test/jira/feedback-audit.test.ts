/**
 * Satisfaction feedback on Jira from the user's side: the real adapter (jira.js over HTTP)
 * against the fake Jira site, rules that map Jira Service Management's Satisfaction field. A
 * closed request is answered by the survey; the customer rates it 2 of 5 in the Satisfaction
 * field; the next audit labels it, mentions the assignee and the team lead once; a rerun writes
 * nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { createJiraTracker } from "../../src/jira/create-jira-tracker.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { adf, jiraTime, supportIssue, USERS } from "../fakes/jira/seed.ts";

const HOUR = 3_600_000;
const CREATED = Date.parse("2026-03-10T08:45:00Z");
const FAKE_RULES = fileURLToPath(new URL("../fakes/jira/rules.yml", import.meta.url));

let fake: FakeJira | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** The fake site's rules, plus the mapping a Jira Service Management project adds. */
function jsmRules() {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-feedback-"));
  const file = join(dir, "shepherd.yml");
  writeFileSync(file, [`extends: ${JSON.stringify(relative(dir, FAKE_RULES))}`, "fields:", "  satisfaction: { jira: { field: Satisfaction } }", "feedback: { field: satisfaction }", ""].join("\n"));
  const { rules, diagnostics } = readRules(file);
  if (!rules) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return rules;
}

describe("satisfaction feedback on Jira, through the real adapter", () => {
  it("a closed request is surveyed; a rating of 2 in the Satisfaction field labels it, mentions the assignee and the lead once; a rerun writes nothing", async () => {
    const rules = jsmRules();
    let now = CREATED + 2 * HOUR;
    fake = await startFakeJira({
      now: () => now,
      issues: [
        supportIssue({
          key: "SUP-1",
          id: "10001",
          status: "Done",
          assignee: USERS.agent,
          comments: [{ id: "20001", author: USERS.agent, text: "Looking into it.", at: CREATED + 5 * 60_000 }],
          extraFields: {
            ...supportIssue({ key: "SUP-1", id: "10001" }).extraFields,
            customfield_10050: adf("An expired gateway certificate."),
            customfield_10054: adf("Renewed the certificate."),
            customfield_10055: adf("The reporter paid again."),
            customfield_10060: null,
          },
        }),
      ],
    });
    const server = fake;
    const tracker = createJiraTracker({ baseUrl: server.url, email: USERS.bot.emailAddress, apiToken: "test-api-token", now: () => now, sleep: async () => {}, maxRetries: 0 });
    const audit = async (at: number) => {
      now = at;
      const from = server.writes().length;
      const report = await runAudit({ tracker, rules, now: at, dryRun: false, maxWrites: null, scope: { jql: "project = SUP", closedSince: at - 7 * 24 * HOUR } });
      expect(server.violations).toEqual([]);
      expect(report.totals.failed).toBe(0);
      return server.writes().slice(from);
    };
    const comments = () => server.issue("SUP-1").comments as { author?: { accountId?: string }; body?: unknown }[];
    const text = (c: { body?: unknown }) => JSON.stringify(c.body);

    await audit(CREATED + 2 * HOUR);
    const survey = comments().filter((c) => c.author?.accountId === USERS.bot.accountId);
    expect(survey).toHaveLength(1);
    expect(text(survey[0]!)).toContain("how satisfied are you");
    expect(await audit(CREATED + 2 * HOUR + 60_000)).toEqual([]);

    // The customer rates the request in Jira Service Management's Satisfaction field.
    const stored = server.issue("SUP-1").fields;
    stored.customfield_10060 = { rating: 2 };
    stored.updated = jiraTime(CREATED + 3 * HOUR);
    await audit(CREATED + 3 * HOUR + 60_000);
    expect(server.issue("SUP-1").fields.labels).toContain("feedback/negative");
    const notices = comments().filter((c) => c.author?.accountId === USERS.bot.accountId);
    expect(notices).toHaveLength(2);
    const notice = text(notices[1]!);
    expect(notice).toContain("not satisfied");
    expect(notice).toContain(USERS.agent.accountId);
    expect(notice.split(USERS.lead.accountId)).toHaveLength(2);
    expect(server.issue("SUP-1").fields.status).toMatchObject({ name: "Done" });

    // A rerun writes nothing.
    expect(await audit(CREATED + 3 * HOUR + 5 * 60_000)).toEqual([]);
  }, 60_000);
});
