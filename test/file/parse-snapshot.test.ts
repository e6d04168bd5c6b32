import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "../../src/file/parse-snapshot.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/snapshots/${name}`, import.meta.url), "utf8");

const errors = (value: unknown): string[] => {
  const result = parseSnapshot(typeof value === "string" ? value : JSON.stringify(value), "demo.json");
  return result.ok ? [] : result.errors;
};

describe("parseSnapshot", () => {
  it.each(["github-small.json", "jira-small.json"])("accepts %s", (name) => {
    const result = parseSnapshot(fixture(name), name);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("names the path, what was expected and what was found", () => {
    const issues = [1, 2, 3].map((number) => ({ issue: { number } }));
    issues.push({ issue: { number: "x" as unknown as number } });
    expect(errors({ tracker: "github", repository: "acme/shop", issues })).toMatchInlineSnapshot(`
      [
        "demo.json: issues[3].issue.number: expected a number, found "x"",
      ]
    `);
  });

  it("collects every problem of a GitHub snapshot", () => {
    const snapshot = {
      tracker: "github",
      repository: "acme",
      issues: [
        {
          issue: {
            number: 1,
            title: null,
            labels: ["ok", { name: 5 }, 7],
            state: "opened",
            created_at: "yesterday",
            closed_at: null,
            user: { login: 3 },
            assignees: "dave",
          },
          comments: [{ body: "no id" }, { id: 2, created_at: "2026-13-45" }],
          timeline: [{ event: "commented", body: "no id" }, "junk", { event: "labeled", created_at: "2026-03-10T01:00:00Z" }],
        },
        { issue: { number: 1 } },
        { comments: [] },
        null,
      ],
    };
    expect(errors(snapshot)).toMatchInlineSnapshot(`
      [
        "demo.json: repository: expected "OWNER/REPO", found "acme"",
        "demo.json: issues[0].issue.title: expected a string, found null",
        "demo.json: issues[0].issue.labels[1].name: expected a string, found 5",
        "demo.json: issues[0].issue.labels[2]: expected a label name or a label object, found 7",
        "demo.json: issues[0].issue.state: expected "open" or "closed", found "opened"",
        "demo.json: issues[0].issue.user.login: expected a string, found 3",
        "demo.json: issues[0].issue.assignees: expected an array, found "dave"",
        "demo.json: issues[0].issue.created_at: expected an ISO 8601 timestamp, found "yesterday"",
        "demo.json: issues[0].comments[0].id: expected a number, found nothing",
        "demo.json: issues[0].comments[1].created_at: expected an ISO 8601 timestamp, found "2026-13-45"",
        "demo.json: issues[0].timeline[0].id: expected a number, found nothing",
        "demo.json: issues[0].timeline[1]: expected an object, found "junk"",
        "demo.json: issues[2].issue: expected an object, found nothing",
        "demo.json: issues[3]: expected an object, found null",
        "demo.json: issues[1].issue.number: "1" appears twice (also at issues[0])",
      ]
    `);
  });

  it("collects every problem of a Jira snapshot", () => {
    const snapshot = {
      tracker: "jira",
      fields: [{ id: "customfield_1" }],
      issues: [
        {
          key: "SUP-1",
          fields: {
            labels: "a b",
            status: { name: "Done", statusCategory: "done" },
            created: "2026-03-10",
            comment: { comments: [{ id: 20001 }, { id: "2", jsdPublic: "no", body: 3 }] },
          },
          changelog: { histories: [{ created: "later", items: [{ field: 1 }] }] },
        },
        { key: "sup-1", fields: {} },
        { fields: {} },
        { key: "SUP-4" },
      ],
    };
    expect(errors(snapshot)).toMatchInlineSnapshot(`
      [
        "demo.json: issues[0].fields.labels: expected an array, found "a b"",
        "demo.json: issues[0].fields.status.statusCategory: expected an object, found "done"",
        "demo.json: issues[0].fields.comment.comments[0].id: expected a non-empty string, found 20001",
        "demo.json: issues[0].fields.comment.comments[1].body: expected text or an ADF document, found 3",
        "demo.json: issues[0].fields.comment.comments[1].jsdPublic: expected true or false, found "no"",
        "demo.json: issues[0].changelog.histories[0].created: expected an ISO 8601 timestamp, found "later"",
        "demo.json: issues[0].changelog.histories[0].items[0].field: expected a string, found 1",
        "demo.json: issues[2].key: expected a non-empty string, found nothing",
        "demo.json: issues[3].fields: expected an object, found nothing",
        "demo.json: fields[0].name: expected a string, found nothing",
        "demo.json: issues[1].key: "SUP-1" appears twice (also at issues[0])",
      ]
    `);
  });

  it("says what a snapshot looks like when the file is something else", () => {
    expect(errors([])).toEqual([
      'demo.json: (top level): expected an object {"tracker": "github" or "jira", "issues": [...]}, found an array',
    ]);
    expect(errors({ tracker: "gitlab" })).toEqual([
      'demo.json: tracker: expected "github" or "jira", found "gitlab"',
      "demo.json: issues: expected an array, found nothing",
    ]);
    expect(errors("{ not json")[0]).toMatch(/^demo\.json: not valid JSON: /);
  });

  it("shows at most 20 problems and counts the rest", () => {
    const issues = Array.from({ length: 30 }, () => ({ issue: { number: "x" } }));
    const found = errors({ tracker: "github", repository: "a/b", issues });
    expect(found).toHaveLength(21);
    expect(found.at(-1)).toBe("demo.json: … and 10 more problems");
  });
});
