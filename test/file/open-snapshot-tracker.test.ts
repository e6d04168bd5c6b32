import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import { isTrackerError, TrackerError } from "../../src/core/tracker.ts";
import { openSnapshotTracker } from "../../src/file/open-snapshot-tracker.ts";
import { writeFileAtomic } from "../../src/file/write-file-atomic.ts";
import { fixtureTracker, NOW, op, readFixture } from "./helpers.ts";

const collect = async (issues: AsyncIterable<Issue>): Promise<string[]> => {
  const ids: string[] = [];
  for await (const issue of issues) ids.push(issue.id);
  return ids;
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "shepherd-snapshot-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("listIssues", () => {
  it("lists open issues, skipping pull requests", async () => {
    const tracker = fixtureTracker("github-small.json", "shepherd-bot");
    expect(tracker.kind).toBe("github");
    expect(await collect(tracker.listIssues({}))).toEqual(["acme/shop#12", "acme/shop#15"]);
  });

  it("adds issues closed at or after closedSince", async () => {
    const tracker = fixtureTracker("github-small.json", "shepherd-bot");
    expect(await collect(tracker.listIssues({ closedSince: Date.parse("2026-03-09T10:00:00Z") }))).toEqual([
      "acme/shop#12",
      "acme/shop#13",
      "acme/shop#15",
    ]);
    expect(await collect(tracker.listIssues({ closedSince: Date.parse("2020-01-01T00:00:00Z") }))).toHaveLength(4);
  });

  it("lists Jira issues the same way", async () => {
    const tracker = fixtureTracker("jira-small.json", "557058:shepherd-app");
    expect(tracker.kind).toBe("jira");
    expect(await collect(tracker.listIssues({}))).toEqual(["SUP-1", "SUP-3"]);
    expect(await collect(tracker.listIssues({ closedSince: 0 }))).toEqual(["SUP-1", "SUP-2", "SUP-3"]);
  });
});

describe("getIssue", () => {
  it.each(["12", "#12", "acme/shop#12", "ACME/Shop#12", "https://github.com/acme/shop/issues/12", " 12 "])(
    "finds a GitHub issue by %j",
    async (id) => {
      const tracker = fixtureTracker("github-small.json", "shepherd-bot");
      expect((await tracker.getIssue(id)).id).toBe("acme/shop#12");
    },
  );

  it.each(["SUP-2", "sup-2", "10002", "2"])("finds a Jira issue by %j", async (id) => {
    const tracker = fixtureTracker("jira-small.json", "557058:shepherd-app");
    expect((await tracker.getIssue(id)).id).toBe("SUP-2");
  });

  it.each([
    ["github-small.json", "other/repo#12"],
    ["github-small.json", "99"],
    ["github-small.json", "PROJ-12"],
    ["jira-small.json", "OPS-1"],
  ])("says %s has no issue %j", async (fixture, id) => {
    const tracker = fixtureTracker(fixture, "bot");
    const error = await tracker.getIssue(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrackerError);
    expect(error).toMatchObject({ kind: "not-found", message: `${fixture}: no issue ${id}` });
  });
});

describe("openSnapshotTracker", () => {
  it("writes changes back atomically, 2-space indented, and a second audit of the result plans the same nothing", async () => {
    const path = join(dir, "demo.json");
    await writeFile(path, readFixture("github-small.json"));
    const options = { botLogin: "shepherd-bot", now: () => NOW };
    const tracker = await openSnapshotTracker(path, options);
    const issue = await tracker.getIssue("12");
    const results = await tracker.apply(issue, [
      op({ kind: "add-labels", labels: ["triaged"] }),
      op({ kind: "comment", key: "greeting", body: "Hello", mentions: [] }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(results[0]).not.toHaveProperty("changed");
    await tracker.flush();

    const text = await readFile(path, "utf8");
    expect(text.startsWith('{\n  "tracker": "github",\n  "repository": "acme/shop",')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(await readdir(dir)).toEqual(["demo.json"]);

    const reopened = await openSnapshotTracker(path, options);
    const reread = await reopened.getIssue("12");
    expect(reread).toEqual(await tracker.getIssue("12"));
    expect(reread.labels).toContain("triaged");
    expect(reread.comments.at(-1)?.key).toBe("greeting");
  });

  it("does not write when nothing changed", async () => {
    const writes: string[] = [];
    const tracker = await openSnapshotTracker("demo.json", {
      botLogin: "shepherd-bot",
      now: () => NOW,
      readFile: () => Promise.resolve(readFixture("github-small.json")),
      writeFile: (path) => {
        writes.push(path);
        return Promise.resolve();
      },
    });
    await tracker.flush();
    const issue = await tracker.getIssue("12");
    await tracker.apply(issue, [op({ kind: "add-labels", labels: ["bug"] }), op({ kind: "transition", to: "x" })]);
    await tracker.flush();
    expect(writes).toEqual([]);
    await tracker.apply(issue, [op({ kind: "add-labels", labels: ["new"] })]);
    await tracker.flush();
    await tracker.flush();
    expect(writes).toEqual(["demo.json"]);
  });

  it("reports a file that is not a snapshot with every problem and its path", async () => {
    const error = await openSnapshotTracker("demo.json", {
      botLogin: "bot",
      now: () => NOW,
      readFile: () => Promise.resolve('{"tracker":"github","repository":"a/b","issues":[{"issue":{"number":"x"}}]}'),
    }).catch((caught: unknown) => caught);
    expect(isTrackerError(error)).toBe(true);
    expect(error).toMatchObject({ kind: "invalid", message: 'demo.json: issues[0].issue.number: expected a number, found "x"' });
  });

  it("reports a missing file as not found", async () => {
    const path = join(dir, "missing.json");
    await expect(openSnapshotTracker(path, { botLogin: "bot", now: () => NOW })).rejects.toMatchObject({
      kind: "not-found",
      message: `${path}: no such snapshot file`,
    });
  });

  it("reports a failed write as a tracker error and keeps the changes for the next flush", async () => {
    let fail = true;
    const tracker = await openSnapshotTracker("demo.json", {
      botLogin: "bot",
      now: () => NOW,
      readFile: () => Promise.resolve(readFixture("jira-small.json")),
      writeFile: () => (fail ? Promise.reject(new Error("ENOSPC: no space left on device")) : Promise.resolve()),
    });
    await tracker.apply(await tracker.getIssue("SUP-1"), [op({ kind: "add-labels", labels: ["x"] })]);
    await expect(tracker.flush()).rejects.toMatchObject({
      kind: "transient",
      message: "demo.json: cannot write the snapshot: ENOSPC: no space left on device",
    });
    expect(tracker.changed).toBe(true);
    fail = false;
    await tracker.flush();
    expect(tracker.changed).toBe(false);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary file", async () => {
    const path = join(dir, "a.json");
    await writeFile(path, "old");
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });

  it("keeps the old file and removes the temporary one when the rename fails", async () => {
    const path = join(dir, "a.json");
    await writeFile(path, "old");
    const files = {
      writeFile: (file: string, data: string) => writeFile(file, data, "utf8"),
      rename: () => Promise.reject(new Error("EXDEV")),
      rm: (file: string, options: { force: true }) => rm(file, options),
    };
    await expect(writeFileAtomic(path, "new", files)).rejects.toThrow("EXDEV");
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["a.json"]);
  });
});
