/** `shepherd explain`: its header shows the instant in the team's zone, as every other time it prints. */
import { describe, expect, it } from "vitest";
import { shepherd } from "../e2e/github-snapshot.ts";

const rules = new URL("../../rules/example.yml", import.meta.url).pathname;
const snapshot = new URL("../../demo/snapshot.json", import.meta.url).pathname;

describe("shepherd explain", () => {
  it("shows --now in the team's zone", async () => {
    const run = await shepherd("explain", "--rules", rules, "--tracker", `file:${snapshot}`, "--now", "2026-03-11T02:00:00Z", "124");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/ · at 2026-03-11 10:00 \+08:00$/);
  });
});
