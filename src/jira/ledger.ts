/**
 * The hidden ledger: the issue property `issue-shepherd` = `{ comments: { [commentId]: key } }`,
 * or a list of keys for a digest that stands for several notices. Jira has no hidden text in
 * comments, so the keys of each comment the tool writes are kept here — read back with the issue
 * in the same request (`properties=issue-shepherd`) — and also as the comment's own property
 * `issue-shepherd` = `{ key, keys? }`, from which a lost ledger entry is recovered.
 */
import { PROPERTY_KEY } from "./to-core-issue.ts";

export { PROPERTY_KEY };

export interface Ledger {
  /** Comment id → hidden key, or its keys when it is a digest of several notices. */
  comments: Record<string, string | string[]>;
}

/** The keys of a ledger entry or property value: a key, or a list of keys (anything else is none). */
export function entryKeys(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((key): key is string => typeof key === "string") : [];
}

/** A ledger entry for these keys: the key itself for one (as the ledger always had it), else the list. */
const toEntry = (keys: readonly string[]): string | string[] => (keys.length === 1 && keys[0] !== undefined ? keys[0] : [...keys]);

/** Is the ledger's entry for the comment exactly these keys? */
export function hasEntry(ledger: Ledger, commentId: string, keys: readonly string[]): boolean {
  const have = entryKeys(ledger.comments[commentId]);
  return have.length === keys.length && have.every((key, index) => key === keys[index]);
}

/** The comment property value for these keys: `{ key }`, plus `keys` for a digest. */
export const propertyValue = (keys: readonly string[]): { key: string; keys?: string[] } =>
  keys.length > 1 ? { key: keys[0] ?? "", keys: [...keys] } : { key: keys[0] ?? "" };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Read the ledger from an issue's `properties` object (anything odd reads as empty). */
export function readLedger(properties: unknown): Ledger {
  const value = isRecord(properties) ? properties[PROPERTY_KEY] : undefined;
  const comments: Record<string, string | string[]> = {};
  if (isRecord(value) && isRecord(value.comments)) {
    for (const [id, entry] of Object.entries(value.comments)) {
      const keys = entryKeys(entry);
      if (keys.length > 0) comments[id] = toEntry(keys);
    }
  }
  return { comments };
}

/**
 * The ledger with the comment's entry set to these keys, other entries without them (a key
 * belongs to one comment), and without entries for comments that no longer exist.
 */
export function withEntry(ledger: Ledger, commentId: string, keys: string | readonly string[], liveIds?: ReadonlySet<string>): Ledger {
  const wanted = typeof keys === "string" ? [keys] : keys;
  const comments: Record<string, string | string[]> = {};
  for (const [id, existing] of Object.entries(ledger.comments)) {
    if (liveIds !== undefined && !liveIds.has(id)) continue;
    const rest = entryKeys(existing).filter((key) => !wanted.includes(key));
    if (rest.length > 0) comments[id] = toEntry(rest);
  }
  comments[commentId] = toEntry(wanted);
  return { comments };
}

/** The keys a comment carries in its own `properties` list (`expand=properties`), if any. */
export function commentPropertyKeys(properties: unknown): string[] | undefined {
  if (!Array.isArray(properties)) return undefined;
  for (const property of properties) {
    if (isRecord(property) && property.key === PROPERTY_KEY && isRecord(property.value)) {
      const keys = [...new Set([...entryKeys(property.value.key), ...entryKeys(property.value.keys)])];
      if (keys.length > 0) return keys;
    }
  }
  return undefined;
}

/** The first key a comment carries in its own `properties` list, if any. */
export const commentPropertyKey = (properties: unknown): string | undefined => commentPropertyKeys(properties)?.[0];
