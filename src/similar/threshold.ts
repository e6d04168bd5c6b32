/**
 * The normalised score (see rank-similar.ts) at or above which a past case is offered on a new
 * report. Chosen on the labelled set in test/fixtures/similar-cases/ as the lowest threshold that
 * offers nothing on at least 90 % of the reports that repeat no case (`npm run bench` prints the
 * curve; test/similar/labelled-set.test.ts fails when the set no longer chooses this value).
 */
export const SIMILAR_CASE_THRESHOLD = 0.15;

/** How many past cases a report is offered at most. */
export const SIMILAR_CASE_LIMIT = 3;
