/**
 * `--tracker file:PATH` as the user meets it: a snapshot file opened as the lazy store, served by
 * the in-memory GitHub or Jira, read and written by the real adapter, and written back to the
 * file — atomically, only when something changed — with every problem of a broken file named.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSnapshotTracker } from "../../src/cli/open-snapshot.ts";
import type { Issue } from "../../src/core/model.ts";
import { isTrackerError, TrackerError } from "../../src/core/tracker.ts";
import { NOW, op, openCopy, readFixture, type SnapshotCopy } from "./helpers.ts";

const collect = async (issues: AsyncIterable<Issue>): Promise<string[]> => {
  const ids: string[] = [];
  for await (const issue of issues) ids.push(issue.id);
  return ids;
};

let dir: string;
const copies: SnapshotCopy[] = [];
const open = async (...args: Parameters<typeof openCopy>): Promise<SnapshotCopy> => {
  const copy = await openCopy(...args);
  copies.push(copy);
  return copy;
};
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "shepherd-snapshot-"));
});
afterEach(async () => {
  await Promise.all(copies.splice(0).map((copy) => copy.cleanup()));
  await rm(dir, { recursive: true, force: true });
});

/** Open `text` as a snapshot file and return the error it fails with. */
async function openError(text: string): Promise<TrackerError> {
  const path = join(dir, "demo.json");
  await writeFile(path, text);
  const error = await openSnapshotTracker(path, { botLogins: ["bot"], now: () => NOW }).then(
    (tracker) => tracker.close().then(() => new Error("opened")),
    (caught: unknown) => caught,
  );
  if (!isTrackerError(error)) throw error;
  return error;
}

describe("listIssues", () => {
  it("lists open issues, skipping pull requests, under the file's name", async () => {
    const { tracker, path } = await open("github-small.json");
    expect([tracker.kind, tracker.name]).toEqual(["github", path]);
    expect(await collect(tracker.listIssues({}))).toEqual(["acme/shop#12", "acme/shop#15"]);
  });

  it("adds issues closed at or after closedSince", async () => {
    const { tracker } = await open("github-small.json");
    expect(await collect(tracker.listIssues({ closedSince: Date.parse("2026-03-09T10:00:00Z") }))).toEqual(["acme/shop#12", "acme/shop#15", "acme/shop#13"]);
    expect(await collect(tracker.listIssues({ closedSince: Date.parse("2020-01-01T00:00:00Z") }))).toHaveLength(4);
  });

  it("lists Jira issues without a JQL query, and reports one that lacks what Jira always answers", async () => {
    const { tracker } = await open("jira-small.json", ["557058:shepherd-app"]);
    expect(tracker.kind).toBe("jira");
    const skipped: string[] = [];
    const onSkip = (skip: { id: string; reason: string }) => skipped.push(`${skip.id}: ${skip.reason}`);
    expect(await collect(tracker.listIssues({ onSkip }))).toEqual(["SUP-1"]);
    expect(await collect(tracker.listIssues({ closedSince: 0, onSkip }))).toEqual(["SUP-1", "SUP-2"]);
    // SUP-3 is a hand-written issue with a summary only: no status, no created — Jira's answers always have them.
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatch(/^SUP-3: .*fields\.created: expected a date-time, found nothing.*fields\.status: expected an object, found nothing/);
  });
});

describe("getIssue", () => {
  it.each(["12", "#12", "acme/shop#12"])("finds a GitHub issue by %j", async (id) => {
    const { tracker } = await open("github-small.json");
    expect((await tracker.getIssue(id)).id).toBe("acme/shop#12");
  });

  it.each(["SUP-2", "sup-2"])("finds a Jira issue by %j", async (id) => {
    const { tracker } = await open("jira-small.json", ["557058:shepherd-app"]);
    expect((await tracker.getIssue(id)).id).toBe("SUP-2");
  });

  it.each([
    ["github-small.json", "99"],
    ["jira-small.json", "SUP-99"],
  ])("says %s has no issue %j", async (fixture, id) => {
    const { tracker } = await open(fixture);
    const error = await tracker.getIssue(id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrackerError);
    expect(error).toMatchObject({ kind: "not-found", message: `${tracker.name}: no issue ${id}` });
  });
});

