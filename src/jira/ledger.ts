/**
 * The hidden ledger: the issue property `issue-shepherd` = `{ comments: { [commentId]: key } }`
 * (DESIGN §4 "exactly-once notices"). Jira has no hidden text in comments, so the key of each
 * comment the tool writes is kept here — read back with the issue in the same request
 * (`properties=issue-shepherd`) — and also as the comment's own property `issue-shepherd` =
 * `{ key }`, from which a lost ledger entry is recovered.
 */
import { PROPERTY_KEY } from "./to-core-issue.ts";

export { PROPERTY_KEY };

export interface Ledger {
  /** Comment id → hidden key. */
  comments: Record<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Read the ledger from an issue's `properties` object (anything odd reads as empty). */
export function readLedger(properties: unknown): Ledger {
  const value = isRecord(properties) ? properties[PROPERTY_KEY] : undefined;
  const comments: Record<string, string> = {};
  if (isRecord(value) && isRecord(value.comments)) {
    for (const [id, key] of Object.entries(value.comments)) if (typeof key === "string") comments[id] = key;
  }
  return { comments };
}

/** The ledger with one more entry, and without entries for comments that no longer exist. */
export function withEntry(ledger: Ledger, commentId: string, key: string, liveIds?: ReadonlySet<string>): Ledger {
  const comments: Record<string, string> = {};
  for (const [id, existing] of Object.entries(ledger.comments)) {
    if (existing !== key && (liveIds === undefined || liveIds.has(id))) comments[id] = existing;
  }
  comments[commentId] = key;
  return { comments };
}

/** The key a comment carries in its own `properties` list (`expand=properties`), if any. */
export function commentPropertyKey(properties: unknown): string | undefined {
  if (!Array.isArray(properties)) return undefined;
  for (const property of properties) {
    if (isRecord(property) && property.key === PROPERTY_KEY && isRecord(property.value)) {
      const key = property.value.key;
      if (typeof key === "string") return key;
    }
  }
  return undefined;
}
