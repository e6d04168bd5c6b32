/**
 * `shepherd report --tracker github:` against the fake GitHub, as a process: the same review as
 * the snapshot of the same repository gives, read within ⌈N/50⌉ + 5 requests and writing nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Review } from "../../src/report/review.ts";
import { startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { restIssue } from "../fakes/github/make-issues.ts";
import { marchSeed, REPOSITORY } from "./march-seed.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const EXTRA = 110;
const seed: FakeSeed = marchSeed();
// Open questions nobody has answered yet, created 20 March: more than two pages of issues.
for (let i = 0; i < EXTRA; i++) seed.issues.push({ issue: restIssue({ number: 100 + i, title: `How do I export report ${i}?`, labels: ["question", "priority/P3"], createdAt: Date.parse("2026-03-20T10:00:00+08:00") + i * 60_000 }, REPOSITORY), comments: [], timeline: [] });
const dir = mkdtempSync(join(tmpdir(), "shepherd-report-gh-"));
const snapshot = join(dir, "snapshot.json");
writeFileSync(snapshot, JSON.stringify({ tracker: "github", repository: REPOSITORY, issues: seed.issues }));
const fake = await startFakeGitHub([seed], { now: () => Date.parse("2026-04-01T04:00:00Z") });
afterAll(() => fake.close());

function shepherd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", GITHUB_TOKEN: "ghs_fake", GITHUB_API_URL: fake.url, GITHUB_GRAPHQL_URL: fake.graphqlUrl };
  const child = spawn(process.execPath, [join(root, "bin/shepherd.js"), "report", ...args], { env, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const args = (tracker: string) => ["--rules", join(root, "rules/example.yml"), "--tracker", tracker, "--from", "2026-03-01", "--to", "2026-03-31", "--now", "2026-04-01T12:00:00+08:00", "--format", "json"];

describe("shepherd report on GitHub", () => {
  it("gives the snapshot's review, reading within ⌈N/50⌉ + 5 requests and writing nothing", async () => {
    const [github, file] = await Promise.all([shepherd(args(`github:${REPOSITORY}`)), shepherd(args(`file:${snapshot}`))]);
    expect(github.stderr).toBe("");
    expect(github.code).toBe(0);
    expect(file.code).toBe(0);
    const fromGitHub = JSON.parse(github.stdout) as Review;
    const fromFile = JSON.parse(file.stdout) as Review;
    expect(fromGitHub.tracker).toBe(REPOSITORY);
    expect({ ...fromGitHub, tracker: "" }).toEqual({ ...fromFile, tracker: "" });
    expect(fromGitHub.issues).toEqual({ created: 12 + EXTRA, closed: 2, open: 11 + EXTRA, reopened: 1 });
    expect(fromGitHub.clocks.find((c) => c.clock === "first-response" && c.priority === "P2")).toMatchObject({ count: 10, met: 7, metRate: 0.7 });
    const reads = fake.requests.filter((r) => !r.write);
    expect(fake.requests.filter((r) => r.write)).toEqual([]);
    // The fake holds every seeded issue; the one closed in January is never asked for.
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(seed.issues.length / 50) + 5);
    expect(fake.violations).toEqual([]);
  });
});
