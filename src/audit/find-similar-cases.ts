/**
 * The cases offered on a report that still needs triage, found outside the core: the tracker's
 * own search gives candidates (closed as completed, matching the report's most telling words),
 * each becomes a case record only when its closure is complete with a root cause and it is in
 * the rules' scope, and the records are ranked against the report in-process (src/similar). The
 * core then lists them in the intake comment (`context.similarCases`).
 *
 * A search that fails (GitHub's search allows 30 requests a minute) means no cases for that
 * report in this run, never a failed run; after a rate limit the run searches no more, and a run
 * searches for at most 30 reports (the rest are searched for by the next run).
 */
import { caseRecordOf, type CaseRecord } from "../core/cases/case-record.ts";
import { type CaseSearch, caseSearchOf } from "../core/case-search.ts";
import { similarCasesRequest } from "../core/engine/similar-cases.ts";
import type { Issue, SimilarCase } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError } from "../core/tracker.ts";
import { createCaseIndex } from "../similar/rank-similar.ts";
import { caseSearchTerms } from "./case-search-terms.ts";

/** Candidates asked of the tracker per report: the ranking picks the few offered among them. */
const CANDIDATES = 20;

/**
 * Searches one run makes at most: GitHub's search allows 30 a minute, so a scheduled audit of a
 * tracker full of untriaged reports spends a minute on them, not an hour; the others are
 * searched for by the next run (they still need triage then).
 */
export const MAX_SEARCHES_PER_RUN = 30;

export interface SimilarCaseFinder {
  /** The cases to offer on the issue; undefined when it needs none now, or the search failed. */
  find(issue: Issue): Promise<SimilarCase[] | undefined>;
}

export interface SimilarCaseFinderOptions {
  /** The tracker: searched when it implements the case-search port. */
  tracker: object;
  rules: Rules;
  now: number;
  /** Told why a report got no cases although it needed them (a failed search). */
  onProblem?: (message: string) => void;
  /** Searches this run makes at most (default `MAX_SEARCHES_PER_RUN`). */
  maxSearches?: number;
}

const NONE: SimilarCaseFinder = { find: () => Promise.resolve(undefined) };

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const toSimilarCase = (record: CaseRecord): SimilarCase => ({
  id: record.id,
  key: record.key,
  url: record.url,
  title: record.title,
  rootCause: record.rootCause,
  solution: record.solution,
});

interface Candidate {
  id: string;
  title: string;
  body: string;
  rootCause: string;
  solution: string;
  record: CaseRecord;
}

/** A finder for one run: case records are made once per candidate and kept for the run. */
export function createSimilarCaseFinder(options: SimilarCaseFinderOptions): SimilarCaseFinder {
  const { rules, now } = options;
  const search: CaseSearch | undefined = caseSearchOf(options.tracker);
  if (search === undefined || rules.similarCases === undefined) return NONE;
  const records = new Map<string, Candidate | null>();
  let stopped: string | undefined;
  let searchesLeft = options.maxSearches ?? MAX_SEARCHES_PER_RUN;

  const candidateOf = (issue: Issue): Candidate | null => {
    const known = `${issue.id}@${issue.updatedAt ?? ""}`;
    const kept = records.get(known);
    if (kept !== undefined) return kept;
    const result = caseRecordOf(issue, rules, now);
    const candidate = result.ok
      ? { id: issue.id, title: issue.title, body: issue.body, rootCause: result.record.rootCause, solution: result.record.solution, record: result.record }
      : null;
    records.set(known, candidate);
    return candidate;
  };

  return {
    async find(issue) {
      const request = similarCasesRequest(issue, rules, now);
      if (request === undefined) return undefined;
      if (stopped !== undefined || searchesLeft <= 0) return undefined;
      const terms = caseSearchTerms(request.title, request.body);
      if (terms.length === 0) return [];
      searchesLeft--;
      let found: Issue[];
      try {
        found = await search.searchSolved({ issue: issue.id, terms, limit: CANDIDATES });
      } catch (error) {
        if (!isTrackerError(error)) throw error;
        if (error.kind === "rate-limit" || error.kind === "auth") stopped = errorText(error);
        options.onProblem?.(`${issue.id}: no similar cases offered in this run, the search failed: ${errorText(error)}${stopped === undefined ? "" : "; no more searches in this run"}`);
        return undefined;
      }
      // Never the issue itself, never an open one: caseRecordOf keeps completed closures only.
      const cases = found.filter((c) => c.id !== issue.id).flatMap((c) => candidateOf(c) ?? []);
      if (cases.length === 0) return [];
      const ranked = createCaseIndex(cases).rank({ title: request.title, body: request.body }, { threshold: request.threshold, limit: request.limit });
      return ranked.map((match) => toSimilarCase(match.case.record));
    },
  };
}
