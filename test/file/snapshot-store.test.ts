import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackerError } from "../../src/core/tracker.ts";
import { openSnapshotStore } from "../../src/file/snapshot-store.ts";
import { type NoteEntry, noteFormat } from "./snapshot-store-format.ts";

const NOTES = noteFormat();
let dir = "";
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "shepherd-store-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A new file with that text. */
function file(text: string): string {
  const path = join(dir, `snapshot-${++counter}.json`);
  writeFileSync(path, text);
  return path;
}

const snapshot = (issues: unknown[], header: Record<string, unknown> = { tracker: "notes", project: "acme" }) =>
  JSON.stringify({ ...header, issues });

/** The error an open fails with. */
async function openError(path: string, formats = [NOTES]): Promise<TrackerError> {
  const error: unknown = await openSnapshotStore(path, formats).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof TrackerError)) throw new Error(`expected a TrackerError, got ${String(error)}`);
  return error;
}

const jsonError = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the text parses");
};

const temporaries = (path: string) => readdirSync(dir).filter((name) => name.startsWith(`${path.slice(dir.length + 1)}.`));

const issues = (count: number): NoteEntry[] =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, title: `Issue ${i + 1}`, tags: [`t${i % 3}`] }));

describe("opening a snapshot store", () => {
  const huge = "x".repeat(3_000_000);
  const multibyte = "多字节 ✓ 😀 ".repeat(200_000);
  it.each([
    ["compact", snapshot(issues(5))],
    ["pretty", JSON.stringify({ tracker: "notes", project: "acme", issues: issues(5) }, null, 2)],
    ["tabs and CRLF", JSON.stringify({ tracker: "notes", project: "acme", issues: issues(3) }, null, "\t").replace(/\n/g, "\r\n")],
    ["unicode and escapes", snapshot([{ id: 1, title: 'quote " bracket ] brace } comma , colon : \\ \u0000 \u2028 多字节 😀' }, { id: 2, title: "\\u0041" }])],
    ["tracker after issues", `{"project":"acme","issues":[{"id":1,"title":"a"},{"id":2,"title":"b"}],"tracker":"notes"}`],
    ["keys after issues", `{"tracker":"notes","issues":[{"id":1,"title":"a","tags":["x"]}],"project":"acme","extra":{"issues":[1]}}`],
    ["an escaped issues key", `{"tracker":"notes","project":"acme","issu\\u0065s":[{"id":7,"title":"a"}]}`],
    ["strings that look like structure", snapshot([{ id: 1, title: '"issues": [1, 2]', nested: { issues: [{ id: 9 }] } }], { tracker: "notes", note: '"issues": [', project: "acme" })],
    ["no issues at all", snapshot([])],
    ["huge strings across read chunks", snapshot([{ id: 1, title: huge }, { id: 2, title: multibyte }, { id: 3, title: "after" }])],
  ])("reads %s as JSON.parse does", async (_name, text) => {
    const path = file(text);
    const parsed = JSON.parse(text) as { issues: NoteEntry[] } & Record<string, unknown>;
    const opened = await openSnapshotStore(path, [NOTES]);
    const { issues: entries, ...header } = parsed;
    expect(opened.header).toEqual(header);
    expect(Object.keys(opened.header)).toEqual(Object.keys(header));
    expect(opened.tracker).toBe("notes");
    expect([...opened.store.keys()]).toEqual(entries.map((entry) => String(entry.id)));
    expect(opened.store.size).toBe(entries.length);
    for (const entry of entries) expect(opened.store.get(String(entry.id))).toEqual(entry);
    expect(opened.catalog).toEqual({
      tags: [...new Set(entries.flatMap((entry) => entry.tags ?? []))].sort(),
      maxId: Math.max(0, ...entries.map((entry) => entry.id)),
      headerKeys: Object.keys(header),
    });
    expect(opened.changed).toBe(false);
    await opened.close();
  });

  it("picks the format the tracker names, and says which it was", async () => {
    const other = noteFormat("tasks");
    const opened = await openSnapshotStore(file(snapshot(issues(2), { tracker: "tasks", project: "p" })), [NOTES, other]);
    expect(opened.format).toBe(other);
    expect(opened.tracker).toBe("tasks");
    await opened.close();
  });

  it("is not-found when there is no file", async () => {
    const error = await openError(join(dir, "missing.json"));
    expect([error.kind, error.message]).toEqual(["not-found", `${join(dir, "missing.json")}: no such snapshot file`]);
  });

  it.each([
    ["truncated", snapshot(issues(3)).slice(0, -20)],
    ["cut inside the header", `{"tracker": "notes", "proj`],
    ["a bad element", `{"tracker":"notes","project":"acme","issues":[{"id":1,"title":"a"},{"id":2,,}]}`],
    ["a missing element", `{"tracker":"notes","project":"acme","issues":[{"id":1,"title":"a"},,{"id":2}]}`],
    ["trailing garbage", `${snapshot(issues(1))} x`],
    ["an empty file", ""],
  ])("refuses a file that is not JSON (%s) with JSON.parse's message", async (_name, text) => {
    const path = file(text);
    const error = await openError(path);
    expect([error.kind, error.message]).toEqual(["invalid", `${path}: not valid JSON: ${jsonError(text)}`]);
  });

  it("collects every problem with its JSON path, the header's first", async () => {
    const path = file(
      JSON.stringify({
        tracker: "notes",
        self: "",
        project: 7,
        issues: [{ id: 1, title: "a" }, { id: "2", title: 3 }, null, { id: 1, title: "again" }, { id: 4, title: "b", tags: "x" }, { id: 4, title: "c" }],
      }),
    );
    const error = await openError(path);
    expect(error.kind).toBe("invalid");
    expect(error.message.split("\n")).toEqual(
      [
        "self: expected a non-empty string, found an empty string",
        "project: expected a project name, found 7",
        'issues[1].id: expected a number, found "2"',
        "issues[1].title: expected a string, found 3",
        "issues[2]: expected an object, found null",
        'issues[4].tags: expected an array, found "x"',
        'issues[3]: the key "1" appears twice (also at issues[0])',
      ].map((line) => `${path}: ${line}`),
    );
  });

  it("finds duplicates among keys found after the tracker is known", async () => {
    const path = file(`{"project":"acme","issues":[{"id":1,"title":"a"},{"id":1,"title":"b"}],"tracker":"notes"}`);
    expect((await openError(path)).message).toBe(`${path}: issues[1]: the key "1" appears twice (also at issues[0])`);
  });

  it.each([
    ["no tracker", { project: "acme", issues: [] }, ['tracker: expected "notes" or "tasks", found nothing']],
    ["an unknown tracker", { tracker: "gitlab", issues: [{ id: "not checked" }] }, ['tracker: expected "notes" or "tasks", found "gitlab"']],
    ["issues not an array", { tracker: "notes", project: "acme", issues: { id: 1 } }, ["issues: expected an array, found an object"]],
    ["no issues", { tracker: "notes", project: "acme" }, ["issues: expected an array, found nothing"]],
    ["not an object", [1, 2], ['(top level): expected an object {"tracker": "notes" or "tasks", "issues": [...]}, found an array']],
  ])("refuses %s", async (_name, value, lines) => {
    const path = file(JSON.stringify(value));
    const error = await openError(path, [NOTES, noteFormat("tasks")]);
    expect([error.kind, ...error.message.split("\n")]).toEqual(["invalid", ...lines.map((line) => `${path}: ${line}`)]);
  });

  it("refuses issues given twice at the top level", async () => {
    const path = file(`{"tracker":"notes","project":"acme","issues":[{"id":1,"title":"a"}],"issues":[]}`);
    expect((await openError(path)).message).toBe(`${path}: issues: expected once at the top level, found 2 times`);
  });

  it("reports twenty problems and counts the rest", async () => {
    const path = file(snapshot(Array.from({ length: 30 }, (_, i) => ({ id: i }))));
    const lines = (await openError(path)).message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(`${path}: issues[0].title: expected a string, found nothing`);
    expect(lines[20]).toBe(`${path}: … and 10 more problems`);
  });
});

