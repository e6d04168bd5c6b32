import { readFileSync } from "node:fs";
import type { Operation } from "../../src/core/plan.ts";
import { createSnapshotTracker, type SnapshotTracker } from "../../src/file/open-snapshot-tracker.ts";
import { parseSnapshot } from "../../src/file/parse-snapshot.ts";
import type { Snapshot } from "../../src/file/snapshot.ts";

export const NOW = Date.parse("2026-03-11T02:00:00Z");

export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/snapshots/${name}`, import.meta.url), "utf8");
}

export function loadFixture(name: string): Snapshot {
  const parsed = parseSnapshot(readFixture(name), name);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  return parsed.snapshot;
}

/** A tracker over a fixture, with the clock at NOW; `written` collects what flush writes. */
export function fixtureTracker(name: string, botLogin: string): SnapshotTracker & { written: string[] } {
  const written: string[] = [];
  const tracker = createSnapshotTracker(loadFixture(name), {
    name,
    botLogin,
    now: () => NOW,
    write: (text) => {
      written.push(text);
      return Promise.resolve();
    },
  });
  return Object.assign(tracker, { written });
}

/** Operations with the bookkeeping fields filled in. */
export const op = (operation: Record<string, unknown> & { kind: Operation["kind"] }): Operation =>
  ({ rule: "test", reason: "because", ...operation }) as Operation;
