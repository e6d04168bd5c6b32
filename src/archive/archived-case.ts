/**
 * A case as the archive files it: the record and the file it lives in. The path is chosen once,
 * from the record's month and slug, and kept: an edited root cause changes the keywords and the
 * slug, not where readers and links find the case.
 */
import type { CaseRecord } from "../core/cases/case-record.ts";

export interface ArchivedCase extends CaseRecord {
  /** Inside the archive folder: `cases/2026-03/payments-timeout-2026-03-42.md`. */
  path: string;
}

/** Case file paths the archive writes: nothing else (no `..`, no absolute path) is ever opened. */
export const CASE_PATH = /^cases\/\d{4}-\d{2}\/[a-z0-9][a-z0-9-]{0,120}\.md$/;

/** The path a new case is filed under; `taken` are the paths already in use by other cases. */
export function casePath(record: CaseRecord, taken: ReadonlySet<string>): string {
  const base = `cases/${record.month}/${record.slug}`;
  let path = `${base}.md`;
  for (let n = 2; taken.has(path); n++) path = `${base}-${n}.md`;
  if (!CASE_PATH.test(path)) throw new Error(`case path ${JSON.stringify(path)} is not one the archive writes`);
  return path;
}
