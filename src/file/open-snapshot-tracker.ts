/**
 * The embedded tracker: a snapshot file read into memory, served through the
 * Tracker port, and written back (atomically, only when something changed) on flush.
 */
import * as fs from "node:fs/promises";
import type { Issue } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { type AuditScope, type Tracker, TrackerError } from "../core/tracker.ts";
import { type AppliedOperation, applyToSnapshot, createIdSource } from "./apply-to-snapshot.ts";
import { parseSnapshot } from "./parse-snapshot.ts";
import { createReadContext, findSnapshotIndex, readSnapshotIssue } from "./read-snapshot-issue.ts";
import type { Snapshot } from "./snapshot.ts";
import { removeStaleTemporaries, writeFileAtomic } from "./write-file-atomic.ts";

export interface SnapshotTrackerOptions {
  /**
   * The tool's GitHub login or Jira accountId: author of its comments and changes, and the only
   * identity whose comments carry hidden keys. A snapshot's own `"self"` takes precedence.
   */
  botLogin: string;
  /** The time written on changes (the audit's `--now`). */
  now: () => number;
  /** GitHub: the issue field that holds the native priority (default `Priority`). */
  priorityField?: string;
  readFile?: (path: string) => Promise<string>;
  /** Must replace the file atomically; the default writes a temporary file and renames it. */
  writeFile?: (path: string, text: string) => Promise<void>;
}

export interface SnapshotTracker extends Tracker {
  /** Write the snapshot back if an operation changed it. */
  flush(): Promise<void>;
  /** Whether operations changed the snapshot since it was read or last flushed. */
  readonly changed: boolean;
  /** The snapshot as it is in memory, changes included. */
  readonly snapshot: Snapshot;
  /** Like `apply`, also telling which operations changed the snapshot. */
  applyDetailed(issue: Issue, operations: readonly Operation[]): AppliedOperation[];
}

/** The text a snapshot is written as: 2-space indented JSON and a final newline. */
export const formatSnapshot = (snapshot: Snapshot): string => `${JSON.stringify(snapshot, null, 2)}\n`;

/** Is this issue in the audit scope: open, or closed at or after `closedSince`? */
function inScope(issue: Issue, scope: AuditScope): boolean {
  if (issue.pullRequest === true) return false;
  if (issue.state === "open") return true;
  return scope.closedSince !== undefined && issue.closedAt !== undefined && issue.closedAt >= scope.closedSince;
}

/** A tracker over an already parsed snapshot; `write` persists it (nothing is written without it). */
export function createSnapshotTracker(
  snapshot: Snapshot,
  options: {
    name: string;
    botLogin: string;
    now: () => number;
    priorityField?: string;
    write?: (text: string) => Promise<void>;
  },
): SnapshotTracker {
  // The snapshot may name who the tool is in it; otherwise the login the caller writes as.
  const self = typeof snapshot.self === "string" && snapshot.self !== "" ? snapshot.self : options.botLogin;
  const readContext = createReadContext(snapshot, self, options.priorityField);
  const nextId = createIdSource(snapshot);
  let dirty = false;

  const notFound = (id: string): TrackerError => new TrackerError("not-found", `${options.name}: no issue ${id}`);

  const applyDetailed = (issue: Issue, operations: readonly Operation[]): AppliedOperation[] => {
    const index = findSnapshotIndex(snapshot, issue.id);
    if (index === -1) {
      const error = notFound(issue.id).message;
      return operations.map((operation) => ({ operation, ok: false, error, changed: false }));
    }
    const results = applyToSnapshot(snapshot, index, operations, {
      botLogin: self,
      now: options.now(),
      nextId,
      ...(options.priorityField === undefined ? {} : { priorityField: options.priorityField }),
    });
    if (results.some((result) => result.changed)) dirty = true;
    return results;
  };

  return {
    kind: snapshot.tracker,
    name: options.name,
    snapshot,
    get changed() {
      return dirty;
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- the port is async; the snapshot is in memory
    async *listIssues(scope: AuditScope): AsyncIterable<Issue> {
      for (let index = 0; index < snapshot.issues.length; index++) {
        const issue = readSnapshotIssue(snapshot, index, readContext);
        if (inScope(issue, scope)) yield issue;
      }
    },
    getIssue(id: string): Promise<Issue> {
      const index = findSnapshotIndex(snapshot, id);
      if (index === -1) return Promise.reject(notFound(id));
      return Promise.resolve(readSnapshotIssue(snapshot, index, readContext));
    },
    apply(issue: Issue, operations: readonly Operation[]) {
      return Promise.resolve(
        applyDetailed(issue, operations).map(({ changed: _changed, ...result }) => result),
      );
    },
    applyDetailed,
    async flush(): Promise<void> {
      if (!dirty || options.write === undefined) return;
      await options.write(formatSnapshot(snapshot));
      dirty = false;
    },
  };
}

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;

/**
 * Open a snapshot file as a tracker. Fails with a TrackerError: `not-found` when the file does
 * not exist, `invalid` (one line per problem, with JSON paths) when it is not a snapshot.
 */
export async function openSnapshotTracker(path: string, options: SnapshotTrackerOptions): Promise<SnapshotTracker> {
  const readFile = options.readFile ?? ((file: string) => fs.readFile(file, "utf8"));
  const writeFile = options.writeFile ?? writeFileAtomic;
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") throw new TrackerError("not-found", `${path}: no such snapshot file`, { cause: error });
    throw new TrackerError("invalid", `${path}: cannot read the snapshot: ${(error as Error).message}`, { cause: error });
  }
  // What a run killed mid-write left behind goes now, even if this run writes nothing.
  if (options.writeFile === undefined) await removeStaleTemporaries(path);
  const parsed = parseSnapshot(text, path);
  if (!parsed.ok) throw new TrackerError("invalid", parsed.errors.join("\n"));
  return createSnapshotTracker(parsed.snapshot, {
    name: path,
    botLogin: options.botLogin,
    now: options.now,
    ...(options.priorityField === undefined ? {} : { priorityField: options.priorityField }),
    write: async (data) => {
      try {
        await writeFile(path, data);
      } catch (error) {
        throw new TrackerError("transient", `${path}: cannot write the snapshot: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  });
}
