/**
 * Apply a plan's operations to one issue of an in-memory snapshot, in order, each on its own: a
 * failing operation is reported and the others still run.
 */
import type { Operation } from "../core/plan.ts";
import type { OperationResult } from "../core/tracker.ts";
import type { RestIssueFieldValue } from "../github/rest-types.ts";
import type { JiraStatus, JiraUser } from "../jira/to-core-issue.ts";
import { applyGithubOperation } from "./apply-github.ts";
import { applyJiraOperation } from "./apply-jira.ts";
import type { ApplyOutcome } from "./apply-result.ts";
import { isRecord } from "./checks.ts";
import { type Contribution, FirstOccurrence } from "./first-occurrence.ts";
import type { Snapshot } from "./snapshot.ts";

/** The outcome of one operation, with whether it changed the snapshot. */
export interface AppliedOperation extends OperationResult {
  changed: boolean;
}

export interface SnapshotApplyOptions {
  botLogin: string;
  now: number;
  /** Fresh ids for comments, events and history entries; see {@link createIdSource}. */
  nextId: () => number;
  /** GitHub: the issue field a native priority is written to (default `Priority`). */
  priorityField?: string;
}

/** The largest numeric id in a value (comment, event, history ids), searched to any depth. */
function largestId(value: unknown): number {
  let largest = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const element of node as unknown[]) visit(element);
    } else if (isRecord(node)) {
      const id = typeof node.id === "string" && /^\d{1,15}$/.test(node.id) ? Number(node.id) : node.id;
      if (typeof id === "number" && Number.isSafeInteger(id) && id > largest) largest = id;
      for (const child of Object.values(node)) if (typeof child === "object") visit(child);
    }
  };
  visit(value);
  return largest;
}

/** Ids that no comment, event or history entry of the snapshot uses yet; the snapshot is searched on the first id asked for. */
export function createIdSource(snapshot: Snapshot): () => number {
  let last: number | undefined;
  return () => {
    last ??= largestId(snapshot.issues);
    return ++last;
  };
}

/**
 * What applying looks up across the whole snapshot (users by accountId, GitHub issue fields by
 * name, Jira statuses by name), indexed on first use and refreshed for the one issue an operation
 * changed, so each look-up answers as a scan of the snapshot would, at the cost of one issue.
 */
interface SnapshotIndexes {
  users: FirstOccurrence<JiraUser>;
  issueFields: FirstOccurrence<RestIssueFieldValue>;
  statuses: FirstOccurrence<JiraStatus>;
  /** The status listing with the index version it was made at. */
  statusList?: { version: number; list: JiraStatus[] };
}

const snapshotIndexes = new WeakMap<Snapshot, SnapshotIndexes>();

/** Users with display names in one issue, first per accountId, in the order a deep scan meets them. */
function usersIn(issue: unknown): Contribution<JiraUser> {
  const users = new Map<string, JiraUser>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const element of node as unknown[]) visit(element);
    else if (isRecord(node)) {
      if (typeof node.accountId === "string" && typeof node.displayName === "string" && !users.has(node.accountId)) {
        users.set(node.accountId, node);
      }
      for (const child of Object.values(node)) if (typeof child === "object") visit(child);
    }
  };
  visit(issue);
  return users;
}

function indexesOf(snapshot: Snapshot): SnapshotIndexes {
  const known = snapshotIndexes.get(snapshot);
  if (known !== undefined) return known;
  const count = (): number => snapshot.issues.length;
  const indexes: SnapshotIndexes = {
    users: new FirstOccurrence(count, (index) => usersIn(snapshot.issues[index])),
    issueFields: new FirstOccurrence(count, (index) => {
      const fields = new Map<string, RestIssueFieldValue>();
      if (snapshot.tracker !== "github") return fields;
      const values = snapshot.issues[index]?.issue.issue_field_values;
      if (!Array.isArray(values)) return fields;
      for (const value of values) {
        const name = value.issue_field_name?.toLowerCase();
        if (name !== undefined && !fields.has(name)) fields.set(name, value);
      }
      return fields;
    }),
    statuses: new FirstOccurrence(count, (index) => {
      const statuses = new Map<string, JiraStatus>();
      if (snapshot.tracker !== "jira") return statuses;
      const status = snapshot.issues[index]?.fields?.status;
      if (isRecord(status) && typeof status.name === "string") statuses.set(status.name.toLowerCase(), status);
      return statuses;
    }),
  };
  snapshotIndexes.set(snapshot, indexes);
  return indexes;
}

