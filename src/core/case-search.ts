/**
 * The optional port for similar past cases: a tracker that can search its own closed issues
 * offers candidates for a new report. A tracker without it gets no suggestions; the ranking,
 * and which candidates count as cases, are decided outside it.
 */
import type { Issue } from "./model.ts";

/** What to look for: the report's most telling terms, in the report's project or repository. */
export interface CaseSearchQuery {
  /** The new report's id: its project or repository is searched, and it is never returned. */
  issue: string;
  /** Terms, most telling first; an issue matching any of them is a candidate. */
  terms: readonly string[];
  /** At most this many candidates, best match first. */
  limit: number;
}

export interface CaseSearch {
  /**
   * Issues closed as completed that match any of the terms, best match first, read whole (comments
   * and history: the closure's answers are in them). A failure (a rate limit) is a TrackerError.
   */
  searchSolved(query: CaseSearchQuery): Promise<Issue[]>;
}

/** The tracker's case search, when it has one. */
export function caseSearchOf(tracker: object): CaseSearch | undefined {
  const search = (tracker as Partial<CaseSearch>).searchSolved;
  return typeof search === "function" ? (tracker as CaseSearch) : undefined;
}
