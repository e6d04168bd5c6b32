import { describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { GithubSnapshot } from "../../src/file/snapshot.ts";
import { createSnapshotTracker } from "../../src/file/open-snapshot-tracker.ts";
import { fixtureTracker, loadFixture, NOW, op } from "./helpers.ts";

const BOT = "shepherd-bot";
const TIME = "2026-03-11T02:00:00Z";

async function setup(id = "12") {
  const tracker = fixtureTracker("github-small.json", BOT);
  const issue = await tracker.getIssue(id);
  const entry = (tracker.snapshot as GithubSnapshot).issues.find((candidate) => String(candidate.issue.number) === id);
  if (entry === undefined) throw new Error("no entry");
  /** Apply, re-read, then apply the same operations again to the re-read issue. */
  const run = async (...operations: Operation[]) => {
    const first = tracker.applyDetailed(issue, operations);
    const after = await tracker.getIssue(id);
    const second = tracker.applyDetailed(after, operations);
    return { first, after, second };
  };
  return { tracker, issue, entry, run };
}

const newEvents = (issue: Issue) => issue.history.filter((event) => event.at === NOW);

describe("GitHub snapshot: apply then re-read", () => {
  it("adds and removes labels as label objects with timeline events by the bot", async () => {
    const { entry, run } = await setup();
    const { first, after, second } = await run(
      op({ kind: "add-labels", labels: ["priority/P0", "bug"] }),
      op({ kind: "remove-labels", labels: ["needs-info", "not-there"] }),
    );
    expect(first.map((result) => [result.ok, result.changed])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(after.labels).toEqual(["bug", "priority/P0"]);
    expect(entry.issue.labels?.at(-1)).toEqual({ name: "priority/P0" });
    expect(newEvents(after)).toEqual([
      { kind: "labeled", at: NOW, actor: { id: BOT, bot: true, self: true }, label: "priority/P0" },
      { kind: "unlabeled", at: NOW, actor: { id: BOT, bot: true, self: true }, label: "needs-info" },
    ]);
    expect(entry.timeline?.at(-1)).toMatchObject({ event: "unlabeled", actor: { login: BOT, type: "Bot" }, created_at: TIME });
    expect(entry.issue.updated_at).toBe(TIME);
    expect(second.map((result) => [result.ok, result.changed])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it("posts a comment with mentions and the hidden key, once", async () => {
    const { tracker, entry, run } = await setup();
    const comment = op({ kind: "comment", key: "sla-breach/resolution/cycle-1", body: "Resolution SLA breached.", mentions: ["erin-lead", "dave-dev"] });
    const { first, after, second } = await run(comment);
    expect(first[0]).toMatchObject({ ok: true, changed: true });
    const posted = after.comments.at(-1);
    expect(posted).toMatchObject({
      author: { id: BOT, bot: true, self: true, association: "NONE" },
      body: "Resolution SLA breached.\n\ncc @erin-lead @dave-dev\n\n<!-- issue-shepherd:sla-breach/resolution/cycle-1 -->",
      key: "sla-breach/resolution/cycle-1",
      createdAt: NOW,
      public: true,
    });
    expect(after.comments.filter((candidate) => candidate.id === posted?.id)).toHaveLength(1);
    expect(Number(posted?.id)).toBeGreaterThan(9003);
    expect(entry.issue.comments).toBe(3);
    expect(entry.timeline?.at(-1)).toMatchObject({ event: "commented", id: Number(posted?.id), actor: { login: BOT } });
    // Posted already by the tool's own login: done, nothing written, not a failure.
    expect(second[0]).toEqual({ operation: comment, ok: true, changed: false, alreadyDone: true });
    expect(tracker.changed).toBe(true);
  });

  it("edits a comment in place, in the comments list and the timeline, keeping the key", async () => {
    const { entry, run } = await setup();
    const edit = op({ kind: "edit-comment", key: "intake/missing", commentId: "9001", body: "All information is there now. Thanks!", mentions: [] });
    const { first, after, second } = await run(edit);
    expect(first[0]).toMatchObject({ ok: true, changed: true });
    expect(after.comments[0]).toMatchObject({
      id: "9001",
      body: "All information is there now. Thanks!\n\n<!-- issue-shepherd:intake/missing -->",
      key: "intake/missing",
      createdAt: Date.parse("2026-03-10T01:16:00Z"),
      updatedAt: NOW,
    });
    const timelineCopy = entry.timeline?.find((event) => event.id === 9001);
    expect(timelineCopy?.body).toBe(entry.comments?.[0]?.body);
    expect(second[0]).toMatchObject({ ok: true, changed: false });
  });

  it("fails to edit a comment that is not there, without stopping the next operation", async () => {
    const { run } = await setup();
    const { first } = await run(
      op({ kind: "edit-comment", key: "x", commentId: "404", body: "b", mentions: [] }),
      op({ kind: "add-labels", labels: ["triaged"] }),
    );
    expect(first.map((result) => result.ok)).toEqual([false, true]);
    expect(first[0]?.error).toBe("no comment 404 on this issue");
  });

  it("assigns people with assigned events", async () => {
    const { entry, run } = await setup("15");
    const { after, second } = await run(op({ kind: "assign", assignees: ["dave-dev", "erin-lead"] }));
    expect(after.assignees.map((person) => person.id)).toEqual(["dave-dev", "erin-lead"]);
    expect(entry.issue.assignee).toEqual({ login: "dave-dev", type: "User" });
    expect(newEvents(after)).toEqual([
      { kind: "assigned", at: NOW, actor: { id: BOT, bot: true, self: true }, assignee: "dave-dev" },
      { kind: "assigned", at: NOW, actor: { id: BOT, bot: true, self: true }, assignee: "erin-lead" },
    ]);
    expect(second[0]?.changed).toBe(false);
  });

  it("closes and reopens with state, reason, closed_at and events", async () => {
    const { entry, tracker, run } = await setup();
    const closed = await run(op({ kind: "close", closeReason: "not_planned" }));
    expect(closed.after).toMatchObject({ state: "closed", closeReason: "not_planned", closedAt: NOW });
    expect(entry.issue).toMatchObject({ state: "closed", state_reason: "not_planned", closed_at: TIME, closed_by: { login: BOT } });
    expect(newEvents(closed.after)).toEqual([{ kind: "closed", at: NOW, actor: { id: BOT, bot: true, self: true }, reason: "not_planned" }]);
    expect(closed.second[0]?.changed).toBe(false);

    const reopened = tracker.applyDetailed(closed.after, [op({ kind: "reopen" })]);
    expect(reopened[0]).toMatchObject({ ok: true, changed: true });
    const after = await tracker.getIssue("12");
    expect(after.state).toBe("open");
    expect(after).not.toHaveProperty("closedAt");
    expect(after.closeReason).toBeUndefined();
    expect(entry.issue).toMatchObject({ state: "open", state_reason: "reopened", closed_at: null });
    expect(after.history.at(-1)).toMatchObject({ kind: "reopened", at: NOW });
    expect(tracker.applyDetailed(after, [op({ kind: "reopen" })])[0]?.changed).toBe(false);
  });

  it("sets the priority through the labels diff", async () => {
    const { run } = await setup("15");
    const setPriority = op({ kind: "set-priority", priority: "P1", labels: { add: ["priority/P1"], remove: ["question"] } });
    const { after, second } = await run(setPriority);
    expect(after.labels).toEqual(["waiting-for-customer", "priority/P1"]);
    expect(after).not.toHaveProperty("nativePriority");
    expect(second[0]).toMatchObject({ ok: true, changed: false });
  });

  it("sets the Priority issue field too where the issue has one", async () => {
    const { entry, run } = await setup();
    const { after, second } = await run(
      op({ kind: "set-priority", priority: "P0", native: "Urgent", labels: { add: ["priority/P0"], remove: [] } }),
    );
    expect(after.nativePriority).toBe("Urgent");
    expect(after.labels).toContain("priority/P0");
    expect(entry.issue.issue_field_values?.[0]).toMatchObject({
      issue_field_id: 2,
      issue_field_name: "Priority",
      data_type: "single_select",
      single_select_option: { name: "Urgent" },
    });
    expect(second[0]?.changed).toBe(false);
  });

  it("leaves the Priority field alone when the operation has no native value, and refuses an empty one", async () => {
    const { run } = await setup();
    const { first, after } = await run(
      op({ kind: "set-priority", priority: "P0", labels: { add: ["priority/P0"], remove: [] } }),
      op({ kind: "set-priority", priority: "P0" }),
    );
    expect(after.nativePriority).toBe("High");
    expect(first[1]).toMatchObject({ ok: false, error: "set-priority P0 names neither labels nor a Priority value to write" });
  });

  it("writes and reads the native priority in the issue field the options name", async () => {
    const tracker = createSnapshotTracker(loadFixture("github-small.json"), {
      name: "x",
      botLogin: BOT,
      now: () => NOW,
      priorityField: "Severity",
    });
    const issue = await tracker.getIssue("15");
    tracker.applyDetailed(issue, [op({ kind: "set-priority", priority: "P1", native: "Sev 2" })]);
    const after = await tracker.getIssue("15");
    expect(after.nativePriority).toBe("Sev 2");
    expect(after.fields).toEqual({ Severity: "Sev 2" });
    expect((await tracker.getIssue("12")).nativePriority).toBeUndefined();
  });

  it("stores set-field in issue_field_values, in the shape of the field, and reads it back", async () => {
    const { entry, run } = await setup("15");
    const { first, after, second } = await run(
      op({ kind: "set-field", field: "Root cause", value: "Disk full" }),
      op({ kind: "set-field", field: "platforms", value: ["Android"] }),
      op({ kind: "set-field", field: "Points", value: 3 }),
    );
    expect(first.map((result) => result.ok)).toEqual([true, true, true]);
    expect(after.fields).toEqual({ "Root cause": "Disk full", Platforms: ["Android"], Points: 3 });
    expect(entry.issue.issue_field_values).toEqual([
      expect.objectContaining({ issue_field_name: "Root cause", data_type: "text", value: "Disk full" }),
      expect.objectContaining({ issue_field_id: 5, issue_field_name: "Platforms", data_type: "multi_select", value: "Android" }),
      expect.objectContaining({ issue_field_name: "Points", data_type: "number", value: 3 }),
    ]);
    expect(second.map((result) => result.changed)).toEqual([false, false, false]);
  });

  it("clears a field with null and refuses values of the wrong type", async () => {
    const { run } = await setup();
    const { first, after } = await run(
      op({ kind: "set-field", field: "Platforms", value: null }),
      op({ kind: "set-field", field: "Priority", value: ["High", "Low"] }),
    );
    expect(first[0]).toMatchObject({ ok: true, changed: true });
    expect(first[1]).toMatchObject({ ok: false, error: 'the issue field Priority holds single_select values, not ["High","Low"]' });
    expect(after.fields).toEqual({ Priority: "High" });
  });

  it("refuses transitions, which GitHub does not have", async () => {
    const { tracker, run } = await setup();
    const { first } = await run(op({ kind: "transition", to: "In Progress" }));
    expect(first[0]).toMatchObject({
      ok: false,
      error: 'GitHub issues have no workflow status to move to "In Progress"; use close, reopen or labels',
    });
    expect(tracker.changed).toBe(false);
  });

  it("reports every operation as failed for an issue that is not in the snapshot", async () => {
    const { tracker, issue } = await setup();
    const results = await tracker.apply({ ...issue, id: "acme/shop#999" }, [op({ kind: "reopen" })]);
    expect(results.map(({ ok, error }) => ({ ok, error }))).toEqual([
      { ok: false, error: "github-small.json: no issue acme/shop#999" },
    ]);
  });
});