describe("writing back", () => {
  it("writes changes back atomically, 2-space indented, and the file read again holds them", async () => {
    const copy = await open("github-small.json");
    const { tracker } = copy;
    const issue = await tracker.getIssue("12");
    const results = await tracker.apply(issue, [
      op({ kind: "add-labels", labels: ["triaged"] }),
      op({ kind: "comment", key: "greeting", body: "Hello", mentions: [] }),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(tracker.changed).toBe(true);
    await tracker.flush();
    expect(tracker.changed).toBe(false);

    const text = await copy.text();
    expect(text.startsWith('{\n  "tracker": "github",\n  "repository": "acme/shop",\n  "issues": [\n    {')).toBe(true);
    expect(text.endsWith("\n  ]\n}\n")).toBe(true);
    expect(await readdir(copy.dir)).toEqual(["snapshot.json"]);

    const reopened = await openSnapshotTracker(copy.path, { botLogins: ["shepherd-bot"], now: () => NOW });
    try {
      const reread = await reopened.getIssue("12");
      expect(reread.labels).toContain("triaged");
      expect(reread.comments.at(-1)).toMatchObject({ key: "greeting", author: { id: "shepherd-bot", self: true } });
      // The same keyed comment again is already there: nothing is written.
      const again = await reopened.apply(reread, [op({ kind: "comment", key: "greeting", body: "Hello", mentions: [] })]);
      expect(again[0]).toMatchObject({ ok: true, alreadyDone: true });
      expect(reopened.changed).toBe(false);
    } finally {
      await reopened.close();
    }
  });

  it("does not write when nothing changed: the file keeps its bytes", async () => {
    const copy = await open("github-small.json");
    const before = await copy.text();
    await copy.tracker.flush();
    const issue = await copy.tracker.getIssue("12");
    // `bug` is on the issue already; GitHub has no transitions.
    const results = await copy.tracker.apply(issue, [op({ kind: "add-labels", labels: ["bug"] }), op({ kind: "transition", to: "x" })]);
    expect(results.map((result) => result.ok)).toEqual([true, false]);
    expect(copy.tracker.changed).toBe(false);
    await copy.tracker.flush();
    expect(await copy.text()).toBe(before);
  });

  it("leaves a compact file's unchanged issues byte for byte", async () => {
    const compact = JSON.stringify(JSON.parse(readFixture("github-small.json")));
    await writeFile(join(dir, "compact.json"), compact);
    const tracker = await openSnapshotTracker(join(dir, "compact.json"), { botLogins: ["shepherd-bot"], now: () => NOW });
    try {
      await tracker.apply(await tracker.getIssue("15"), [op({ kind: "add-labels", labels: ["triaged"] })]);
      await tracker.flush();
    } finally {
      await tracker.close();
    }
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(join(dir, "compact.json"), "utf8");
    const original = JSON.parse(compact) as { issues: unknown[] };
    for (const [index, entry] of original.issues.entries()) {
      if (index === 3) continue; // #15, changed
      expect(text).toContain(JSON.stringify(entry));
    }
  });
});

describe("a file that is not a snapshot", () => {
  it("names the file, the JSON path, what was expected and what was found", async () => {
    const error = await openError('{"tracker":"github","repository":"a/b","issues":[{"issue":{"number":"x"}}]}');
    expect(error.kind).toBe("invalid");
    expect(error.message).toBe(`${join(dir, "demo.json")}: issues[0].issue.number: expected a number, found "x"`);
  });

  it("checks a GitHub snapshot's repository and a Jira snapshot's field list", async () => {
    const path = join(dir, "demo.json");
    expect((await openError('{"tracker":"github","repository":"shop","issues":[]}')).message).toBe(`${path}: repository: expected "OWNER/REPO", found "shop"`);
    expect((await openError('{"tracker":"jira","fields":[{"id":"customfield_1"}],"issues":[]}')).message).toBe(`${path}: fields[0].name: expected a string, found nothing`);
  });

  it("says what a snapshot looks like when the file is something else", async () => {
    const path = join(dir, "demo.json");
    expect((await openError("[]")).message).toBe(`${path}: (top level): expected an object {"tracker": "github" or "jira", "issues": [...]}, found an array`);
    expect((await openError('{"tracker":"gitlab"}')).message.split("\n")).toEqual([`${path}: tracker: expected "github" or "jira", found "gitlab"`, `${path}: issues: expected an array, found nothing`]);
    expect((await openError("{ not json")).message).toMatch(/demo\.json: not valid JSON: /);
  });

  it("shows at most 20 problems and counts the rest", async () => {
    const issues = Array.from({ length: 30 }, () => ({ issue: { number: "x" } }));
    const lines = (await openError(JSON.stringify({ tracker: "github", repository: "a/b", issues }))).message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe(`${join(dir, "demo.json")}: … and 10 more problems`);
  });

  it("reports a missing file as not found", async () => {
    const path = join(dir, "missing.json");
    await expect(openSnapshotTracker(path, { botLogins: ["bot"], now: () => NOW })).rejects.toMatchObject({
      kind: "not-found",
      message: `${path}: no such snapshot file`,
    });
  });
});
