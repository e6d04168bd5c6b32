import { describe, expect, it } from "vitest";
import { createSnapshotTracker } from "../../src/file/open-snapshot-tracker.ts";
import type { GithubSnapshot, GithubSnapshotEntry, JiraSnapshot, Snapshot } from "../../src/file/snapshot.ts";
import { restIssue } from "../fakes/github/make-issues.ts";
import { NOW, op } from "./helpers.ts";

/** The snapshot's issues array behind a proxy that counts how many entries are read by index. */
function counted<T extends Snapshot>(snapshot: T): { snapshot: T; reads: () => number } {
  let reads = 0;
  const issues = new Proxy(snapshot.issues, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { snapshot: { ...snapshot, issues }, reads: () => reads };
}

const githubSnapshot = (count: number): GithubSnapshot => ({
  tracker: "github",
  repository: "acme/support",
  issues: Array.from({ length: count }, (_, i): GithubSnapshotEntry => ({
    issue: restIssue({ number: i + 1, createdAt: NOW - 1000 }),
    comments: [],
    timeline: [],
  })),
});

const tracker = (snapshot: Snapshot) =>
  createSnapshotTracker(snapshot, { name: "big.json", botLogin: "shepherd-bot", now: () => NOW });

describe("applying changes to a large snapshot", () => {
  it("finds each issue in constant time, not by scanning the snapshot", () => {
    const count = 4000;
    const { snapshot, reads } = counted(githubSnapshot(count));
    const subject = tracker(snapshot);
    const before = reads();
    for (let n = count; n >= 1; n--) {
      const [result] = subject.applyDetailed({ id: `acme/support#${n}` } as never, [op({ kind: "add-labels", labels: ["triaged"] })]);
      expect(result?.ok).toBe(true);
    }
    // One scan to index the ids, then a few reads per issue; a scan per apply would be ~count²/2.
    expect(reads() - before).toBeLessThan(count * 10);
    expect(snapshot.issues[0]?.issue.labels).toEqual([{ name: "triaged" }]);
  });

  it("finds Jira issues by key, id and number with the same index", async () => {
    const issues = Array.from({ length: 3000 }, (_, i) => ({
      id: String(20000 + i),
      key: `${i % 2 === 0 ? "SUP" : "OPS"}-${i}`,
      fields: { summary: `Issue ${i}`, status: { name: "Open", statusCategory: { key: "new" } }, created: "2026-03-01T00:00:00.000+0000" },
    }));
    const { snapshot, reads } = counted({ tracker: "jira", issues } as unknown as JiraSnapshot);
    const subject = tracker(snapshot);
    const before = reads();
    for (let i = 0; i < 3000; i += 7) {
      expect((await subject.getIssue(`sup-${i}`).catch(() => undefined))?.id).toBe(i % 2 === 0 ? `SUP-${i}` : undefined);
      expect((await subject.getIssue(String(20000 + i))).id).toBe(`${i % 2 === 0 ? "SUP" : "OPS"}-${i}`);
      expect((await subject.getIssue(String(i))).id).toBe(`${i % 2 === 0 ? "SUP" : "OPS"}-${i}`);
    }
    expect(reads() - before).toBeLessThan(3000 * 10);
  });

  it("copies an issue field from another issue without scanning the snapshot per operation", () => {
    const count = 3000;
    const { snapshot, reads } = counted(githubSnapshot(count));
    const subject = tracker(snapshot);
    const before = reads();
    for (let n = count; n >= 1; n--) {
      const [result] = subject.applyDetailed({ id: `acme/support#${n}` } as never, [op({ kind: "set-field", field: "Team", value: "Billing" })]);
      expect(result?.ok).toBe(true);
    }
    // The first set-field creates the field; every other issue copies it from the nearest holder.
    expect(reads() - before).toBeLessThan(count * 20);
    const ids = new Set(snapshot.issues.map((entry) => entry.issue.issue_field_values?.[0]?.issue_field_id));
    expect(ids.size).toBe(1);
  });

  it("copies the first issue field in snapshot order, also after the apply added or cleared some", () => {
    const snapshot = githubSnapshot(5);
    const fourth = snapshot.issues[3];
    if (fourth === undefined) throw new Error("no fourth issue");
    fourth.issue.issue_field_values = [{ issue_field_id: 77, issue_field_name: "Team", data_type: "text", value: "Ops" }];
    const subject = tracker(snapshot);
    const set = (n: number, value: string | null) =>
      subject.applyDetailed({ id: `acme/support#${n}` } as never, [op({ kind: "set-field", field: "team", value })]);
    const fieldOf = (n: number) => snapshot.issues[n - 1]?.issue.issue_field_values?.[0];
    set(2, "Billing");
    expect(fieldOf(2)).toMatchObject({ issue_field_id: 77, issue_field_name: "Team", value: "Billing" });
    set(4, null);
    set(2, null);
    set(5, "Sales");
    const created = fieldOf(5)?.issue_field_id;
    expect(created).not.toBe(77);
    set(1, "Support");
    set(3, "Support");
    expect([fieldOf(1)?.issue_field_id, fieldOf(3)?.issue_field_id]).toEqual([created, created]);
  });

  it("closes and moves Jira issues without scanning every status per operation", () => {
    const count = 3000;
    const issues = Array.from({ length: count }, (_, i) => ({
      id: String(30000 + i),
      key: `SUP-${i}`,
      fields: {
        summary: `Issue ${i}`,
        status:
          i === count - 1
            ? { id: "10002", name: "Resolved", statusCategory: { key: "done" } }
            : i === count - 2
              ? { id: "10001", name: "Doing", statusCategory: { key: "indeterminate" } }
              : { id: "10000", name: "Open", statusCategory: { key: "new" } },
        created: "2026-03-01T00:00:00.000+0000",
      },
    }));
    const { snapshot, reads } = counted({ tracker: "jira", issues } as unknown as JiraSnapshot);
    const subject = tracker(snapshot);
    const before = reads();
    // Every issue but the last three leaves Open: the status is then found on the last one still in it.
    for (let i = 0; i < count - 3; i++) {
      const operations = [op({ kind: i % 2 === 0 ? "close" : "transition", ...(i % 2 === 0 ? { closeReason: "completed" } : { to: "doing" }) })];
      const [result] = subject.applyDetailed({ id: `SUP-${i}` } as never, operations);
      expect(result?.ok).toBe(true);
    }
    expect(reads() - before).toBeLessThan(count * 20);
    const status = (i: number) => (snapshot.issues[i]?.fields as { status?: unknown }).status;
    // The status copied is the snapshot's own (its id and category), found by name in any case.
    expect(status(0)).toEqual({ id: "10002", name: "Resolved", statusCategory: { key: "done" } });
    expect(status(1)).toEqual({ id: "10001", name: "Doing", statusCategory: { key: "indeterminate" } });
    // Reopening goes back to where the issue was before it closed.
    expect(subject.applyDetailed({ id: "SUP-0" } as never, [op({ kind: "reopen" })])[0]?.ok).toBe(true);
    expect(status(0)).toEqual({ id: "10000", name: "Open", statusCategory: { key: "new" } });
  });

  it("names an assignee as the snapshot shows them first, as the apply changes who is where", () => {
    const assignee = (i: number) =>
      i === 2 ? { accountId: "a1", displayName: "Ann" } : i === 4 ? { accountId: "a1", displayName: "Ann B" } : null;
    const issues = Array.from({ length: 5 }, (_, i) => ({
      id: String(40000 + i),
      key: `SUP-${i}`,
      fields: { summary: `Issue ${i}`, status: { name: "Open", statusCategory: { key: "new" } }, assignee: assignee(i) },
    }));
    const snapshot = { tracker: "jira", issues } as unknown as JiraSnapshot;
    const subject = tracker(snapshot);
    const assign = (i: number, accountId: string) => subject.applyDetailed({ id: `SUP-${i}` } as never, [op({ kind: "assign", assignees: [accountId] })]);
    const assigned = (i: number) => (snapshot.issues[i]?.fields as { assignee?: unknown }).assignee;
    assign(0, "a1");
    expect(assigned(0)).toEqual({ accountId: "a1", displayName: "Ann" });
    assign(0, "b2");
    assign(2, "b2");
    // No issue before the last names a1 any more: a scan of the snapshot now finds "Ann B".
    assign(1, "a1");
    expect(assigned(1)).toEqual({ accountId: "a1", displayName: "Ann B" });
  });
});
