import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDemoSnapshot, DEMO_SCENARIOS, DEMO_SNAPSHOT } from "../../scripts/demo/build-demo-snapshot.ts";

const root = new URL("../../", import.meta.url);
const scenarios = readFileSync(new URL(DEMO_SCENARIOS, root), "utf8");

describe("the demo snapshot generated from demo/scenarios.yml", () => {
  it("is the committed demo/snapshot.json, byte for byte", () => {
    expect(buildDemoSnapshot(scenarios).json === readFileSync(new URL(DEMO_SNAPSHOT, root), "utf8")).toBe(true);
  });

  it("follows an edit of the scenarios: a comment added to #131 is in the snapshot with its author's association", () => {
    // #131 is the last scenario, so an entry appended to the file ends its timeline.
    const edited = `${scenarios}      - {at: "03-11 09:59:30", by: oncall-zhang, comment: Looking now.}\n`;
    const issue = (JSON.parse(buildDemoSnapshot(edited).json) as { issues: { issue: { number: number; comments: number }; comments: { body: string; author_association: string }[] }[] }).issues.find((i) => i.issue.number === 131);
    expect(issue?.comments.map((c) => [c.body, c.author_association])).toContainEqual(["Looking now.", "MEMBER"]);
    expect(issue?.issue.comments).toBe(issue?.comments.length);
  });

  it("names the line and column of a login the people list does not have", () => {
    const bad = scenarios.replace("    by: nordic-lamp-co\n", "    by: nordic-lamp\n");
    const line = bad.split("\n").indexOf("    by: nordic-lamp") + 1;
    expect(() => buildDemoSnapshot(bad)).toThrow(`demo/scenarios.yml:${line}:9: expected a login listed under \`people\`, found "nordic-lamp"; fix demo/scenarios.yml and run \`npm run demo:snapshot\``);
  });

  it("refuses a timeline entry that says two things at once", () => {
    const bad = scenarios.replace("{at: 03-03 10:51, by: li-wei, close: not_planned}", "{at: 03-03 10:51, by: li-wei, close: not_planned, label: [bug]}");
    expect(() => buildDemoSnapshot(bad)).toThrow(/demo\/scenarios\.yml:\d+:\d+: expected exactly one of comment, label, .* found label and close/);
  });
});
