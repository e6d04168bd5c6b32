import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/core/plan.ts";
import type { JiraSnapshot } from "../../src/file/snapshot.ts";
import { adfToText } from "../../src/jira/adf.ts";
import { fixtureTracker, NOW, op } from "./helpers.ts";

const BOT = "557058:shepherd-app";
const TIME = "2026-03-11T02:00:00.000+0000";

async function setup(key = "SUP-1") {
  const tracker = fixtureTracker("jira-small.json", BOT);
  const issue = await tracker.getIssue(key);
  const raw = (tracker.snapshot as JiraSnapshot).issues.find((candidate) => candidate.key === key);
  if (raw === undefined) throw new Error("no issue");
  const run = async (...operations: Operation[]) => {
    const first = tracker.applyDetailed(issue, operations);
    const after = await tracker.getIssue(key);
    const second = tracker.applyDetailed(after, operations);
    return { first, after, second };
  };
  const lastHistory = () => raw.changelog?.histories?.at(-1);
  return { tracker, issue, raw, run, lastHistory };
}

// The account the snapshot is written as: the tool itself.
const bot = { id: BOT, name: "Issue Shepherd", bot: true, self: true };

describe("Jira snapshot: apply then re-read", () => {
  it("changes labels with one changelog entry per change, as Jira records them", async () => {
    const { raw, run, lastHistory } = await setup();
    const { first, after, second } = await run(
      op({ kind: "add-labels", labels: ["sla/at-risk"] }),
      op({ kind: "remove-labels", labels: ["needs-info"] }),
    );
    expect(first.map((result) => result.changed)).toEqual([true, true]);
    expect(after.labels).toEqual(["payments", "sla/at-risk"]);
    expect(after.history.filter((event) => event.at === NOW)).toEqual([
      { kind: "labeled", at: NOW, actor: bot, label: "sla/at-risk" },
      { kind: "unlabeled", at: NOW, actor: bot, label: "needs-info" },
    ]);
    expect(lastHistory()).toMatchObject({
      author: { accountId: BOT, accountType: "app" },
      created: TIME,
      items: [{ field: "labels", fieldtype: "jira", fromString: "payments needs-info sla/at-risk", toString: "payments sla/at-risk" }],
    });
    expect(raw.changelog?.total).toBe(5);
    expect(raw.fields?.updated).toBe(TIME);
    expect(second.map((result) => [result.ok, result.changed])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it("refuses labels with spaces, which Jira cannot store", async () => {
    const { run } = await setup();
    const { first } = await run(op({ kind: "add-labels", labels: ["needs info"] }));
    expect(first[0]).toMatchObject({ ok: false, error: 'Jira labels cannot be empty or contain spaces: "needs info"' });
  });

  it("posts an ADF comment with real mention nodes and the key as a comment property, once", async () => {
    const { raw, run } = await setup();
    const { after, second } = await run(
      op({ kind: "comment", key: "escalation/level-1/cycle-1", body: "### Escalated\n\nPlease take over.", mentions: ["5b10a2844c20165700ede21h"] }),
    );
    const posted = raw.fields?.comment?.comments?.at(-1);
    expect(posted).toMatchObject({
      author: { accountId: BOT, accountType: "app" },
      created: TIME,
      jsdPublic: true,
      properties: [{ key: "issue-shepherd", value: { key: "escalation/level-1/cycle-1" } }],
      body: {
        type: "doc",
        version: 1,
        content: [
          { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "Escalated" }] },
          { type: "paragraph", content: [{ type: "text", text: "Please take over." }] },
          {
            type: "paragraph",
            content: [{ type: "text", text: "cc " }, { type: "mention", attrs: { id: "5b10a2844c20165700ede21h" } }],
          },
        ],
      },
    });
    expect(raw.fields?.comment?.total).toBe(4);
    expect(raw.properties).toEqual({ "issue-shepherd": { comments: { [String(posted?.id)]: "escalation/level-1/cycle-1" } } });
    expect(after.comments.at(-1)).toMatchObject({
      author: bot,
      key: "escalation/level-1/cycle-1",
      public: true,
      createdAt: NOW,
      body: "### Escalated\n\nPlease take over.\n\ncc @5b10a2844c20165700ede21h",
    });
    // Posted already by the tool's own account: done, nothing written, not a failure.
    expect(second[0]).toMatchObject({ ok: true, changed: false, alreadyDone: true });
  });

  it("edits a comment's ADF body in place", async () => {
    const { raw, run } = await setup();
    const { after, second } = await run(
      op({ kind: "edit-comment", key: "intake/missing", commentId: "20003", body: "All there now.", mentions: [] }),
    );
    expect(after.comments.find((comment) => comment.id === "20003")).toMatchObject({
      body: "All there now.",
      key: "intake/missing",
      updatedAt: NOW,
    });
    const edited = raw.fields?.comment?.comments?.find((comment) => comment.id === "20003");
    expect(adfToText(edited?.body)).toBe("All there now.");
    expect(edited?.properties).toEqual([{ key: "issue-shepherd", value: { key: "intake/missing" } }]);
    expect(second[0]).toMatchObject({ ok: true, changed: false });
  });

  it("assigns by accountId, copying the display name Jira would show", async () => {
    const { raw, run, lastHistory } = await setup();
    const { after, second } = await run(op({ kind: "assign", assignees: ["5b10a2844c20165700ede21h"] }));
    expect(after.assignees).toEqual([{ id: "5b10a2844c20165700ede21h", name: "Erin Lead" }]);
    expect(raw.fields?.assignee).toMatchObject({ accountId: "5b10a2844c20165700ede21h", displayName: "Erin Lead" });
    expect(lastHistory()?.items).toEqual([
      expect.objectContaining({ field: "assignee", from: "5b10a2844c20165700ede21g", fromString: "Dave Dev", to: "5b10a2844c20165700ede21h", toString: "Erin Lead" }),
    ]);
    expect(after.history.filter((event) => event.at === NOW).map((event) => event.kind)).toEqual(["unassigned", "assigned"]);
    expect(second[0]?.changed).toBe(false);
  });

  it("sets the priority field by its native name", async () => {
    const { run, lastHistory } = await setup();
    const { after, second } = await run(op({ kind: "set-priority", priority: "P0", native: "Highest" }));
    expect(after.nativePriority).toBe("Highest");
    expect(after.history.at(-1)).toEqual({ kind: "priority", at: NOW, actor: bot, from: "High", to: "Highest" });
    expect(lastHistory()?.items?.[0]).toMatchObject({ field: "priority", fromString: "High", toString: "Highest" });
    expect(second[0]?.changed).toBe(false);
  });

  it("transitions by status name, taking the category from statuses the snapshot knows", async () => {
    const { raw, run } = await setup();
    const { after, second } = await run(op({ kind: "transition", to: "Waiting for customer" }));
    expect(after.status).toEqual({ name: "Waiting for customer", category: "indeterminate" });
    expect(after.state).toBe("open");
    expect(after.history.at(-1)).toMatchObject({ kind: "status", from: "In Progress", to: "Waiting for customer" });
    expect(second[0]?.changed).toBe(false);

    const tracker2 = await setup();
    const done = await tracker2.run(op({ kind: "transition", to: "done" }));
    expect(done.after).toMatchObject({ state: "closed", closeReason: "completed", closedAt: NOW, status: { name: "Done", category: "done" } });
    expect(done.after.history.slice(-2).map((event) => event.kind)).toEqual(["status", "closed"]);
    expect(tracker2.raw.fields?.resolution).toEqual({ name: "Done" });
    expect(raw.fields?.status).toMatchObject({ name: "Waiting for customer" });
  });

  it("closes with a resolution and reopens to the status it came from", async () => {
    const { raw, tracker, run } = await setup();
    const closed = await run(op({ kind: "close", closeReason: "not_planned" }));
    expect(closed.after).toMatchObject({ state: "closed", closeReason: "not_planned", closedAt: NOW, status: { name: "Done" } });
    expect(raw.fields).toMatchObject({ resolution: { name: "Won't Do" }, resolutiondate: TIME, statuscategorychangedate: TIME });
    expect(closed.after.history.at(-1)).toMatchObject({ kind: "closed", reason: "not_planned" });
    expect(closed.second[0]?.changed).toBe(false);

    const recompleted = tracker.applyDetailed(closed.after, [op({ kind: "close", closeReason: "completed" })]);
    expect(recompleted[0]?.changed).toBe(true);
    expect((await tracker.getIssue("SUP-1")).closeReason).toBe("completed");

    tracker.applyDetailed(closed.after, [op({ kind: "reopen" })]);
    const reopened = await tracker.getIssue("SUP-1");
    expect(reopened).toMatchObject({ state: "open", status: { name: "In Progress", category: "indeterminate" } });
    expect(reopened).not.toHaveProperty("closedAt");
    expect(raw.fields).toMatchObject({ resolution: null, resolutiondate: null });
    expect(reopened.history.at(-1)).toMatchObject({ kind: "reopened", at: NOW });
    expect(tracker.applyDetailed(reopened, [op({ kind: "reopen" })])[0]?.changed).toBe(false);
  });

  it("sets fields by name or id, in the shape each field already has", async () => {
    const { raw, run } = await setup();
    const { first, after, second } = await run(
      op({ kind: "set-field", field: "Root cause", value: "Expired TLS certificate" }),
      op({ kind: "set-field", field: "Environment", value: "Firefox 124" }),
      op({ kind: "set-field", field: "customfield_10030", value: ["Web"] }),
      op({ kind: "set-field", field: "Verified by", value: "Carol" }),
    );
    expect(first.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(after.fields).toMatchObject({
      "Root cause": "Expired TLS certificate",
      customfield_10010: "Expired TLS certificate",
      Environment: "Firefox 124",
      "Affected systems": ["Web"],
      "Verified by": "Carol",
    });
    expect(raw.fields?.customfield_10020).toEqual({
      type: "doc",
      version: 1,
      content: [{ type: "paragraph", content: [{ type: "text", text: "Firefox 124" }] }],
    });
    expect(raw.fields?.customfield_10030).toEqual([{ value: "Web" }]);
    expect(after.history.at(-4)).toEqual({ kind: "field", at: NOW, actor: bot, field: "Root cause", from: null, to: "Expired TLS certificate" });
    expect(second.map((result) => result.changed)).toEqual([false, false, false, false]);
  });

  it("works on an issue with no comments, changelog or labels yet", async () => {
    const { run } = await setup("SUP-3");
    const { first, after } = await run(
      op({ kind: "add-labels", labels: ["needs-info"] }),
      op({ kind: "comment", key: "intake/missing", body: "Please add details.", mentions: [] }),
      op({ kind: "assign", assignees: [] }),
    );
    expect(first.map((result) => result.ok)).toEqual([true, true, false]);
    expect(first[2]?.error).toBe("no one to assign");
    expect(after).toMatchObject({ labels: ["needs-info"], comments: [{ key: "intake/missing", body: "Please add details." }] });
  });
});
