/** `--tracker` values → tracker adapters: `file:PATH`, `github:OWNER/REPO`, `jira`. */
import type { Rules } from "../core/rules/rules.ts";
import type { Tracker } from "../core/tracker.ts";
import { openSnapshotTracker } from "../file/open-snapshot-tracker.ts";
import { UsageError, type CliIO } from "./io.ts";

export async function openTracker(spec: string | undefined, rules: Rules, io: CliIO, now: number): Promise<Tracker> {
  if (spec === undefined) throw new UsageError("missing --tracker: expected file:PATH, github:OWNER/REPO or jira");
  if (spec.startsWith("file:")) {
    const path = spec.slice("file:".length);
    if (path === "") throw new UsageError("--tracker file: needs a path, e.g. file:demo/snapshot.json");
    return openSnapshotTracker(path, { botLogin: rules.botLogins[0] ?? "shepherd-bot", now: () => now });
  }
  throw new UsageError(`unknown --tracker ${JSON.stringify(spec)}: expected file:PATH, github:OWNER/REPO or jira`);
}
