/**
 * A case: one completed closure kept as knowledge — what the problem was, why it happened, how it
 * was fixed and how the fix was checked, with the figures and terms it is found by.
 */

/** One solved problem, as the knowledge base and the similar-case search read it. */
export interface CaseRecord {
  /** Tracker-wide id: `OWNER/REPO#12` or `PROJ-12`. */
  id: string;
  /** The short reference people write: `#12` or `PROJ-12`. */
  key: string;
  /** Link for humans, where the tracker has one. */
  url: string | null;
  title: string;
  /** The category the rules settled on, if any. */
  category: string | null;
  /** The priority level the rules settled on, e.g. `P1`. */
  priority: string;
  /** Labels exactly as on the tracker. */
  labels: string[];
  /** The answers the closure checklist found, as written. */
  rootCause: string;
  solution: string;
  verification: string;
  /** ISO 8601 instants (UTC). */
  createdAt: string;
  closedAt: string;
  /** The month of the close in the team's zone: `2026-03`. */
  month: string;
  /** Business minutes to the first team response, and to the close; null where the rules count no such clock. */
  firstResponseBusinessMinutes: number | null;
  resolutionBusinessMinutes: number | null;
  /** Search terms, most telling first: module labels and category, then terms of the root cause and the title. */
  keywords: string[];
  /** File-safe name, unique per case: `payments-timeout-2026-03-42`. */
  slug: string;
}

/** Why an issue gives no case: one line for people, naming what is missing or why it does not count. */
export interface NoCaseRecord {
  id: string;
  reason: string;
}

/** A case, or why there is none. */
export type CaseRecordResult = { ok: true; record: CaseRecord } | { ok: false; why: NoCaseRecord };
