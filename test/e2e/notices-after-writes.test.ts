/**
 * A plan's channel notices go out after every tracker write, whatever their place in the plan, on
 * GitHub and on Jira alike: the notice finds the tool's comment of the same run already posted and
 * records its key there, so the run leaves one comment, not a second one for the key.
 */
import { describe, expect, it } from "vitest";
import type { Channel, ChannelMessage, ChannelSender } from "../../src/core/channels/channel.ts";
import type { Operation, OperationOf } from "../../src/core/plan.ts";
import type { Tracker } from "../../src/core/tracker.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { commentPropertyKeys } from "../../src/jira/ledger.ts";
import { startGitHubUnderTest, startJiraUnderTest } from "./trackers-under-test.ts";
import type { FakeJira } from "../fakes/jira/fake-jira.ts";
import { FAKE_BOT, type FakeState } from "../fakes/github/fake-state.ts";
import { restIssue } from "../fakes/github/make-issues.ts";
import { supportIssue } from "../fakes/jira/seed.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const why = { rule: "rules.r", reason: "why" };
const NOTICE_KEY = "notify/support-room/first-response/cycle-1/level-1";
const notice: OperationOf<"notify"> = {
  kind: "notify",
  channel: "support-room",
  via: { kind: "slack", name: "support-room", url: { env: "SLACK_WEBHOOK_URL" } },
  message: { channel: "support-room", key: NOTICE_KEY, event: "info", dedupKey: "issue-shepherd/1/cycle-1", severity: "info", title: "P1 — first response due", text: "first response", url: "https://example.test/1", issue: "1", priority: "P1" },
  ...why,
};
/** The notice first, then the writes: as a plan could list them. */
const PLAN: Operation[] = [notice, { kind: "comment", key: "rule/r", body: "We are on it.", mentions: [], ...why }, { kind: "add-labels", labels: ["triaged"], ...why }];

/** A sender that notes, as each notice goes out, what the tracker held then. */
function watchingSender(look: () => unknown): ChannelSender & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    send(_channel: Channel, _message: ChannelMessage) {
      seen.push(look());
      return Promise.resolve();
    },
  };
}

async function applyAll(tracker: Tracker, id: string): Promise<void> {
  const results = await tracker.apply(await tracker.getIssue(id), PLAN);
  expect(results.map((r) => [r.operation.kind, r.ok])).toEqual([
    ["notify", true],
    ["comment", true],
    ["add-labels", true],
  ]);
}

describe("channel notices after the tracker writes", () => {
  it("GitHub: the comment and the label are there when the notice is sent; its key joins the comment", async () => {
    let state: () => ReturnType<FakeState["get"]> = () => undefined;
    const sender = watchingSender(() => ({ comments: state()?.comments.length, triaged: state()?.issue.labels.some((l) => l.name === "triaged") }));
    const seed = [{ repository: "acme/support", ownerType: "User" as const, issues: [{ issue: restIssue({ number: 1, createdAt: NOW - 60_000 }), comments: [], timeline: [] }] }];
    const { server, tracker } = await startGitHubUnderTest(seed, { now: () => NOW, viewer: FAKE_BOT }, { botLogins: ["github-actions[bot]"], channelSender: sender });
    state = () => server.state.get("acme", "support", 1);
    await applyAll(tracker, "acme/support#1");
    expect(sender.seen).toEqual([{ comments: 1, triaged: true }]);
    expect((state()?.comments ?? []).map((c) => readMarkerKeys(c.body ?? ""))).toEqual([["rule/r", NOTICE_KEY]]);
  });

  it("Jira: the comment and the label are there when the notice is sent; its key joins the comment's property", async () => {
    let issue: () => ReturnType<FakeJira["issue"]> | undefined = () => undefined;
    const sender = watchingSender(() => ({ comments: issue()?.comments.length, triaged: (issue()?.fields.labels as string[] | undefined)?.includes("triaged") }));
    const { server, tracker } = await startJiraUnderTest({ issues: [supportIssue({ key: "SUP-1", id: "10001", created: NOW - 60_000 })], now: () => NOW }, { channelSender: sender });
    issue = () => server.issue("SUP-1");
    await applyAll(tracker, "SUP-1");
    expect(sender.seen).toEqual([{ comments: 1, triaged: true }]);
    expect((issue()?.comments ?? []).map((c) => commentPropertyKeys(c.properties))).toEqual([["rule/r", NOTICE_KEY]]);
  });
});