describe("reading and changing issues", () => {
  it("hands out fresh copies, and keeps a change only once it is set", async () => {
    const opened = await openSnapshotStore(file(snapshot(issues(3))), [NOTES]);
    const first = opened.store.get("1") as NoteEntry;
    first.title = "changed in my copy";
    expect(opened.store.get("1")?.title).toBe("Issue 1");
    expect(opened.changed).toBe(false);
    opened.store.set("1", first);
    expect(opened.store.get("1")).toEqual(first);
    expect(opened.store.get("1")).not.toBe(opened.store.get("1"));
    expect(opened.changed).toBe(true);
    expect(opened.store.get("9")).toBeUndefined();
    expect(opened.store.has("9")).toBe(false);
    await opened.close();
  });

  it("adds new keys last and replaces old ones in place", async () => {
    const opened = await openSnapshotStore(file(snapshot(issues(3))), [NOTES]);
    opened.store.set("10", { id: 10, title: "new" });
    opened.store.set("2", { id: 2, title: "second, again" });
    opened.store.set("10", { id: 10, title: "newer" });
    expect([...opened.store.keys()]).toEqual(["1", "2", "3", "10"]);
    expect(opened.store.size).toBe(4);
    expect(opened.store.get("10")).toEqual({ id: 10, title: "newer" });
    expect(opened.store.get("2")).toEqual({ id: 2, title: "second, again" });
    await opened.close();
  });

  it("takes an issue handed back as it was for no change", async () => {
    const opened = await openSnapshotStore(file(JSON.stringify({ tracker: "notes", project: "acme", issues: issues(2) }, null, "\t")), [NOTES]);
    for (const key of opened.store.keys()) opened.store.set(key, opened.store.get(key) as NoteEntry);
    expect(opened.changed).toBe(false);
    await opened.close();
  });
});

