/**
 * One comment per issue per run: the notices of one evaluation are one digest carrying every
 * hidden key; a sticky state comment that lives in a digest is edited in its own section, the
 * other notices kept word for word; and what a racing run already said is left out.
 */
import { describe, expect, it } from "vitest";
import { splitDigest, withoutPostedKeys } from "../../src/core/engine/digest.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { readMarker, readMarkerKeys, renderMarker, withMarker } from "../../src/core/text/hidden-key.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

const TEAM = { id: "li-wei", association: "MEMBER" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const at = (local: string) => Date.parse(`${local}+08:00`);
const RULES: Rules = (() => {
  const { rules, messages } = load(lines("extends: support", "groups: { on-call: [oncall-zhang], team-lead: [chen-jing], support-manager: [priya-n] }"));
  expect(messages).toEqual([]);
  return rules!;
})();
const comments = (ops: readonly Operation[]) => ops.filter((op) => op.kind === "comment");

/** A P0 opened at 09:00 with only two of the five required sections. */
const p0 = (body: string): Issue =>
  issueFromSpec({ title: "Outage", body, created: "2026-03-11T09:00:00+08:00", labels: ["priority/P0"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }] }, 0, "github-actions[bot]");
const PARTIAL = "### Impact scope\nall\n### Symptom and error message\nx";

describe("the marker codec carries several keys", () => {
  it.each([
    [["a/b"], "<!-- issue-shepherd:a/b -->"],
    [["a/b", "c-1", "d.e"], "<!-- issue-shepherd:a/b c-1 d.e -->"],
    [["a", "a"], "<!-- issue-shepherd:a -->"],
  ])("%j", (keys, marker) => {
    expect(renderMarker(keys)).toBe(marker);
    expect(readMarkerKeys(withMarker("text", keys))).toEqual([...new Set(keys)]);
    expect(readMarker(withMarker("text", keys))).toBe(keys[0]);
  });

  it.each([
    ["two spaces", "x\n\n<!-- issue-shepherd:a  b -->"],
    ["a bad key among good ones", "x\n\n<!-- issue-shepherd:a b! -->"],
    ["a marker that is not the end", "<!-- issue-shepherd:a b --> and more"],
  ])("reads no key from %s", (_name, body) => {
    expect(readMarkerKeys(body)).toBeUndefined();
  });

  it("refuses to write a key with a space (it would read as two)", () => {
    expect(() => renderMarker(["a b"])).toThrow(/letters, digits/);
  });
});

describe("a run's notices are one comment", () => {
  it("missing information, two breaches and escalation level 1: one comment with each key once, the state comment first", () => {
    const t1 = at("2026-03-11T09:40:00");
    const plan = evaluate(p0(PARTIAL), RULES, t1);
    const [digest, ...more] = comments(plan.operations);
    expect(more).toEqual([]);
    expect(digest?.kind === "comment" && digest.keys).toEqual(["intake/missing", "sla-breach/first-response/cycle-1", "sla-breach/mitigation/cycle-1", "escalation/cycle-1/level-1"]);
    expect(digest?.kind === "comment" && digest.mentions).toEqual(["oncall-zhang", "chen-jing"]);
    expect(splitDigest(digest?.kind === "comment" ? digest.body : "")).toHaveLength(4);
    const after = applyInMemory(p0(PARTIAL), plan, t1);
    expect(evaluate(after, RULES, t1).operations).toEqual([]);
  });

  it("the reporter completes the form: the digest's intake section is edited, the breach notices stay word for word", () => {
    const t1 = at("2026-03-11T09:40:00");
    const first = evaluate(p0(PARTIAL), RULES, t1);
    const after = applyInMemory(p0(PARTIAL), first, t1);
    const completed: Issue = { ...after, body: FORM };
    const plan = evaluate(completed, RULES, at("2026-03-11T09:45:00"));
    const edit = plan.operations.find((op) => op.kind === "edit-comment");
    expect(edit).toMatchObject({ kind: "edit-comment", commentId: after.comments[0]?.id, keys: after.comments[0]?.keys });
    const before = splitDigest(after.comments[0]!.body);
    const sections = splitDigest(edit?.kind === "edit-comment" ? edit.body : "");
    expect(sections[0]).toMatch(/all the required information is there/i);
    expect(sections.slice(1)).toEqual(before.slice(1));
    expect(comments(plan.operations)).toEqual([]);
    const done = applyInMemory(completed, plan, at("2026-03-11T09:45:00"));
    expect(evaluate(done, RULES, at("2026-03-11T09:45:00")).operations.filter((op) => op.kind === "comment" || op.kind === "edit-comment")).toEqual([]);
  });

  it("keys a racing run already posted are left out; nothing is left when all are", () => {
    const plan = evaluate(p0(PARTIAL), RULES, at("2026-03-11T09:40:00"));
    const digest = comments(plan.operations)[0];
    if (digest?.kind !== "comment") throw new Error("no digest");
    const rest = withoutPostedKeys(digest, new Set(["sla-breach/mitigation/cycle-1", "intake/missing"]));
    expect(rest?.keys).toEqual(["sla-breach/first-response/cycle-1", "escalation/cycle-1/level-1"]);
    expect(rest?.body).not.toContain("**mitigation**");
    expect(withoutPostedKeys(digest, new Set(digest.keys))).toBeUndefined();
    expect(withoutPostedKeys(digest, new Set())).toBe(digest);
  });
});
