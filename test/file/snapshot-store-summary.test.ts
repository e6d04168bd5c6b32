import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../src/file/snapshot-store.ts";
import { createInMemoryGitHub } from "../../src/github/in-memory/create-in-memory-github.ts";
import { githubEntryFormat, githubListingRow } from "../../src/github/in-memory/github-entry-format.ts";
import type { ListingRow } from "../../src/github/in-memory/issue-listing.ts";
import type { GithubSnapshotEntry } from "../../src/github/in-memory/snapshot-entry.ts";
import { type NoteEntry, noteFormat } from "./snapshot-store-format.ts";

let dir = "";
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "shepherd-store-summary-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function file(text: string): string {
  const path = join(dir, `snapshot-${++counter}.json`);
  writeFileSync(path, text);
  return path;
}

/** The notes format, summarising each entry as its title's length. */
const summarised = { ...noteFormat(), summarise: (entry: NoteEntry) => entry.title.length };

describe("the snapshot store's change test and summaries", () => {
  it("an issue handed back as it was is no change, whether the file was compact, indented or spaced its own way", async () => {
    const issues = [{ id: 1, title: "caf\u00e9", tags: ["a"] }, { id: 2, title: "two" }];
    for (const text of [JSON.stringify({ tracker: "notes", project: "p", issues }), JSON.stringify({ tracker: "notes", project: "p", issues }, null, 2), '{"tracker":"notes","project":"p","issues":[ {"id" : 1, "title":"caf\\u00e9","tags":[ "a" ]} , {"id":2,"title":"two"} ]}']) {
      const path = file(text);
      const opened = await openSnapshotStore(path, [summarised]);
      for (const key of ["1", "2"]) opened.store.set(key, opened.store.get(key) as NoteEntry);
      expect(opened.changed).toBe(false);
      await opened.flush();
      expect(readFileSync(path, "utf8")).toBe(text);
      await opened.close();
    }
  });

  it("a change that keeps the entry's length is still a change, written indented once the file is written", async () => {
    const path = file(JSON.stringify({ tracker: "notes", project: "p", issues: [{ id: 1, title: "abc" }, { id: 2, title: "keep" }] }));
    const opened = await openSnapshotStore(path, [summarised]);
    opened.store.set("1", { id: 1, title: "xyz" });
    expect(opened.changed).toBe(true);
    // Set again, then back to what it was set to: the spilled text is compared as it is.
    opened.store.set("1", { id: 1, title: "xyw" });
    opened.store.set("1", { id: 1, title: "xyz", tags: ["t"] });
    expect(opened.store.get("1")).toEqual({ id: 1, title: "xyz", tags: ["t"] });
    await opened.flush();
    const written = readFileSync(path, "utf8");
    expect(written).toContain(`    {\n      "id": 1,\n      "title": "xyz",\n      "tags": [\n        "t"\n      ]\n    }`);
    expect(written).toContain('{"id":2,"title":"keep"}');
    // After the write the issue is read from its new place, and handing it back changes nothing.
    opened.store.set("1", opened.store.get("1") as NoteEntry);
    expect(opened.changed).toBe(false);
    expect(opened.store.get("1")).toEqual({ id: 1, title: "xyz", tags: ["t"] });
    await opened.close();
  });

  it("keeps the format's summary of every issue, as read and as set, and none without summarise", async () => {
    const path = file(JSON.stringify({ tracker: "notes", project: "p", issues: [{ id: 1, title: "abc" }, { id: 2, title: "hello" }] }));
    const opened = await openSnapshotStore(path, [summarised]);
    expect([opened.summaryOf("1"), opened.summaryOf("2"), opened.summaryOf("3")]).toEqual([3, 5, undefined]);
    opened.store.set("1", { id: 1, title: "longer title" });
    opened.store.set("3", { id: 3, title: "new" });
    expect([opened.summaryOf("1"), opened.summaryOf("3")]).toEqual([12, 3]);
    await opened.flush();
    expect(opened.summaryOf("1")).toBe(12);
    await opened.close();
    const plain = await openSnapshotStore(path, [noteFormat()]);
    expect(plain.summaryOf("1")).toBeUndefined();
    await plain.close();
  });
});

describe("the in-memory GitHub's listing over a store's rows", () => {
  const entry = (number: number, createdAt: string, state = "open"): GithubSnapshotEntry => ({
    issue: { number, title: `#${number}`, state, created_at: createdAt, updated_at: createdAt, user: { login: "someone", type: "User" } },
  });

  it("lists in the rows' order without reading an entry for it, and sees a write's new row", async () => {
    const issues = [entry(1, "2026-03-03T00:00:00Z"), entry(2, "2026-03-01T00:00:00Z"), entry(3, "2026-03-02T00:00:00Z", "closed")];
    const path = file(JSON.stringify({ tracker: "github", repository: "acme/support", issues }));
    const opened = await openSnapshotStore(path, [{ ...githubEntryFormat, summarise: githubListingRow }]);
    const reads: string[] = [];
    const store = { ...opened.store, get size() { return opened.store.size; }, get: (key: string) => (reads.push(key), opened.store.get(key)) };
    const github = createInMemoryGitHub({ store, repository: "acme/support", viewer: { login: "bot", type: "User" }, catalog: opened.catalog, listingRows: (key) => opened.summaryOf(key) as ListingRow | undefined });
    const list = async (): Promise<number[]> => {
      const response = await github.fetch(`${github.url}/repos/acme/support/issues?state=open&sort=created&direction=asc&per_page=1`);
      return ((await response.json()) as { number: number }[]).map((issue) => issue.number);
    };
    expect(await list()).toEqual([2]);
    // The page's one issue is read to answer it; no other entry was read to order the listing.
    expect(reads).toEqual(["2"]);
    opened.store.set("2", { ...entry(2, "2026-03-01T00:00:00Z", "closed") });
    expect(await list()).toEqual([1]);
    await opened.close();
  });
});