function findUser(snapshot: Snapshot, accountId: string): JiraUser | undefined {
  const user = indexesOf(snapshot).users.get(accountId);
  return user === undefined ? undefined : structuredClone(user);
}

function findIssueField(snapshot: Snapshot, name: string): RestIssueFieldValue | undefined {
  if (snapshot.tracker !== "github") return undefined;
  const match = indexesOf(snapshot).issueFields.get(name.toLowerCase());
  return match === undefined ? undefined : structuredClone(match);
}

/** Every status on an issue of the snapshot, once per name, in the order they first occur. */
function statusesOf(snapshot: Snapshot): JiraStatus[] {
  const indexes = indexesOf(snapshot);
  indexes.statuses.ensure();
  const cached = indexes.statusList;
  if (cached !== undefined && cached.version === indexes.statuses.version) return cached.list;
  const list = indexes.statuses.list();
  indexes.statusList = { version: indexes.statuses.version, list };
  return list;
}

/** Apply operations to the snapshot entry at `index`; the snapshot objects are changed in place. */
export function applyToSnapshot(
  snapshot: Snapshot,
  index: number,
  operations: readonly Operation[],
  options: SnapshotApplyOptions,
): AppliedOperation[] {
  const base = { botLogin: options.botLogin, now: options.now, nextId: options.nextId };
  const fieldIds = new Map<string, string>();
  if (snapshot.tracker === "jira") {
    for (const field of snapshot.fields ?? []) fieldIds.set(field.name.toLowerCase(), field.id);
    const names = snapshot.issues[index]?.names;
    if (isRecord(names)) {
      for (const [id, name] of Object.entries(names)) if (typeof name === "string") fieldIds.set(name.toLowerCase(), id);
    }
  }
  const applyOne = (operation: Operation): ApplyOutcome => {
    if (snapshot.tracker === "github") {
      const entry = snapshot.issues[index];
      if (entry === undefined) return { ok: false, error: "the issue is not in the snapshot" };
      return applyGithubOperation(entry, operation, {
        ...base,
        ...(options.priorityField === undefined ? {} : { priorityField: options.priorityField }),
        findIssueField: (name) => findIssueField(snapshot, name),
      });
    }
    const issue = snapshot.issues[index];
    if (issue === undefined) return { ok: false, error: "the issue is not in the snapshot" };
    return applyJiraOperation(issue, operation, {
      ...base,
      statuses: () => statusesOf(snapshot),
      findUser: (accountId) => findUser(snapshot, accountId),
      fieldIdOf: (name) => fieldIds.get(name.toLowerCase()),
    });
  };
  return operations.map((operation) => {
    let outcome: ApplyOutcome;
    try {
      outcome = applyOne(operation);
    } catch (error) {
      outcome = { ok: false, error: `could not apply ${operation.kind}: ${(error as Error).message}` };
    }
    // Only this issue changed: the snapshot-wide look-ups read it again, and nothing else.
    const indexes = snapshotIndexes.get(snapshot);
    if (indexes !== undefined) for (const lookUp of [indexes.users, indexes.issueFields, indexes.statuses]) lookUp.refresh(index);
    return outcome.ok
      ? { operation, ok: true, changed: outcome.changed, ...(outcome.alreadyDone === true ? { alreadyDone: true } : {}) }
      : { operation, ok: false, error: outcome.error, changed: false };
  });
}
