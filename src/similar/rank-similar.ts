/**
 * Past cases like a new report, ranked by BM25+ over words that handle Chinese and English.
 *
 * The library is MiniSearch (BM25+ scoring, a custom tokeniser, no dependencies of its own, typed,
 * maintained: 7.2.0 is current). Considered and left: FlexSearch (fast, but its scoring is a
 * contextual rank, not BM25, so no score comparable across queries), Lunr (TF-IDF/BM25 but no
 * release since 2.3.9 and a query syntax that reinterprets `:`, `*`, `~`, `^` typed in a report),
 * wink-bm25-text-search (BM25, but pulls in the wink NLP model and needs a consolidation step
 * with a minimum of documents), okapibm25 (a single function, no index) and Orama (a database
 * with its own tokenisers and stemmers, much larger than this needs).
 *
 * Scores are normalised by the geometric mean of two self-scores, as a cosine normalises a dot
 * product: the report's (the report itself is indexed beside the cases for the query, and scored
 * against itself — the best any document can do for that query under the same statistics) and
 * the case's (its title and report as a query, scored against itself). So 1 is "the two say the
 * same, as strongly", and one threshold means the same for a short report and a long one, a
 * short case and a long one. The report's self-score alone (the first measure) let a case that
 * shares one common topic with a short report ("打印机", "payment page") score as high as a real
 * repeat written in other words; dividing by the case's own score as well ranks the same, but
 * separates the two: on the labelled set, at a threshold that offers nothing on 90 % of the
 * reports that repeat no case, 85 % of the repeats are offered their case instead of 67 %.
 */
import MiniSearch, { type SearchOptions } from "minisearch";
import { reportText } from "./report-text.ts";
import { DEFAULT_TOKENISER, type TokeniserOptions, tokenise } from "./tokenise.ts";

/** What the ranker reads of a past case: a `CaseRecord` has all of it but the body. */
export interface SimilarCandidate {
  id: string;
  title: string;
  /** The report as it was filed, where the candidate comes with it. */
  body?: string;
  rootCause: string;
  solution: string;
}

/** A new report: what the reporter wrote. */
export interface SimilarQuery {
  title: string;
  body?: string;
}

/** One ranked case. */
export interface SimilarMatch<C extends SimilarCandidate> {
  case: C;
  /** MiniSearch's BM25+ score. */
  score: number;
  /** `score` divided by the geometric mean of the report's and the case's self-scores, capped at 1 (see the module comment); compare with `SIMILAR_CASE_THRESHOLD`. */
  normalisedScore: number;
}

/** How cases are ranked. */
export interface RankOptions {
  /** How text becomes terms; the measured default when absent. */
  tokeniser?: TokeniserOptions;
  /** Matches below this normalised score are left out; 0 when absent. */
  threshold?: number;
  /** At most this many matches; all when absent. */
  limit?: number;
  /** Accept English terms one edit apart (typos): on by default. */
  fuzzy?: boolean;
}

/** The weight of each field of a case in the score: the title says most, the cause and fix least. */
const BOOST = { title: 2, body: 1, cause: 0.5 };
const SELF = "\u0000self";

interface IndexedDocument {
  id: string;
  title: string;
  body: string;
  cause: string;
}

/** An index over past cases that ranks many reports (the review ranks every case of a period). */
export interface CaseIndex<C extends SimilarCandidate> {
  /** The cases most like the report, best first; `accept` keeps only the cases it returns true for. */
  rank(report: SimilarQuery, options?: Omit<RankOptions, "tokeniser"> & { accept?: (candidate: C) => boolean }): SimilarMatch<C>[];
}

/** Whether fuzzy matching applies to a term: Latin words long enough that one edit is a typo, not another word. */
const fuzzyTerm = (term: string): number | boolean => (term.length >= 6 && /^[a-z]+$/.test(term) ? 1 : false);

/**
 * The weight of a Chinese bigram or word against an English term. A Chinese sentence gives about
 * one bigram per character, several per idea, and each also yields its glossary words; at full
 * weight the bigrams drown the words that carry the meaning across languages and a Chinese
 * report's self-score dwarfs any match. Chosen on the labelled set (0.3: the ranking puts the
 * repeated case first for every repeat; 1: 51 of 54).
 */
const HAN_TERM_WEIGHT = 0.3;
const boostTerm = (term: string): number => (/\p{Script=Han}/u.test(term) ? HAN_TERM_WEIGHT : 1);

/** An index over the cases, tokenised once. */
export function createCaseIndex<C extends SimilarCandidate>(cases: readonly C[], tokeniser: TokeniserOptions = DEFAULT_TOKENISER): CaseIndex<C> {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const index = new MiniSearch<IndexedDocument>({
    fields: ["title", "body", "cause"],
    tokenize: (text) => tokenise(text, tokeniser),
    processTerm: (term) => term,
  });
  index.addAll([...byId.values()].map((c) => ({ id: c.id, title: c.title, body: reportText(c.body ?? ""), cause: `${c.rootCause}\n${c.solution}` })));
  const fuzzyOf = (fuzzy: boolean | undefined): SearchOptions => (fuzzy === false ? {} : { fuzzy: fuzzyTerm });
  const caseSelfScores = new Map<string, number>();
  const caseSelfScore = (c: C, fuzzy: boolean | undefined): number => {
    const key = `${fuzzy === false ? "exact" : "fuzzy"}:${c.id}`;
    let score = caseSelfScores.get(key);
    if (score === undefined) {
      // The case as a report: its title and report, or its cause and fix when it has neither.
      const text = `${c.title}\n${reportText(c.body ?? "")}`;
      const asReport = text.trim() === "" ? `${c.rootCause}\n${c.solution}` : text;
      score = index.search(asReport, { boost: BOOST, combineWith: "OR", boostTerm, ...fuzzyOf(fuzzy) }).find((r) => r.id === c.id)?.score ?? 0;
      caseSelfScores.set(key, score);
    }
    return score;
  };
  return {
    rank(report, options = {}) {
      const body = reportText(report.body ?? "");
      const self: IndexedDocument = { id: SELF, title: report.title, body, cause: "" };
      const query = `${report.title}\n${body}`;
      const search: SearchOptions = { boost: BOOST, combineWith: "OR", boostTerm, ...fuzzyOf(options.fuzzy) };
      index.add(self);
      const results = index.search(query, search);
      index.remove(self);
      const selfScore = results.find((r) => r.id === SELF)?.score ?? 0;
      const matches: SimilarMatch<C>[] = [];
      for (const result of results) {
        const candidate = byId.get(result.id as string);
        if (candidate === undefined || selfScore === 0) continue;
        if (options.accept !== undefined && !options.accept(candidate)) continue;
        const candidateSelf = caseSelfScore(candidate, options.fuzzy);
        if (candidateSelf === 0) continue;
        const normalisedScore = Math.min(1, result.score / Math.sqrt(selfScore * candidateSelf));
        if (normalisedScore < (options.threshold ?? 0)) continue;
        matches.push({ case: candidate, score: result.score, normalisedScore });
      }
      matches.sort((a, b) => b.normalisedScore - a.normalisedScore || a.case.id.localeCompare(b.case.id));
      return matches.slice(0, options.limit ?? matches.length);
    },
  };
}

/** The past cases most like a new report, best first. */
export function rankSimilar<C extends SimilarCandidate>(report: SimilarQuery, cases: readonly C[], options: RankOptions = {}): SimilarMatch<C>[] {
  return createCaseIndex(cases, options.tokeniser).rank(report, options);
}
