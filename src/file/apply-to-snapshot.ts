/**
 * Apply a plan's operations to one issue of an in-memory snapshot, in order, each on its own: a
 * failing operation is reported and the others still run.
 */
import type { Operation } from "../core/plan.ts";
import type { OperationResult } from "../core/tracker.ts";
import type { RestIssueFieldValue } from "../github/rest-types.ts";
import type { JiraUser } from "../jira/to-core-issue.ts";
import { applyGithubOperation } from "./apply-github.ts";
import { applyJiraOperation } from "./apply-jira.ts";
import type { ApplyOutcome } from "./apply-result.ts";
import { isRecord } from "./checks.ts";
import { snapshotStatuses } from "./read-snapshot-issue.ts";
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

/** Ids that no comment, event or history entry of the snapshot uses yet. */
export function createIdSource(snapshot: Snapshot): () => number {
  let last = largestId(snapshot.issues);
  return () => ++last;
}

/** Users with display names by accountId, indexed once per snapshot (an audit looks up many). */
const userIndexes = new WeakMap<Snapshot, Map<string, JiraUser>>();

function findUser(snapshot: Snapshot, accountId: string): JiraUser | undefined {
  let index = userIndexes.get(snapshot);
  if (index === undefined) {
    const users = new Map<string, JiraUser>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) for (const element of node as unknown[]) visit(element);
      else if (isRecord(node)) {
        if (typeof node.accountId === "string" && typeof node.displayName === "string" && !users.has(node.accountId)) {
          users.set(node.accountId, structuredClone(node));
        }
        for (const child of Object.values(node)) if (typeof child === "object") visit(child);
      }
    };
    visit(snapshot.issues);
    index = users;
    userIndexes.set(snapshot, index);
  }
  return index.get(accountId);
}

function findIssueField(snapshot: Snapshot, name: string): RestIssueFieldValue | undefined {
  if (snapshot.tracker !== "github") return undefined;
  for (const entry of snapshot.issues) {
    const values = entry.issue.issue_field_values;
    const match = Array.isArray(values)
      ? values.find((value) => value.issue_field_name?.toLowerCase() === name.toLowerCase())
      : undefined;
    if (match !== undefined) return structuredClone(match);
  }
  return undefined;
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
      statuses: () => snapshotStatuses(snapshot),
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
    return outcome.ok
      ? { operation, ok: true, changed: outcome.changed, ...(outcome.alreadyDone === true ? { alreadyDone: true } : {}) }
      : { operation, ok: false, error: outcome.error, changed: false };
  });
}
