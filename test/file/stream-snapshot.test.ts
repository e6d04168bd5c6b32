import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSnapshotTracker } from "../../src/file/open-snapshot-tracker.ts";
import { SnapshotSplitter, SnapshotSyntaxError, snapshotChunks } from "../../src/file/stream-snapshot.ts";
import { readFixture } from "./helpers.ts";

/** Split `text` fed in chunks of `size` bytes. */
function split(text: string, size: number): unknown {
  const bytes = Buffer.from(text, "utf8");
  const splitter = new SnapshotSplitter();
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  return splitter.end();
}

const tricky = JSON.stringify({
  tracker: "github",
  note: 'an "issues": [1, 2] inside a string, a \\" and a ] and a }',
  "issues\\": ["not the array"],
  nested: { issues: [{ not: "these" }] },
  issues: [
    { issue: { number: 1, title: 'quote " bracket ] brace } comma , colon :' } },
    "a string element with \\\\ and \\" + '"',
    [1, [2, [3]]],
    42,
    null,
    { body: "多字节 文字 ✓ 😀", empty: {}, list: [] },
  ],
  after: { issues: "again" },
});

describe("the snapshot splitter", () => {
  it.each([
    ["the fixtures", readFixture("github-small.json")],
    ["a Jira fixture", readFixture("jira-small.json")],
    ["strings that look like structure", tricky],
    ["an empty issues array", '{"tracker": "jira", "issues": [ ], "x": 1}'],
    ["no issues key", '{"tracker": "jira"}'],
    ["issues that is not an array", '{"issues": {"a": [1]}}'],
    ["a top-level array", '[{"issues": [1, 2]}]'],
    ["a top-level string", '"issues"'],
    ["pretty-printed", JSON.stringify(JSON.parse(tricky), null, 2)],
  ])("gives what JSON.parse gives for %s, whatever the chunk size", (_name, text) => {
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(split(text, size)).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"issues": [1, 2,]}', /missing/],
    ['{"issues": [,1]}', /missing/],
    ['{"issues": [{"a": }]}', /issues\[0\] is not valid JSON/],
    ['{"issues": [1, 2', /does not end/],
    ['{"issues": [1]', SyntaxError],
    ['{"issues": [1]}}', /unexpected "}"/],
    ['{"tracker": "github" "issues": []}', SyntaxError],
  ])("rejects %j", (text, error) => {
    expect(() => split(text, 3)).toThrow(error);
  });

  it("tells the byte where an element went wrong", () => {
    try {
      split('{"issues": [1, 2,  ]}', 4);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SnapshotSyntaxError);
      expect((error as SnapshotSyntaxError).offset).toBe(19);
    }
  });
});

describe("writing a snapshot in chunks", () => {
  it.each([
    readFixture("github-small.json"),
    readFixture("jira-small.json"),
    tricky,
    '{"tracker": "jira", "issues": [], "fields": [{"id": "a", "name": "b"}]}',
    '{"issues": [{"a": [[], {}]}, 2], "u": null}',
    "{}",
  ])("writes exactly what JSON.stringify(…, null, 2) writes (%#)", (text) => {
    const value = JSON.parse(text) as Record<string, unknown>;
    const chunks = [...snapshotChunks(value)];
    expect(chunks.join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    if (Array.isArray(value.issues) && value.issues.length > 1) expect(chunks.length).toBeGreaterThan(value.issues.length);
  });

  it("leaves out what JSON leaves out", () => {
    const value = { tracker: "github", gone: undefined, issues: [{ a: 1, b: undefined }], fn: () => 1 };
    expect([...snapshotChunks(value)].join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });
});

describe("opening a snapshot file that is not JSON", () => {
  it("says so with JSON.parse's own words, read from disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "shepherd-stream-"));
    try {
      const path = join(dir, "bad.json");
      const text = '{"tracker": "github", "repository": "a/b", "issues": [{"issue": {"number": 1}},]}';
      await writeFile(path, text);
      let expected = "";
      try {
        JSON.parse(text);
      } catch (error) {
        expected = (error as Error).message;
      }
      await expect(openSnapshotTracker(path, { botLogin: "bot", now: () => 0 })).rejects.toMatchObject({
        kind: "invalid",
        message: `${path}: not valid JSON: ${expected}`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