describe("writing a snapshot back", () => {
  it("writes the header, then the issues, changed ones new and the others byte for byte", async () => {
    const original = `{"project":"acme","issues":[ {"id":1,"title":"one"} ,\n{ "id" : 2, "title" : "two" },{"id":3,"title":"多 😀 \\u00e9"}],"tracker":"notes","meta":{"a":[1,{"b":null}]}}`;
    const path = file(original);
    const opened = await openSnapshotStore(path, [NOTES]);
    opened.store.set("2", { id: 2, title: "two, changed", tags: ["x"] });
    opened.store.set("4", { id: 4, title: "four" });
    expect(temporaries(path)).toHaveLength(1); // the spill file
    await opened.flush();
    const text = readFileSync(path, "utf8");
    expect(text).toBe(
      [
        "{",
        '  "project": "acme",',
        '  "tracker": "notes",',
        '  "meta": {',
        '    "a": [',
        "      1,",
        "      {",
        '        "b": null',
        "      }",
        "    ]",
        "  },",
        '  "issues": [',
        '    {"id":1,"title":"one"},',
        "    {",
        '      "id": 2,',
        '      "title": "two, changed",',
        '      "tags": [',
        '        "x"',
        "      ]",
        "    },",
        '    {"id":3,"title":"多 😀 \\u00e9"},',
        "    {",
        '      "id": 4,',
        '      "title": "four"',
        "    }",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
    const before = JSON.parse(original) as { issues: NoteEntry[] };
    expect(JSON.parse(text)).toEqual({ ...before, issues: [before.issues[0], { id: 2, title: "two, changed", tags: ["x"] }, before.issues[2], { id: 4, title: "four" }] });
    expect(opened.changed).toBe(false);
    expect(temporaries(path)).toEqual([]);
    // The store reads the new file now, and a further change is written on top of it.
    expect([...opened.store.keys()].map((key) => opened.store.get(key)?.title)).toEqual(["one", "two, changed", "多 😀 é", "four"]);
    opened.store.set("1", { id: 1, title: "one, changed" });
    await opened.flush();
    const again = JSON.parse(readFileSync(path, "utf8")) as { issues: NoteEntry[] };
    expect(again.issues.map((issue) => issue.title)).toEqual(["one, changed", "two, changed", "多 😀 é", "four"]);
    await opened.close();
  });

  it("writes an empty store as an empty array", async () => {
    const path = file(`{"tracker":"notes","project":"acme","issues":[]}`);
    const opened = await openSnapshotStore(path, [NOTES]);
    opened.store.set("1", { id: 1, title: "a" });
    await opened.flush();
    const reopened = await openSnapshotStore(path, [NOTES]);
    expect(reopened.store.get("1")).toEqual({ id: 1, title: "a" });
    await Promise.all([opened.close(), reopened.close()]);
  });

  it("writes nothing when nothing changed, and a rerun that changes nothing writes nothing", async () => {
    const path = file(snapshot(issues(4)));
    const run = async (change: boolean) => {
      const opened = await openSnapshotStore(path, [NOTES]);
      for (const key of opened.store.keys()) {
        const entry = opened.store.get(key) as NoteEntry;
        if (change && entry.id === 2) entry.tags = ["done"];
        opened.store.set(key, entry);
      }
      await opened.flush();
      await opened.close();
    };
    const untouched = statSync(path);
    await run(false);
    expect(statSync(path).ino).toBe(untouched.ino);
    await run(true);
    const written = statSync(path);
    expect(written.ino).not.toBe(untouched.ino);
    const text = readFileSync(path, "utf8");
    await run(true);
    expect(statSync(path).ino).toBe(written.ino);
    expect(readFileSync(path, "utf8")).toBe(text);
    expect((JSON.parse(text) as { issues: NoteEntry[] }).issues[1]?.tags).toEqual(["done"]);
  });

  it("removes the spill file on close without writing, and stale temporaries on open", async () => {
    const text = snapshot(issues(2));
    const path = file(text);
    const stale = `${path}.shepherd-999999-0123abcd-0123456789ab.tmp`;
    writeFileSync(stale, "half a snapshot");
    const opened = await openSnapshotStore(path, [NOTES]);
    expect(temporaries(path)).toEqual([]);
    opened.store.set("1", { id: 1, title: "dropped" });
    await opened.close();
    expect(temporaries(path)).toEqual([]);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("keeps the spill file within twice the changed issues while one issue is written again and again", async () => {
    const path = file(snapshot(issues(3)));
    const opened = await openSnapshotStore(path, [NOTES]);
    const big = (n: number) => ({ id: 2, title: `${n} ${"y".repeat(400_000)}`, tags: ["x"] });
    opened.store.set("1", { id: 1, title: "kept in the spill file" });
    let largest = 0;
    for (let n = 0; n < 120; n++) {
      opened.store.set("2", big(n));
      const [spill] = temporaries(path);
      largest = Math.max(largest, statSync(join(dir, spill as string)).size);
    }
    // 120 copies of 400 kB were written; compaction kept the file near its 16 MiB threshold.
    expect(temporaries(path)).toHaveLength(1);
    expect(largest).toBeLessThan(17 * 1024 * 1024 + 2 * 400_100);
    expect(opened.store.get("2")).toEqual(big(119));
    expect(opened.store.get("1")).toEqual({ id: 1, title: "kept in the spill file" });
    await opened.flush();
    const written = JSON.parse(readFileSync(path, "utf8")) as { issues: NoteEntry[] };
    expect(written.issues.map((issue) => issue.title.slice(0, 20))).toEqual(["kept in the spill fi", `119 ${"y".repeat(16)}`, "Issue 3"]);
    expect(temporaries(path)).toEqual([]);
    await opened.close();
  });

  it("keeps every issue whole when compaction copies many changed issues, batch after batch", async () => {
    const path = file(snapshot(issues(80)));
    const opened = await openSnapshotStore(path, [NOTES]);
    // 80 issues of about 90 kB, each written four times: several compactions, each copying
    // megabytes of issues of different sizes through its batches.
    const text = (id: number, round: number) => ({ id, title: `${round} ${"多".repeat(30_000 + id * 97)} ${id}`, tags: [`r${round}`] });
    for (let round = 0; round < 4; round++) for (let id = 1; id <= 80; id++) opened.store.set(String(id), text(id, round));
    expect(temporaries(path)).toHaveLength(1);
    for (let id = 1; id <= 80; id++) expect(opened.store.get(String(id))).toEqual(text(id, 3));
    await opened.flush();
    const written = JSON.parse(readFileSync(path, "utf8")) as { issues: NoteEntry[] };
    expect(written.issues).toEqual(Array.from({ length: 80 }, (_, n) => text(n + 1, 3)));
    await opened.close();
  });

  it("fails a write it cannot make as transient, leaving the file as it was", async () => {
    const sub = join(dir, "gone");
    const { mkdirSync, rmSync } = await import("node:fs");
    mkdirSync(sub);
    const path = join(sub, "snapshot.json");
    const text = snapshot(issues(2));
    writeFileSync(path, text);
    const opened = await openSnapshotStore(path, [NOTES]);
    opened.store.set("1", { id: 1, title: "changed" });
    // The directory goes: the temporary file cannot be made.
    rmSync(sub, { recursive: true, force: true });
    const error: unknown = await opened.flush().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TrackerError);
    expect((error as TrackerError).kind).toBe("transient");
    expect((error as TrackerError).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot write the snapshot: ENOENT`));
    expect(opened.changed).toBe(true);
    await opened.close();
  });
});
