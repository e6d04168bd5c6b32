/**
 * Snapshot entries → core issues, and finding an entry by the ids people type.
 */
import type { Issue, StatusCategory } from "../core/model.ts";
import { toCoreIssueFromRest } from "../github/to-core-issue.ts";
import { type JiraStatus, toCoreIssueFromJira, toStatusCategory } from "../jira/to-core-issue.ts";
import { isRecord } from "./checks.ts";
import type { JiraSnapshot, Snapshot } from "./snapshot.ts";

/** Every status that appears on an issue of a Jira snapshot, once per name. */
export function snapshotStatuses(snapshot: JiraSnapshot): JiraStatus[] {
  const byName = new Map<string, JiraStatus>();
  for (const issue of snapshot.issues) {
    const status = issue.fields?.status;
    if (isRecord(status) && typeof status.name === "string" && !byName.has(status.name.toLowerCase())) {
      byName.set(status.name.toLowerCase(), status);
    }
  }
  return [...byName.values()];
}

/** What converting the issues of one snapshot needs, computed once per snapshot. */
export interface SnapshotReadContext {
  /**
   * The login (GitHub) or accountId (Jira) the snapshot is written as: the tool's own identity,
   * the only one whose comments carry hidden keys.
   */
  botLogin: string;
  /** GitHub: the issue field read as the native priority. */
  priorityField?: string;
  fieldNames: Record<string, string>;
  statusCategories: Record<string, StatusCategory>;
}

export function createReadContext(snapshot: Snapshot, botLogin: string, priorityField?: string): SnapshotReadContext {
  const context: SnapshotReadContext = { botLogin, fieldNames: {}, statusCategories: {} };
  if (priorityField !== undefined) context.priorityField = priorityField;
  if (snapshot.tracker !== "jira") return context;
  for (const field of snapshot.fields ?? []) context.fieldNames[field.id] = field.name;
  for (const status of snapshotStatuses(snapshot)) {
    const key = isRecord(status.statusCategory) ? status.statusCategory.key : undefined;
    if (status.name !== undefined) context.statusCategories[status.name] = toStatusCategory(key);
  }
  return context;
}

/** The core issue of the snapshot entry at `index`. */
export function readSnapshotIssue(snapshot: Snapshot, index: number, context: SnapshotReadContext): Issue {
  if (snapshot.tracker === "github") {
    const entry = snapshot.issues[index];
    if (entry === undefined) throw new RangeError(`no snapshot entry ${index}`);
    return toCoreIssueFromRest(snapshot.repository, entry.issue, entry.comments ?? [], entry.timeline ?? [], {
      botLogins: [context.botLogin],
      selfLogin: context.botLogin,
      ...(context.priorityField === undefined ? {} : { priorityField: context.priorityField }),
    });
  }
  const issue = snapshot.issues[index];
  if (issue === undefined) throw new RangeError(`no snapshot entry ${index}`);
  return toCoreIssueFromJira(issue, {
    botAccountIds: [context.botLogin],
    selfAccountId: context.botLogin,
    fieldNames: context.fieldNames,
    statusCategories: context.statusCategories,
  });
}

const GITHUB_ID = /^(?:(?:https?:\/\/[^/]+\/)?([^/\s#]+\/[^/\s#]+?)(?:#|\/issues\/))?#?(\d+)$/;

/** Where each id of a snapshot's entries is, built once per issues array (an audit looks up every issue). */
interface IdIndex {
  /** The array's length when indexed: an entry added or removed since makes a new index. */
  length: number;
  /** GitHub: the issue number; Jira: the key upper-cased. First entry wins, as a scan would find it. */
  byKey: Map<string, number>;
  /** Jira: the numeric issue id. */
  byId: Map<string, number>;
  /** Jira: the number after the key's last `-`, or -1 when two keys end in it. */
  bySuffix: Map<string, number>;
}

const idIndexes = new WeakMap<object, IdIndex>();

const setFirst = (map: Map<string, number>, key: string, index: number): void => {
  if (!map.has(key)) map.set(key, index);
};

function buildIdIndex(snapshot: Snapshot): IdIndex {
  const index: IdIndex = { length: snapshot.issues.length, byKey: new Map(), byId: new Map(), bySuffix: new Map() };
  if (snapshot.tracker === "github") {
    snapshot.issues.forEach((entry, at) => setFirst(index.byKey, String(entry.issue.number), at));
    return index;
  }
  snapshot.issues.forEach((issue, at) => {
    if (typeof issue.key === "string") {
      setFirst(index.byKey, issue.key.toUpperCase(), at);
      const suffix = /-(\d+)$/.exec(issue.key)?.[1];
      if (suffix !== undefined) index.bySuffix.set(suffix, index.bySuffix.has(suffix) ? -1 : at);
    }
    if (typeof issue.id === "string") setFirst(index.byId, issue.id, at);
  });
  return index;
}

function idIndexOf(snapshot: Snapshot): IdIndex {
  const known = idIndexes.get(snapshot.issues);
  if (known !== undefined && known.length === snapshot.issues.length) return known;
  const index = buildIdIndex(snapshot);
  idIndexes.set(snapshot.issues, index);
  return index;
}

/**
 * The index of the entry an id names, or -1. GitHub: `12`, `#12`, `owner/repo#12` or the issue's
 * URL. Jira: `PROJ-12` (any case), the numeric issue id, or `12` when one key ends in `-12`.
 * Constant time: the ids are indexed on the first look-up.
 */
export function findSnapshotIndex(snapshot: Snapshot, id: string): number {
  const wanted = id.trim();
  const index = idIndexOf(snapshot);
  if (snapshot.tracker === "github") {
    const match = GITHUB_ID.exec(wanted);
    if (match === null) return -1;
    const [, repo, number] = match;
    if (repo !== undefined && repo.toLowerCase() !== snapshot.repository.toLowerCase()) return -1;
    return index.byKey.get(String(Number(number))) ?? -1;
  }
  const byKey = index.byKey.get(wanted.toUpperCase());
  const byId = index.byId.get(wanted);
  // The first entry either names, as one scan over both would find.
  if (byKey !== undefined || byId !== undefined) return Math.min(byKey ?? Infinity, byId ?? Infinity);
  if (!/^\d+$/.test(wanted)) return -1;
  return index.bySuffix.get(wanted) ?? -1;
}
