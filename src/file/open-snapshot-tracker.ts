/**
 * The embedded tracker: a snapshot file read into memory, served through the
 * Tracker port, and written back (atomically, only when something changed) on flush.
 */
import * as fs from "node:fs/promises";
import type { Issue } from "../core/model.ts";
import type { Operation } from "../core/plan.ts";
import { type AuditScope, type Tracker, TrackerError } from "../core/tracker.ts";
import { GITHUB_CAPABILITIES } from "../github/capabilities.ts";
import { JIRA_CAPABILITIES } from "../jira/capabilities.ts";
import { type AppliedOperation, applyToSnapshot, createIdSource } from "./apply-to-snapshot.ts";
import { checkedSnapshot, parseSnapshot, type SnapshotParseResult } from "./parse-snapshot.ts";
import { createReadContext, findSnapshotIndex, readSnapshotIssue } from "./read-snapshot-issue.ts";
import type { Snapshot } from "./snapshot.ts";
import { readSnapshotValue, SnapshotSyntaxError, snapshotChunks } from "./stream-snapshot.ts";
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
export const formatSnapshot = (snapshot: Snapshot): string => [...snapshotChunks(snapshot)].join("");

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
    /** Preferred over `write`: the text one chunk per issue, never one string. */
    writeChunks?: (chunks: Iterable<string>) => Promise<void>;
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
    capabilities: snapshot.tracker === "jira" ? JIRA_CAPABILITIES : GITHUB_CAPABILITIES,
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
      if (!dirty) return;
      if (options.writeChunks !== undefined) await options.writeChunks(snapshotChunks(snapshot));
      else if (options.write !== undefined) await options.write(formatSnapshot(snapshot));
      else return;
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
  const parsed = await readSnapshotFile(path, options.readFile);
  // What a run killed mid-write left behind goes now, even if this run writes nothing.
  if (options.writeFile === undefined) await removeStaleTemporaries(path);
  if (!parsed.ok) throw new TrackerError("invalid", parsed.errors.join("\n"));
  const failed = (error: unknown): TrackerError =>
    new TrackerError("transient", `${path}: cannot write the snapshot: ${(error as Error).message}`, { cause: error });
  const writeFile = options.writeFile;
  return createSnapshotTracker(parsed.snapshot, {
    name: path,
    botLogin: options.botLogin,
    now: options.now,
    ...(options.priorityField === undefined ? {} : { priorityField: options.priorityField }),
    ...(writeFile === undefined
      ? { writeChunks: (chunks) => writeFileAtomic(path, chunks).catch((error: unknown) => Promise.reject(failed(error))) }
      : { write: (text) => writeFile(path, text).catch((error: unknown) => Promise.reject(failed(error))) }),
  });
}

/** Below this size a file that is not JSON is read again whole, for JSON.parse's own message. */
const WHOLE_TEXT_LIMIT = 64 * 1024 * 1024;

function readFailure(path: string, error: unknown): TrackerError {
  if (errorCode(error) === "ENOENT") return new TrackerError("not-found", `${path}: no such snapshot file`, { cause: error });
  return new TrackerError("invalid", `${path}: cannot read the snapshot: ${(error as Error).message}`, { cause: error });
}

/**
 * Read and check a snapshot file. The default reads it in chunks and parses one issue at a time,
 * so no file is too large for one string; an injected `readFile` gets the whole text.
 */
async function readSnapshotFile(path: string, readFile?: (path: string) => Promise<string>): Promise<SnapshotParseResult> {
  if (readFile !== undefined) {
    const text = await readFile(path).catch((error: unknown) => Promise.reject(readFailure(path, error)));
    return parseSnapshot(text, path);
  }
  let value: unknown;
  try {
    value = await readSnapshotValue(path);
  } catch (error) {
    if (!(error instanceof SyntaxError || error instanceof SnapshotSyntaxError)) throw readFailure(path, error);
    const size = await fs.stat(path).then(
      (stat) => stat.size,
      () => Infinity,
    );
    // A small file gets the same message as ever; a large one the byte the splitter stopped at.
    if (size <= WHOLE_TEXT_LIMIT) return parseSnapshot(await fs.readFile(path, "utf8"), path);
    const where = error instanceof SnapshotSyntaxError ? ` (near byte ${error.offset})` : "";
    return { ok: false, errors: [`${path}: not valid JSON: ${error.message}${where}`] };
  }
  return checkedSnapshot(value, path);
}
