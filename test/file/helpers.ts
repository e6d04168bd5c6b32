import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSnapshotTracker, type SnapshotTracker, type SnapshotTrackerOptions } from "../../src/cli/open-snapshot.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { GithubSnapshotEntry } from "../../src/github/in-memory/snapshot-entry.ts";

export const NOW = Date.parse("2026-03-11T02:00:00Z");

export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/snapshots/${name}`, import.meta.url), "utf8");
}

/** A snapshot file in a fresh folder, opened as `--tracker file:` opens it. */
export interface SnapshotCopy {
  dir: string;
  path: string;
  tracker: SnapshotTracker;
  /** The file's text now. */
  text(): Promise<string>;
  /** The file parsed now. */
  json<T = Record<string, unknown>>(): Promise<T>;
  /** Close the tracker and remove the folder. */
  cleanup(): Promise<void>;
}

/**
 * Write `content` (a fixture's name, or a snapshot as a value) to a fresh folder and open it, with
 * the clock at NOW; `botLogins` are the rules' (the first is the tool's login unless the snapshot
 * names its `self`).
 */
export async function openCopy(content: string | object, botLogins: readonly string[] = ["shepherd-bot"], options: Partial<SnapshotTrackerOptions> = {}): Promise<SnapshotCopy> {
  const dir = await mkdtemp(join(tmpdir(), "shepherd-snapshot-"));
  const path = join(dir, "snapshot.json");
  await writeFile(path, typeof content === "string" ? readFixture(content) : `${JSON.stringify(content, null, 2)}\n`);
  const tracker = await openSnapshotTracker(path, { botLogins, now: () => NOW, ...options });
  return {
    dir,
    path,
    tracker,
    text: () => readFile(path, "utf8"),
    json: async <T,>() => JSON.parse(await readFile(path, "utf8")) as T,
    cleanup: async () => {
      await tracker.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Operations with the bookkeeping fields filled in. */
export const op = (operation: Record<string, unknown> & { kind: Operation["kind"] }): Operation =>
  ({ rule: "test", reason: "because", ...operation }) as Operation;

/** A GitHub snapshot as a value, to write with `openCopy`. */
export interface GithubSnapshot {
  tracker: "github";
  repository: string;
  /** The login the tool writes as. */
  self?: string;
  issues: GithubSnapshotEntry[];
}
