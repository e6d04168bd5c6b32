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
});
