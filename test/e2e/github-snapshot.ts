/** Small GitHub-shaped snapshots for user-side tests: REST objects as GitHub returns them. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.ts";

export interface IssueSpec {
  number: number;
  title: string;
  body?: string;
  author?: string;
  created: string;
  state?: "open" | "closed";
  stateReason?: "completed" | "not_planned" | "duplicate";
  closed?: string;
  labels?: { name: string; by: string; at: string }[];
  assignees?: string[];
  comments?: { by: string; association?: string; at: string; body: string }[];
}

const user = (login: string) => ({ login, id: login.length * 1000 + login.charCodeAt(0), type: login.endsWith("[bot]") ? "Bot" : "User" });

export function githubSnapshot(specs: IssueSpec[]): unknown {
  return {
    tracker: "github",
    repository: "acme/support",
    issues: specs.map((s) => {
      const comments = (s.comments ?? []).map((c, i) => ({
        id: s.number * 100 + i,
        user: user(c.by),
        body: c.body,
        created_at: c.at,
        updated_at: c.at,
        author_association: c.association ?? "NONE",
      }));
      const timeline = [
        ...(s.labels ?? []).map((l) => ({ event: "labeled", actor: user(l.by), created_at: l.at, label: { name: l.name, color: "ededed" } })),
        ...(s.state === "closed" ? [{ event: "closed", actor: user("li-wei"), created_at: s.closed, state_reason: s.stateReason ?? "completed" }] : []),
      ];
      return {
        issue: {
          id: s.number,
          number: s.number,
          title: s.title,
          body: s.body ?? "",
          user: user(s.author ?? "carol"),
          labels: (s.labels ?? []).map((l) => ({ name: l.name })),
          state: s.state ?? "open",
          state_reason: s.state === "closed" ? (s.stateReason ?? "completed") : null,
          assignees: (s.assignees ?? []).map(user),
          created_at: s.created,
          updated_at: s.closed ?? s.created,
          closed_at: s.closed ?? null,
          author_association: "NONE",
          html_url: `https://github.com/acme/support/issues/${s.number}`,
        },
        comments,
        timeline,
      };
    }),
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary folder holding a snapshot and rule files. */
export function workspace(snapshot: unknown, rules: Record<string, string>): { dir: string; snapshot: string; read(): SnapshotData } {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-e2e-"));
  const path = join(dir, "snapshot.json");
  writeFileSync(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(dir, name), text);
  return { dir, snapshot: path, read: () => JSON.parse(readFileSync(path, "utf8")) as SnapshotData };
}

export interface SnapshotData {
  issues: {
    issue: { number: number; state: string; state_reason: string | null; labels: { name: string }[]; assignees: { login: string }[]; body: string };
    comments: { id: number; body: string; user: { login: string } }[];
    timeline: { event: string }[];
  }[];
}

export async function shepherd(...argv: string[]): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
    env: { NO_COLOR: "1" },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

export const labelsOf = (data: SnapshotData, n: number) => data.issues.find((i) => i.issue.number === n)?.issue.labels.map((l) => l.name).sort() ?? [];
export const issueOf = (data: SnapshotData, n: number) => {
  const found = data.issues.find((i) => i.issue.number === n);
  if (!found) throw new Error(`no issue ${n}`);
  return found;
};
